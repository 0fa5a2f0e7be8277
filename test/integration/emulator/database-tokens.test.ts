import { afterEach, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";

/** Emulator-only behaviour of database tokens: revocation modes, activation delay, the data API. */
describe("database tokens on the emulator", () => {
  let server: EmulatorTestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const mgmt = async (s: EmulatorTestServer, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}/api/v0${path}`, {
      method,
      headers: { Authorization: `Bearer ${s.emulator.managementToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const write = (s: EmulatorTestServer, token: string, bucket: string) =>
    fetch(`${s.url}/api/v2/write?bucket=${bucket}`, {
      method: "POST",
      headers: { Authorization: `Token ${token}` },
      body: "m f=1",
    }).then((r) => r.status);

  it("revokedDatabaseTokens: visible => GET 200 with revokedAt, listed, PATCH 409, repeated DELETE 204", async () => {
    server = await startEmulatorTestServer({ revokedDatabaseTokens: "visible" });
    const c = await mgmt(server, "POST", "/tokens", {
      description: "v",
      permissions: [{ action: "write", resource: "db" }],
    });
    expect((await mgmt(server, "DELETE", `/tokens/${c.json.id}`)).status).toBe(204);
    const get = await mgmt(server, "GET", `/tokens/${c.json.id}`);
    expect(get.status).toBe(200);
    expect(Date.parse(get.json.revokedAt)).not.toBeNaN();
    const list = await mgmt(server, "GET", "/tokens");
    expect(list.json.find((t: { id: string }) => t.id === c.json.id)?.revokedAt).toBe(get.json.revokedAt);
    expect((await mgmt(server, "PATCH", `/tokens/${c.json.id}`, { description: "x" })).status).toBe(409);
    expect((await mgmt(server, "DELETE", `/tokens/${c.json.id}`)).status).toBe(204);
    expect((await mgmt(server, "GET", `/tokens/${c.json.id}`)).json.revokedAt).toBe(get.json.revokedAt);
    expect(await write(server, c.json.accessToken, "db")).toBe(401);
    expect(server.emulator.state().counts).toMatchObject({ databaseTokens: 1, revokedDatabaseTokens: 1 });
  });

  it("the data API honours permissions, wildcard, expiry and revocation", async () => {
    server = await startEmulatorTestServer();
    const w = await mgmt(server, "POST", "/tokens", {
      description: "w",
      permissions: [{ action: "write", resource: "db1" }],
    });
    const r = await mgmt(server, "POST", "/tokens", {
      description: "r",
      permissions: [{ action: "read", resource: "db1" }],
    });
    const all = await mgmt(server, "POST", "/tokens", {
      description: "*",
      permissions: [{ action: "write", resource: "*" }],
    });
    const expired = await mgmt(server, "POST", "/tokens", {
      description: "old",
      permissions: [{ action: "write", resource: "*" }],
      expiresAt: "2001-01-01T00:00:00Z",
    });
    expect(await write(server, w.json.accessToken, "db1")).toBe(204);
    expect(await write(server, w.json.accessToken, "db2")).toBe(403);
    expect(await write(server, r.json.accessToken, "db1")).toBe(403);
    expect(await write(server, all.json.accessToken, "anything")).toBe(204);
    expect(await write(server, expired.json.accessToken, "db1")).toBe(401);
    await mgmt(server, "PATCH", `/tokens/${w.json.id}`, {
      permissions: [{ action: "write", resource: "db2" }],
    });
    expect(await write(server, w.json.accessToken, "db1")).toBe(403);
    expect(await write(server, w.json.accessToken, "db2")).toBe(204);
    await mgmt(server, "DELETE", `/tokens/${w.json.id}`);
    expect(await write(server, w.json.accessToken, "db2")).toBe(401);
    // Database tokens are for the data API only.
    const list = await fetch(`${server.url}/api/v2/authorizations`, {
      headers: { Authorization: `Token ${all.json.accessToken}` },
    });
    expect(list.status).toBe(401);
  });

  it("activationDelayMs: a new token answers 401 on the data API until it is active", async () => {
    server = await startEmulatorTestServer({ activationDelayMs: 300 });
    const c = await mgmt(server, "POST", "/tokens", {
      description: "slow",
      permissions: [{ action: "write", resource: "db" }],
    });
    expect(await write(server, c.json.accessToken, "db")).toBe(401);
    await new Promise((r) => setTimeout(r, 350));
    expect(await write(server, c.json.accessToken, "db")).toBe(204);
  });
});
