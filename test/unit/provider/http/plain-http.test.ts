/**
 * An https:// URL whose server speaks plain HTTP: OpenSSL's "wrong version number" becomes the
 * cause and the fix in plain words, and the request is not retried (the answer will not change).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeHttpAgent, InfluxApiError, request, withRetry } from "../../../../provider/http";
import { answeredPlainHttp, isLastingTlsFailure } from "../../../../provider/http/request";

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("plain"));
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await closeHttpAgent();
  await new Promise((resolve) => server.close(resolve));
});

describe("https:// against a plain-HTTP server", () => {
  it("says the server answered plain HTTP, gives the http:// URL, and tries once", async () => {
    connections = 0;
    const send = withRetry(request, { sleep: async () => {} });
    const error = await send({
      method: "GET",
      baseUrl: `https://127.0.0.1:${port}`,
      path: "/api/v2/orgs",
      authorization: "Token sekrit",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxApiError);
    const message = (error as InfluxApiError).message;
    expect(message).toContain(
      `the server at https://127.0.0.1:${port} answered plain HTTP to an HTTPS request: ` +
        `use http://127.0.0.1:${port} (or enable TLS on the server)`,
    );
    expect(message).not.toMatch(/wrong version number|tls_validate_record_header/);
    expect(message).not.toContain("gave up after");
    expect((error as InfluxApiError).retryable).toBe(false);
    expect(connections).toBe(1);
  });

  it("keeps the default port and a path prefix in the URL to use", () => {
    const cause = Object.assign(new Error("wrong version number"), { code: "ERR_SSL_WRONG_VERSION_NUMBER" });
    expect(answeredPlainHttp(cause, "https://influx.example.com/prefix/")).toBe(
      "the server at https://influx.example.com/prefix answered plain HTTP to an HTTPS request: " +
        "use http://influx.example.com:443/prefix (or enable TLS on the server)",
    );
    expect(answeredPlainHttp(new Error("connect ECONNREFUSED"), "https://x")).toBeUndefined();
  });

  it("counts certificate and handshake failures as lasting, refused connections not", () => {
    const failure = (code: string) => Object.assign(new Error(code), { code });
    for (const code of [
      "ERR_SSL_WRONG_VERSION_NUMBER",
      "SELF_SIGNED_CERT_IN_CHAIN",
      "CERT_HAS_EXPIRED",
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
    ]) {
      expect(isLastingTlsFailure(failure(code)), code).toBe(true);
    }
    for (const code of ["ECONNREFUSED", "ECONNRESET", "UND_ERR_CONNECT_TIMEOUT"]) {
      expect(isLastingTlsFailure(failure(code)), code).toBe(false);
    }
  });
});
