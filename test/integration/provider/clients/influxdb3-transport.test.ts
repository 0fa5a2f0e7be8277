/**
 * The InfluxDB 3 client sends its requests through the same call helper as the v2 and management
 * clients (provider/clients/call.ts), so the transport settings reach them: `influxdb:caCert`
 * (file path or PEM text), `influxdb:skipTlsVerify` with its warning, the retry budget
 * (`influxdb:retryMaxAttempts`, `influxdb:retryMaxElapsedSeconds`) and the credential's setting
 * name in 401 messages. Everything is set the way a user sets it (stack config or environment)
 * and read by the real path: resolveInfluxdb3Connection, then the client or the resource hooks.
 * POSTs keep the retry wrapper's rule: retried only when the server refused them (429/503).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../../../emulator/influxdb3";
import { influxdb3Client } from "../../../../provider/clients/influxdb3/client";
import { resolveInfluxdb3Connection, setStackConfig } from "../../../../provider/config";
import { closeHttpAgent, InfluxApiError } from "../../../../provider/http";
import { namedTokenHooks } from "../../../../provider/resources/influxdb3";
import { type LogLine, setLogSink } from "../../../../provider/shared/log";

const ENV = [
  "INFLUXDB3_HOST_URL",
  "INFLUXDB3_AUTH_TOKEN",
  "INFLUXDB_CA_CERT",
  "INFLUXDB_SKIP_SSL_VERIFY",
  "INFLUXDB_RETRY_MAX_ATTEMPTS",
  "INFLUXDB_RETRY_MAX_ELAPSED_SECONDS",
] as const;
const savedEnv = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

const dir = mkdtempSync(path.join(tmpdir(), "pit-influxdb3-tls-"));
const servers: Server[] = [];
const sockets = new Set<Socket>();
let emulator: Influxdb3Emulator | undefined;

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on("connection", (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function stack(values: Record<string, string>): void {
  setStackConfig({ get: (key) => values[key] });
}

afterEach(() => {
  setStackConfig(undefined);
  setLogSink(undefined);
  for (const name of ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

afterAll(async () => {
  await closeHttpAgent();
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<InfluxApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InfluxApiError);
  return error as InfluxApiError;
}

/** A client built the way the resource hooks build it: from the settings, at call time. */
function configuredClient() {
  const connection = resolveInfluxdb3Connection(undefined, { tokenRequired: true });
  return { client: influxdb3Client(connection), token: connection.token as string };
}

function makeCertificate(): { key: string; cert: string; file: string } | undefined {
  const file = path.join(dir, "cert.pem");
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
        file,
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(file, "utf8"), file };
  } catch {
    return undefined;
  }
}

describe("TLS settings reach InfluxDB 3 requests (an https server with a self-signed certificate)", () => {
  const pair = makeCertificate();
  // openssl is part of the toolchain the README asks for; say so loudly instead of passing.
  if (pair === undefined)
    console.warn("SKIPPED: openssl is not available, the InfluxDB 3 TLS tests cannot make a certificate");
  let url = "";
  let operator = "";

  beforeAll(async () => {
    if (pair === undefined) return;
    emulator = await startInfluxdb3Emulator({ edition: "core" });
    const upstream = new URL(emulator.url);
    // TLS in front of the emulator: every request is passed through unchanged.
    const port = await listen(
      createHttpsServer({ key: pair.key, cert: pair.cert }, (req, res) => {
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on("error", () => res.destroy());
        req.pipe(forward);
      }),
    );
    url = `https://127.0.0.1:${port}`;
    const created = await fetch(`${emulator.url}/api/v3/configure/token/admin`, { method: "POST" });
    operator = ((await created.json()) as { token: string }).token;
  });

  it.skipIf(pair === undefined)(
    "an untrusted certificate is refused, naming the settings that fix it",
    async () => {
      stack({ "influxdb:influxdb3Url": url, "influxdb:influxdb3Token": operator });
      const { client, token } = configuredClient();
      const error = await failure(client.ping(token));
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED/);
      for (const setting of [
        "influxdb:caCert",
        "INFLUXDB_CA_CERT",
        "influxdb:skipTlsVerify",
        "INFLUXDB_SKIP_SSL_VERIFY",
      ]) {
        expect(error.message).toContain(setting);
      }
      expect(error.message).not.toContain(operator);
    },
  );

  it.skipIf(pair === undefined)("influxdb:caCert as a file path trusts the server", async () => {
    stack({
      "influxdb:influxdb3Url": url,
      "influxdb:influxdb3Token": operator,
      "influxdb:caCert": pair!.file,
    });
    const { client, token } = configuredClient();
    expect(await client.ping(token)).toEqual({ build: "Core", version: expect.any(String) });
    expect((await client.listTokens(token)).map((row) => row.name)).toContain("_admin");
  });

  it.skipIf(pair === undefined)("INFLUXDB_CA_CERT as PEM text trusts the server", async () => {
    process.env.INFLUXDB3_HOST_URL = url;
    process.env.INFLUXDB3_AUTH_TOKEN = operator;
    process.env.INFLUXDB_CA_CERT = pair!.cert;
    const { client, token } = configuredClient();
    expect((await client.ping(token)).build).toBe("Core");
  });

  it.skipIf(pair === undefined)(
    "the AdminToken hooks create a token over TLS trusted by influxdb:caCert",
    async () => {
      stack({
        "influxdb:influxdb3Url": url,
        "influxdb:influxdb3Token": operator,
        "influxdb:caCert": pair!.cert,
      });
      const hooks = namedTokenHooks("AdminToken");
      const checked = await hooks.check({}, { name: "over-tls" });
      expect(checked.failures ?? []).toEqual([]);
      const created = await hooks.create(checked.inputs);
      expect(created.id).toBe("over-tls");
      expect(emulator!.state().tokens.map((t) => t.name)).toContain("over-tls");
      // The same create without the CA fails before anything is sent to the server's token API.
      stack({ "influxdb:influxdb3Url": url, "influxdb:influxdb3Token": operator });
      const refused = await hooks
        .create((await hooks.check({}, { name: "untrusted" })).inputs)
        .catch((e) => e);
      expect(String(refused)).toContain("influxdb:caCert");
      expect(emulator!.state().tokens.map((t) => t.name)).not.toContain("untrusted");
    },
  );

  it.skipIf(pair === undefined)("a 401 names the setting the credential came from", async () => {
    stack({
      "influxdb:influxdb3Url": url,
      "influxdb:influxdb3Token": "apiv3_not-a-token-of-this-server",
      "influxdb:caCert": pair!.cert,
    });
    const { client, token } = configuredClient();
    const error = await failure(client.ping(token));
    expect(error.status).toBe(401);
    expect(error.message).toContain("Credential used: stack config influxdb:influxdb3Token");
    expect(error.message).not.toContain("not-a-token-of-this-server");
  });

  // Last: the warning is printed once per server and process.
  it.skipIf(pair === undefined)(
    "influxdb:skipTlsVerify works, with its warning in the engine log",
    async () => {
      const lines: LogLine[] = [];
      setLogSink((line) => lines.push(line));
      stack({
        "influxdb:influxdb3Url": url,
        "influxdb:influxdb3Token": operator,
        "influxdb:skipTlsVerify": "true",
      });
      const { client, token } = configuredClient();
      expect((await client.ping(token)).build).toBe("Core");
      expect(lines).toEqual([
        {
          level: "warn",
          message: expect.stringMatching(
            /^TLS certificate verification is OFF for https:\/\/127\.0\.0\.1:\d+ \(influxdb:skipTlsVerify \/ INFLUXDB_SKIP_SSL_VERIFY\)/,
          ),
        },
      ]);
    },
  );
});

