/**
 * Proves test/support/influxd.ts: a real influxd v2.9.1 starts on loopback only, is
 * onboarded, its operator token works, POST /api/v2/authorizations works, and stop()
 * leaves no process and no folder behind; in both token modes.
 *
 * With PIT_RECORD=1 the exchanges are written to ./recorded/<mode>.json (IDs, tokens and
 * times replaced by placeholders), as a reference for the emulator.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InfluxdTestServer, influxdBinary, startInfluxd } from "../../support/influxd";

// A cold build of influxd takes several minutes; CI builds it before the tests.
const BUILD_TIMEOUT_MS = 20 * 60_000;
const RECORD = process.env["PIT_RECORD"] === "1";

beforeAll(async () => {
  await influxdBinary();
}, BUILD_TIMEOUT_MS);

describe.each(["hashed", "plain"] as const)("real influxd 2.9.1, tokens %s", (mode) => {
  let server: InfluxdTestServer;
  const recording: Exchange[] = [];
  const names = new Map<string, string>();

  beforeAll(async () => {
    server = await startInfluxd({ tokenVisibility: mode });
    console.info(`influxd (${mode}) passed /health ${server.startupMs} ms after spawn, at ${server.url}`);
    names.set(server.token, "<operator-token>");
    names.set(server.org.id, "<org-id>");
    names.set(server.user.id, "<user-id>");
    for (const [name, id] of Object.entries(server.buckets)) names.set(id, `<bucket-id:${name}>`);
  });

  afterAll(async () => {
    await server?.stop();
    if (RECORD && recording.length > 0) {
      const dir = path.join(__dirname, "recorded");
      mkdirSync(dir, { recursive: true });
      const text = JSON.stringify(recording, null, 2);
      writeFileSync(path.join(dir, `${mode}.json`), `${placeholders(text, names)}\n`);
    }
  });

  async function call(
    method: string,
    urlPath: string,
    options: { token?: string | null; body?: unknown; text?: string; note?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const token = options.token === undefined ? server.token : options.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers["authorization"] = `Token ${token}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(options.body);
    } else if (options.text !== undefined) {
      headers["content-type"] = "text/plain; charset=utf-8";
      payload = options.text;
    }
    const response = await fetch(`${server.url}${urlPath}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const raw = await response.text();
    let body: unknown = raw;
    if (raw && (response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(raw);
    recording.push({
      ...(options.note ? { note: options.note } : {}),
      request: {
        method,
        path: urlPath,
        auth: token === null ? "none" : token === server.token ? "operator" : "created",
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.text !== undefined ? { body: options.text } : {}),
      },
      response: { status: response.status, body },
    });
    return { status: response.status, body };
  }

  it("is healthy, reports v2.9.1 and is onboarded", async () => {
    const health = await call("GET", "/health", { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "pass", version: "v2.9.1" });

    const setup = await call("GET", "/api/v2/setup", { token: null, note: "onboarding is closed" });
    expect(setup.body).toEqual({ allowed: false });

    expect(server.kind).toBe("influxd");
    expect(server.tokenVisibility).toBe(mode);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(server.buckets).sort()).toEqual(["logs", "telemetry"]);
  });

  it("listens on its loopback port and nowhere else", () => {
    const port = Number(new URL(server.url).port);
    const sockets = socketsOf(server.pid);
    expect(sockets.filter((s) => s.proto.startsWith("tcp") && s.listening)).toEqual([
      { proto: "tcp", address: "127.0.0.1", port, listening: true },
    ]);
    // No bound-but-unconnected UDP socket (a UDP "listener").
    expect(sockets.filter((s) => s.proto.startsWith("udp") && s.listening)).toEqual([]);
  });

  it("accepts the operator token", async () => {
    const me = await call("GET", "/api/v2/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: server.user.id, name: "admin" });

    const orgs = await call("GET", "/api/v2/orgs?org=my-org");
    expect(orgs.body).toMatchObject({ orgs: [{ id: server.org.id, name: "my-org" }] });

    const buckets = await call("GET", `/api/v2/buckets?orgID=${server.org.id}`);
    const byName = Object.fromEntries(
      (buckets.body as { buckets: { id: string; name: string }[] }).buckets.map((b) => [b.name, b.id]),
    );
    expect(byName).toMatchObject(server.buckets);

    const list = await call("GET", "/api/v2/authorizations", { note: "only the operator token exists" });
    const auths = (list.body as { authorizations: { token: string; userID: string }[] }).authorizations;
    expect(auths).toHaveLength(1);
    expect(auths[0]?.userID).toBe(server.user.id);
    expect(auths[0]?.token).toBe(mode === "plain" ? server.token : "");

    const anonymous = await call("GET", "/api/v2/authorizations", { token: null, note: "no token" });
    expect(anonymous.status).toBe(401);
  });

  it("creates, reads, updates and deletes an authorization", async () => {
    const { telemetry, logs } = server.buckets as { telemetry: string; logs: string };
    const created = await call("POST", "/api/v2/authorizations", {
      body: {
        orgID: server.org.id,
        description: "integration test token",
        permissions: [
          { action: "read", resource: { type: "buckets", id: telemetry, orgID: server.org.id } },
          { action: "write", resource: { type: "buckets", id: logs, orgID: server.org.id } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const auth = created.body as { id: string; token: string; status: string; userID: string };
    expect(auth.token).toMatch(/^\S{20,}$/);
    expect(auth).toMatchObject({ status: "active", userID: server.user.id });
    names.set(auth.token, "<created-token>");
    names.set(auth.id, "<created-auth-id>");

    // The new token does what its permissions say, and no more.
    expect((await call("GET", `/api/v2/buckets/${telemetry}`, { token: auth.token })).status).toBe(200);
    const write = await call("POST", "/api/v2/write?org=my-org&bucket=logs&precision=s", {
      token: auth.token,
      text: "events,host=a count=1i 1700000000",
    });
    expect(write.status).toBe(204);
    const denied = await call("POST", "/api/v2/write?org=my-org&bucket=telemetry&precision=s", {
      token: auth.token,
      text: "events,host=a count=1i 1700000000",
      note: "read-only on telemetry",
    });
    expect(denied.status).toBeGreaterThanOrEqual(400);

    const read = await call("GET", `/api/v2/authorizations/${auth.id}`);
    expect(read.status).toBe(200);
    expect((read.body as { token: string }).token).toBe(mode === "plain" ? auth.token : "");

    const patched = await call("PATCH", `/api/v2/authorizations/${auth.id}`, {
      body: { status: "inactive", description: "disabled by the test" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: "inactive", description: "disabled by the test" });
    expect((patched.body as { token: string }).token).toBe(mode === "plain" ? auth.token : "");
    const inactive = await call("GET", `/api/v2/buckets/${telemetry}`, {
      token: auth.token,
      note: "inactive token",
    });
    expect(inactive.status).toBe(401);

    // influxd does not check that a permission's resource exists (the emulator must not either).
    const dangling = await call("POST", "/api/v2/authorizations", {
      body: {
        orgID: server.org.id,
        permissions: [{ action: "read", resource: { type: "buckets", id: "0000000000000001" } }],
      },
      note: "permission on a bucket that does not exist: accepted",
    });
    expect(dangling.status).toBe(201);
    const danglingAuth = dangling.body as { id: string; token: string };
    names.set(danglingAuth.token, "<dangling-token>");
    names.set(danglingAuth.id, "<dangling-auth-id>");
    expect((await call("DELETE", `/api/v2/authorizations/${danglingAuth.id}`)).status).toBe(204);

    expect((await call("DELETE", `/api/v2/authorizations/${auth.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v2/authorizations/${auth.id}`)).status).toBe(404);
  });

  it("stop() leaves no process and no folder behind", async () => {
    const { pid, dataDir } = server;
    expect(isRunning(pid)).toBe(true);
    expect(existsSync(dataDir)).toBe(true);
    await server.stop();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    await server.stop(); // idempotent
  });
});

describe("startInfluxd options", () => {
  it('refuses tokenVisibility "redacted", which only Cloud (and the emulator) has', async () => {
    await expect(startInfluxd({ tokenVisibility: "redacted" })).rejects.toThrow(/Cloud/);
  });
});

interface Exchange {
  note?: string;
  request: { method: string; path: string; auth: string; body?: unknown };
  response: { status: number; body: unknown };
}

/** Replaces run-specific values so that re-recording only shows real changes. */
function placeholders(text: string, names: Map<string, string>): string {
  let out = text;
  for (const [value, name] of names) out = out.split(value).join(name);
  return out.replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"').replace(/\b[0-9a-f]{16}\b/g, "<id>"); // IDs the test did not name (system buckets, operator auth)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Socket {
  proto: string;
  address: string;
  port: number;
  listening: boolean;
}

/** The process's TCP/UDP sockets from /proc: TCP in LISTEN state, UDP bound without a peer. */
function socketsOf(pid: number): Socket[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // the fd closed meanwhile
    }
  }
  const sockets: Socket[] = [];
  for (const proto of ["tcp", "tcp6", "udp", "udp6"]) {
    const lines = readFileSync(`/proc/${pid}/net/${proto}`, "utf8").trim().split("\n").slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [local, remote, state, inode] = [fields[1], fields[2], fields[3], fields[9]];
      if (!local || !remote || !state || !inode || !inodes.has(inode)) continue;
      const [addressHex = "", portHex = ""] = local.split(":");
      const listening = proto.startsWith("tcp") ? state === "0A" : /^0+:0+$/.test(remote);
      sockets.push({
        proto,
        address: decodeAddress(addressHex),
        port: Number.parseInt(portHex, 16),
        listening,
      });
    }
  }
  return sockets;
}

/** /proc/net addresses are hex, in 32-bit words of host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [6, 4, 2, 0].map((i) => Number.parseInt(w.slice(i, i + 2), 16)));
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(":");
}
