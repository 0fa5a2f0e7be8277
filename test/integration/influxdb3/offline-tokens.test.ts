import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type Influxdb3Emulator,
  readAdminTokenFile,
  readPermissionTokensFile,
  startInfluxdb3Emulator,
} from "../../../emulator/influxdb3";
import { closeHttpAgent } from "../../../provider/http";
import { influxdb3Client } from "../../../provider/resources/influxdb3";
import { offlineTokensHooks } from "../../../provider/resources/influxdb3/offline-tokens-hooks";
import { type LogLine, setLogSink } from "../../../provider/shared/log";

/**
 * OfflineTokens against the emulator started with the files it generated, read back from disk as
 * `influxdb3 serve --admin-token-file / --permission-tokens-file` reads them: the server accepts the
 * tokens, and a refresh reports what it loaded (behaviour D.11).
 */
const dir = mkdtempSync(path.join(tmpdir(), "offline-tokens-"));
const servers: Influxdb3Emulator[] = [];
const logged: LogLine[] = [];
setLogSink((line) => logged.push(line));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  logged.length = 0;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  setLogSink(undefined);
  return closeHttpAgent();
});

function writeSecretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

const noWarning = (line: string) => {
  throw new Error(`unexpected warning: ${line}`);
};

const perms = {
  writer: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
};

describe("OfflineTokens with the emulator started from its files", () => {
  it("the server loads the admin token: it authenticates, and refresh says loaded", async () => {
    const hooks = offlineTokensHooks();
    const { id, outs } = await hooks.create({ adminTokenName: "ops", adminTokenExpiresIn: "30d" });
    const file = writeSecretFile("admin.json", outs.adminTokenFile);
    const server = await startInfluxdb3Emulator({
      edition: "core",
      adminTokenFiles: [readAdminTokenFile(file, noWarning)],
    });
    servers.push(server);
    const client = influxdb3Client({ url: server.url, token: outs.adminToken });
    const row = await client.findToken(outs.adminToken, "ops");
    expect(row?.hash).toBe(outs.hashPrefixes.ops);
    expect(Date.parse(`${row?.expiry}Z`)).toBe(Date.parse(outs.expiresAt.ops));
    const refreshed = await hooks.read(id, { ...outs, connection: { url: server.url } });
    expect(refreshed.props?.["loadStatus"]).toEqual({ ops: "loaded" });
    expect(refreshed.props?.["adminToken"]).toBe(outs.adminToken);
  });

  it("Enterprise: create_databases and the resource tokens are loaded; the writer may write only", async () => {
    const hooks = offlineTokensHooks();
    const { id, outs } = await hooks.create({
      createDatabases: ["sensors"],
      permissionTokens: [{ name: "telegraf", permissions: perms.writer, expiresIn: "1d" }],
    });
    const server = await startInfluxdb3Emulator({
      edition: "enterprise",
      adminTokenFiles: [readAdminTokenFile(writeSecretFile("a.json", outs.adminTokenFile), noWarning)],
      permissionTokenFiles: [
        readPermissionTokensFile(writeSecretFile("p.json", outs.permissionTokensFile as string), noWarning),
      ],
    });
    servers.push(server);
    expect(server.state().databases).toContain("sensors");
    const telegraf = (outs.permissionTokenValues as Record<string, string>)["telegraf"] as string;
    const snapshot = server.state().tokens.find((token) => token.name === "telegraf");
    expect(snapshot?.permissions).toBe("db:sensors:write");
    expect(snapshot?.hash.slice(0, 9)).toBe(outs.hashPrefixes.telegraf);
    // A resource token cannot manage tokens: it authenticates but is refused (403).
    const denied = await fetch(`${server.url}/api/v3/configure/token/named_admin`, {
      method: "POST",
      headers: { authorization: `Bearer ${telegraf}`, "content-type": "application/json" },
      body: JSON.stringify({ token_name: "x" }),
    });
    expect(denied.status).toBe(403);
    const refreshed = await hooks.read(id, { ...outs, connection: { url: server.url } });
    expect(refreshed.props?.["loadStatus"]).toEqual({ _admin: "loaded", telegraf: "loaded" });
  });

  it("a name that exists with another token: the file was skipped, refresh warns name-taken and deletes nothing", async () => {
    const hooks = offlineTokensHooks();
    // The server loaded an older `_admin` file; this stack's new `_admin` file is skipped (same name).
    const older = await hooks.create({});
    const { id, outs } = await hooks.create({});
    const server = await startInfluxdb3Emulator({
      edition: "core",
      adminTokenFiles: [JSON.parse(older.outs.adminTokenFile), JSON.parse(outs.adminTokenFile)],
    });
    servers.push(server);
    const checked = await hooks.read(id, {
      ...outs,
      connection: { url: server.url, token: older.outs.adminToken },
    });
    expect(checked.props?.["loadStatus"]).toEqual({ _admin: "name-taken" });
    expect(logged.some((line) => line.level === "warn" && /kept the older token/.test(line.message))).toBe(
      true,
    );
    expect(logged.map((line) => line.message).join("\n")).not.toContain(outs.adminToken);
    expect(server.state().tokens.map((token) => token.name)).toEqual(["_admin"]);
    expect(server.state().tokens[0]?.hash.slice(0, 9)).toBe(older.outs.hashPrefixes._admin);
  });

  it("a server without the file: the own admin token gets 401, refresh says not-loaded and warns", async () => {
    const hooks = offlineTokensHooks();
    const { id, outs } = await hooks.create({ adminTokenName: "ops" });
    const server = await startInfluxdb3Emulator({ edition: "core" });
    servers.push(server);
    const checked = await hooks.read(id, { ...outs, connection: { url: server.url } });
    expect(checked.props?.["loadStatus"]).toEqual({ ops: "not-loaded" });
    expect(checked.props?.["adminToken"]).toBe(outs.adminToken);
    expect(logged.some((line) => /did not load the admin token file/.test(line.message))).toBe(true);
  });

  it("a token deleted through the API comes back at restart (so destroy only forgets)", async () => {
    const hooks = offlineTokensHooks();
    const { id, outs } = await hooks.create({ adminTokenName: "ops" });
    const server = await startInfluxdb3Emulator({
      edition: "core",
      adminTokenFiles: [JSON.parse(outs.adminTokenFile)],
    });
    servers.push(server);
    await hooks.delete(id, outs);
    expect(server.state().tokens.map((token) => token.name)).toEqual(["ops"]);
    const client = influxdb3Client({ url: server.url, token: outs.adminToken });
    const bootstrap = await fetch(`${server.url}/api/v3/configure/token/admin`, { method: "POST" });
    const operator = ((await bootstrap.json()) as { token: string }).token;
    expect(await client.deleteToken(operator, "ops")).toBe(true);
    const missing = await hooks.read(id, { ...outs, connection: { url: server.url, token: operator } });
    expect(missing.props?.["loadStatus"]).toEqual({ ops: "not-loaded" });
    server.restart();
    const back = await hooks.read(id, { ...outs, connection: { url: server.url } });
    expect(back.props?.["loadStatus"]).toEqual({ ops: "loaded" });
  });
});
