import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";

/** Admin endpoint, request log and fault injection ("for tests and operators"). */
describe("admin endpoint, request log, faults", () => {
  let server: EmulatorTestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const admin = (s: EmulatorTestServer, method: string, path: string, auth: string | null, body?: unknown) =>
    fetch(`${s.url}/__emulator/${path}`, {
      method,
      headers: auth === null ? {} : { Authorization: auth, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const post = (s: EmulatorTestServer, description: string) =>
    fetch(`${s.url}/api/v2/authorizations`, {
      method: "POST",
      headers: { Authorization: `Token ${s.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        orgID: s.org.id,
        description,
        permissions: [{ action: "read", resource: { type: "buckets", orgID: s.org.id } }],
      }),
    });

  it("every admin call needs the operator or the management token", async () => {
    server = await startEmulatorTestServer();
    for (const auth of [null, "Token wrong", `Bearer ${"x".repeat(88)}`]) {
      const r = await admin(server, "GET", "state", auth);
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ code: "unauthorized", message: "unauthorized access" });
    }
    expect((await admin(server, "GET", "state", `Token ${server.token}`)).status).toBe(200);
    expect((await admin(server, "GET", "state", `Bearer ${server.emulator.managementToken}`)).status).toBe(
      200,
    );
    // A non-operator v2 token is not enough.
    const created = (await (await post(server, "reader")).json()) as { token: string };
    expect((await admin(server, "GET", "requests", `Token ${created.token}`)).status).toBe(401);
  });

  it("GET/DELETE requests: method, path, query, status, time; no token values; admin calls not logged", async () => {
    server = await startEmulatorTestServer();
    const auth = `Token ${server.token}`;
    await fetch(`${server.url}/api/v2/authorizations?token=secret-value&org=my-org`, {
      headers: { Authorization: auth },
    });
    await post(server, "logged");
    const r = await admin(server, "GET", "requests", auth);
    const { requests } = (await r.json()) as {
      requests: { method: string; path: string; query: Record<string, string>; status: number; at: string }[];
    };
    expect(requests.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/api/v2/authorizations", 200],
      ["POST", "/api/v2/authorizations", 201],
    ]);
    expect(requests[0]?.query).toEqual({ token: "[redacted]", org: "my-org" });
    expect(JSON.stringify(requests)).not.toContain(server.token);
    expect(Date.parse(requests[0]?.at ?? "")).not.toBeNaN();
    expect((await admin(server, "DELETE", "requests", auth)).status).toBe(204);
    expect(server.emulator.requestLog()).toEqual([]);
  });

  it("GET state: counts and plain data without token values", async () => {
    server = await startEmulatorTestServer();
    await post(server, "counted");
    const state = (await (await admin(server, "GET", "state", `Token ${server.token}`)).json()) as {
      counts: { authorizations: number };
      authorizations: Record<string, unknown>[];
    };
    expect(state.counts.authorizations).toBe(2);
    expect(state.authorizations.map((a) => a["description"])).toEqual(["admin's Token", "counted"]);
    expect(JSON.stringify(state)).not.toMatch(/token"|tokenHash/);
  });

  it("PUT/GET faults: validated; 503 with Retry-After on matching requests only; never on /__emulator", async () => {
    server = await startEmulatorTestServer({ seed: 5 });
    const auth = `Token ${server.token}`;
    const bad = await admin(server, "PUT", "faults", auth, { rate503: 2 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("rate503");
    const ok = await admin(server, "PUT", "faults", auth, {
      rate503: 1,
      retryAfterSeconds: 7,
      methods: ["post"],
      paths: "^/api/v2/auth",
    });
    expect(ok.status).toBe(200);
    expect(await (await admin(server, "GET", "faults", auth)).json()).toEqual({
      rate503: 1,
      retryAfterSeconds: 7,
      methods: ["POST"],
      paths: "^/api/v2/auth",
    });
    const r = await post(server, "faulted");
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(await r.json()).toMatchObject({ code: "unavailable" });
    const get = await fetch(`${server.url}/api/v2/authorizations`, { headers: { Authorization: auth } });
    expect(get.status).toBe(200);
    expect(server.emulator.state().counts.authorizations).toBe(1);
    expect(server.emulator.requestLog().find((e) => e.method === "POST")?.fault).toBe("503");
  });

  it("429 on the management API uses an integer code", async () => {
    server = await startEmulatorTestServer({ faults: { rate429: 1, retryAfterSeconds: 2 } });
    const r = await fetch(`${server.url}/api/v0/tokens`, {
      headers: { Authorization: `Bearer ${server.emulator.managementToken}` },
    });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("2");
    expect(await r.json()).toEqual({ code: 429, message: "too many requests" });
  });

  it("faults are deterministic with a seed", async () => {
    const run = async () => {
      const s = await startEmulatorTestServer({ seed: 42, faults: { rate429: 0.3, rate503: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        statuses.push(
          (await fetch(`${s.url}/api/v2/orgs`, { headers: { Authorization: `Token ${s.token}` } })).status,
        );
      }
      await s.stop();
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
  });

  it("latency delays the answer", async () => {
    server = await startEmulatorTestServer({ faults: { latencyMs: 150 } });
    const t0 = Date.now();
    await fetch(`${server.url}/api/v2/orgs`, { headers: { Authorization: `Token ${server.token}` } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(server.emulator.requestLog()[0]?.fault).toBe("latency");
  });

  /** Raw node:http so we see the socket error instead of a fetch retry. */
  const rawPost = (s: EmulatorTestServer, description: string) =>
    new Promise<{ status?: number; error?: string }>((resolve) => {
      const body = JSON.stringify({
        orgID: s.org.id,
        description,
        permissions: [{ action: "read", resource: { type: "buckets", orgID: s.org.id } }],
      });
      const req = request(`${s.url}/api/v2/authorizations`, {
        method: "POST",
        agent: false,
        headers: { Authorization: `Token ${s.token}`, "Content-Type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve({ status: res.statusCode });
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      req.end(body);
    });

  it("reset after processing: the connection dies, yet the token was created", async () => {
    server = await startEmulatorTestServer({ faults: { resetAfterRate: 1 } });
    const r = await rawPost(server, "created-then-reset");
    expect(r.error).toBeDefined();
    expect(server.emulator.state().authorizations.map((a) => a.description)).toContain("created-then-reset");
    expect(server.emulator.requestLog()[0]).toMatchObject({ fault: "reset-after", status: 201 });
  });

  it("reset before processing: the connection dies and nothing changes", async () => {
    server = await startEmulatorTestServer({ faults: { resetBeforeRate: 1 } });
    const r = await rawPost(server, "never");
    expect(r.error).toBeDefined();
    expect(server.emulator.state().counts.authorizations).toBe(1);
    expect(server.emulator.requestLog()[0]).toMatchObject({ fault: "reset-before", status: 0 });
    server.emulator.setFaults({});
    expect((await rawPost(server, "after")).status).toBe(201);
  });
});
