/**
 * Connect, headers and body timeouts each say which one and name the URL; TLS with a private CA
 * works, an untrusted certificate fails with the setting that fixes it, and skipping verification
 * works only when asked and prints a warning. The certificate is made at test time.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveTransport, setStackConfig } from "../../../../provider/config";
import { closeHttpAgent, InfluxApiError, request } from "../../../../provider/http";

const servers: Array<Server | TcpServer> = [];
const sockets = new Set<import("node:net").Socket>();
const dir = mkdtempSync(path.join(tmpdir(), "pit-tls-"));

async function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  servers.push(server);
  server.on("connection", (socket: import("node:net").Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterAll(async () => {
  await closeHttpAgent();
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<InfluxApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InfluxApiError);
  return error as InfluxApiError;
}

describe("timeouts", () => {
  it("connect: a server that accepts TCP but never finishes the TLS handshake", async () => {
    const port = await listen(createTcpServer(() => {}));
    const error = await failure(
      request({
        method: "GET",
        baseUrl: `https://127.0.0.1:${port}`,
        path: "/api/v2/authorizations/0123456789abcdef",
        authorization: "Token t",
        timeouts: { connectMs: 150 },
      }),
    );
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("connect timeout: no connection within 150 ms");
    expect(error.message).toContain(`https://127.0.0.1:${port}/api/v2/authorizations/0123456789abcdef`);
  });

  it("headers: no response headers in time", async () => {
    const port = await listen(createHttpServer(() => {}));
    const error = await failure(
      request({
        method: "GET",
        baseUrl: `http://127.0.0.1:${port}`,
        path: "/slow",
        authorization: "Token t",
        timeouts: { headersMs: 150 },
      }),
    );
    expect(error.message).toContain(
      `headers timeout: no response headers within 150 ms from http://127.0.0.1:${port}/slow`,
    );
  });

  it("body: headers arrive, then the body stalls", async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":');
      }),
    );
    const error = await failure(
      request({
        method: "GET",
        baseUrl: `http://127.0.0.1:${port}`,
        path: "/stall",
        authorization: "Token t",
        timeouts: { bodyMs: 150 },
      }),
    );
    expect(error.status).toBe(200);
    expect(error.message).toContain(
      `body timeout: the response body stalled for 150 ms from http://127.0.0.1:${port}/stall`,
    );
  });
});

function makeCertificate(): { key: string; cert: string } | undefined {
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(path.join(dir, "key.pem"), "utf8"),
      cert: readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } catch {
    return undefined;
  }
}

describe("TLS with a self-signed certificate", () => {
  const pair = makeCertificate();
  // openssl is part of the toolchain the README asks for; say so loudly instead of passing.
  if (pair === undefined)
    console.warn("SKIPPED: openssl is not available, the TLS tests cannot make a certificate");
  let url: string;
  beforeAll(async () => {
    if (pair === undefined) return;
    const port = await listen(
      createHttpsServer(pair, (_req, res) =>
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'),
      ),
    );
    url = `https://127.0.0.1:${port}`;
  });

  it.skipIf(pair === undefined)("is refused by default, with the setting that fixes it", async () => {
    const error = await failure(
      request({ method: "GET", baseUrl: url, path: "/ping", authorization: "Token t" }),
    );
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED/);
    expect(error.message).toContain("influxdb:caCert");
    expect(error.message).toContain("INFLUXDB_CA_CERT");
    expect(error.message).toContain("INFLUXDB_SKIP_SSL_VERIFY");
  });

  it.skipIf(pair === undefined)("is trusted with influxdb:caCert as a file path or as PEM text", async () => {
    const file = path.join(dir, "cert.pem");
    writeFileSync(file, pair!.cert);
    try {
      for (const caCert of [file, pair!.cert]) {
        // The setting's real path: stack config, read and checked by resolveTransport.
        setStackConfig({ get: (key) => (key === "influxdb:caCert" ? caCert : undefined) });
        const { tls } = resolveTransport("stack config influxdb:token");
        const response = await request({
          method: "GET",
          baseUrl: url,
          path: "/ping",
          authorization: "Token t",
          tls,
        });
        expect(response.body).toEqual({ ok: true });
      }
    } finally {
      setStackConfig(undefined);
    }
  });

  it.skipIf(pair === undefined)(
    "skipping verification works only when asked, and warns once per server",
    async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        for (let i = 0; i < 2; i++) {
          const response = await request({
            method: "GET",
            baseUrl: url,
            path: "/ping",
            authorization: "Token t",
            tls: { skipVerify: true },
          });
          expect(response.status).toBe(200);
        }
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]?.[0])).toMatch(
          /TLS certificate verification is OFF for https:\/\/127\.0\.0\.1:\d+ .*INFLUXDB_SKIP_SSL_VERIFY/,
        );
      } finally {
        warn.mockRestore();
      }
    },
  );
});