describe("the retry budget reaches InfluxDB 3 requests", () => {
  let url = "";
  let attempts = 0;
  let answer: (res: import("node:http").ServerResponse) => void = () => {};

  beforeAll(async () => {
    const port = await listen(
      createHttpServer((req, res) => {
        attempts++;
        req.resume();
        req.on("end", () => answer(res));
      }),
    );
    url = `http://127.0.0.1:${port}`;
  });

  const unavailable = (retryAfterSeconds: number) => (res: import("node:http").ServerResponse) =>
    res
      .writeHead(503, { "content-type": "application/json", "retry-after": String(retryAfterSeconds) })
      .end('{"error": "unavailable"}');

  async function attemptsOf(send: (client: ReturnType<typeof configuredClient>) => Promise<unknown>) {
    attempts = 0;
    const error = await failure(send(configuredClient()));
    return { attempts, error };
  }

  it("influxdb:retryMaxAttempts sets how many attempts a GET makes against a 503", async () => {
    answer = unavailable(0);
    for (const [setting, expected] of [
      [undefined, 4],
      ["1", 1],
      ["2", 2],
      ["6", 6],
    ] as const) {
      stack({
        "influxdb:influxdb3Url": url,
        "influxdb:influxdb3Token": "apiv3_retry",
        ...(setting === undefined ? {} : { "influxdb:retryMaxAttempts": setting }),
      });
      const { attempts: made, error } = await attemptsOf(({ client, token }) => client.findToken(token, "x"));
      expect(made).toBe(expected);
      expect(error.status).toBe(503);
      if (expected > 1) expect(error.message).toContain(`gave up after ${expected} attempts`);
    }
  });

  it("INFLUXDB_RETRY_MAX_ATTEMPTS works the same, and influxdb:retryMaxElapsedSeconds bounds the waits", async () => {
    process.env.INFLUXDB3_HOST_URL = url;
    process.env.INFLUXDB3_AUTH_TOKEN = "apiv3_retry";
    process.env.INFLUXDB_RETRY_MAX_ATTEMPTS = "3";
    answer = unavailable(0);
    expect((await attemptsOf(({ client, token }) => client.ping(token))).attempts).toBe(3);
    // The server asks for a 1 s wait; a budget of 0.5 s starts no second attempt.
    answer = unavailable(1);
    stack({ "influxdb:retryMaxElapsedSeconds": "0.5" });
    expect((await attemptsOf(({ client, token }) => client.ping(token))).attempts).toBe(1);
  });

  it("a POST is retried only when the server refused it (503), within the same budget", async () => {
    stack({
      "influxdb:influxdb3Url": url,
      "influxdb:influxdb3Token": "apiv3_retry",
      "influxdb:retryMaxAttempts": "3",
    });
    answer = unavailable(0);
    const refused = await attemptsOf(({ client, token }) =>
      client.createNamedAdminToken(token, "ci", undefined),
    );
    expect(refused.attempts).toBe(3);
    // A 502 or a lost answer may come after the token was created: one attempt only.
    answer = (res) => res.writeHead(502).end("bad gateway");
    const bad = await attemptsOf(({ client, token }) => client.createNamedAdminToken(token, "ci", undefined));
    expect(bad.attempts).toBe(1);
    answer = (res) => res.socket?.destroy();
    const lost = await attemptsOf(({ client, token }) =>
      client.createNamedAdminToken(token, "ci", undefined),
    );
    expect(lost.attempts).toBe(1);
    expect(lost.error.status).toBeUndefined();
  });
});
