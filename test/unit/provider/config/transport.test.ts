/** The retry budget, CA bundle and TLS opt-out settings, from stack config then env. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveTransport, resolveV2Connection, setStackConfig } from "../../../../provider/config";

const ENV = [
  "INFLUXDB_RETRY_MAX_ATTEMPTS",
  "INFLUXDB_RETRY_MAX_ELAPSED_SECONDS",
  "INFLUXDB_CA_CERT",
  "INFLUXDB_SKIP_SSL_VERIFY",
] as const;

function stack(values: Record<string, string>): void {
  setStackConfig({ get: (key) => values[key] });
}

afterEach(() => {
  setStackConfig(undefined);
  for (const name of ENV) delete process.env[name];
});

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("transport settings", () => {
  it("defaults: 4 attempts, 120 s, verification on, no extra CA", () => {
    expect(resolveTransport("stack config influxdb:token")).toEqual({
      retry: { maxAttempts: 4, maxElapsedMs: 120_000 },
      tls: { skipVerify: false },
      credentialName: "stack config influxdb:token",
    });
  });

  it("stack config wins over the environment", () => {
    process.env.INFLUXDB_RETRY_MAX_ATTEMPTS = "2";
    process.env.INFLUXDB_RETRY_MAX_ELAPSED_SECONDS = "5";
    expect(resolveTransport("x").retry).toEqual({ maxAttempts: 2, maxElapsedMs: 5_000 });
    stack({ "influxdb:retryMaxAttempts": "7", "influxdb:retryMaxElapsedSeconds": "30" });
    expect(resolveTransport("x").retry).toEqual({ maxAttempts: 7, maxElapsedMs: 30_000 });
  });

  it.each([
    [
      "INFLUXDB_RETRY_MAX_ATTEMPTS",
      "0",
      /influxdb:retryMaxAttempts.*environment variable INFLUXDB_RETRY_MAX_ATTEMPTS.*from 1 to 20/,
    ],
    ["INFLUXDB_RETRY_MAX_ATTEMPTS", "many", /influxdb:retryMaxAttempts/],
    ["INFLUXDB_RETRY_MAX_ELAPSED_SECONDS", "-1", /influxdb:retryMaxElapsedSeconds/],
    ["INFLUXDB_SKIP_SSL_VERIFY", "maybe", /influxdb:skipTlsVerify.*true or false.*INFLUXDB_SKIP_SSL_VERIFY/],
    ["INFLUXDB_CA_CERT", "/nonexistent/ca.pem", /influxdb:caCert.*cannot be read \(ENOENT\)/],
  ])("%s=%s is refused with a message naming the setting", (name, value, message) => {
    process.env[name] = value;
    expect(() => resolveTransport("x")).toThrow(message);
  });

  it("skip verification: only an explicit true", () => {
    for (const [value, expected] of [
      ["true", true],
      ["1", true],
      ["false", false],
      ["no", false],
    ] as const) {
      process.env.INFLUXDB_SKIP_SSL_VERIFY = value;
      expect(resolveTransport("x").tls.skipVerify).toBe(expected);
    }
  });

  it("the CA bundle: PEM text inline or a file path", () => {
    stack({ "influxdb:caCert": PEM });
    expect(resolveTransport("x").tls.ca).toBe(PEM.trim()); // settings are trimmed
    const dir = mkdtempSync(path.join(tmpdir(), "pit-ca-"));
    try {
      const file = path.join(dir, "ca.pem");
      writeFileSync(file, PEM);
      stack({ "influxdb:caCert": file });
      expect(resolveTransport("x").tls.ca).toBe(PEM);
      writeFileSync(file, "not a certificate");
      expect(() => resolveTransport("x")).toThrow(/holds no PEM certificate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a connection carries the transport, naming where its credential came from", () => {
    stack({
      "influxdb:url": "http://127.0.0.1:1",
      "influxdb:token": "secret-value",
      "influxdb:retryMaxAttempts": "3",
    });
    const connection = resolveV2Connection();
    expect(connection.transport).toMatchObject({
      retry: { maxAttempts: 3 },
      credentialName: "stack config influxdb:token",
    });
    expect(JSON.stringify(connection.transport)).not.toContain("secret-value");
    expect(resolveV2Connection({ url: "http://127.0.0.1:2", token: "t2" }).transport?.credentialName).toBe(
      "resource input connection.token",
    );
  });
});
