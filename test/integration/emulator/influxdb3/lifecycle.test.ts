import { afterEach, describe, expect, it } from "vitest";
import type { Edition } from "../../../../emulator/influxdb3";
import { fixture, manualClock, sqlPath } from "./http";

/** Multi-step behaviours of docs/behaviour/influxdb3-tokens.md: regeneration, expiry, ids, system.tokens. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

type Row = Record<string, string | number>;

describe.each(["core", "enterprise"] as Edition[])("InfluxDB 3 %s emulator lifecycle", (edition) => {
  const rows = async (f: Awaited<ReturnType<typeof fixture>>, q = "SELECT * FROM system.tokens") => {
    const answer = await f.call("GET", sqlPath(q), { token: f.operator });
    expect(answer.status, answer.text).toBe(200);
    return JSON.parse(answer.text) as Row[];
  };

  it("behaviour D.14.6 regenerate keeps id, name and created_at, kills the old secret at once, sets updated_*", async () => {
    const clock = manualClock();
    const f = await fixture({ edition, now: clock.now }, cleanups);
    const [before] = await rows(f);
    clock.advance(1234);
    const regenerated = await f.call("POST", "/api/v3/configure/token/admin/regenerate", {
      token: f.operator,
    });
    expect(regenerated.status).toBe(201);
    const body = JSON.parse(regenerated.text) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: 0,
      name: "_admin",
      created_at: "2026-01-02T03:04:05.600Z",
      expiry: null,
    });
    expect(body["token"]).not.toBe(f.operator);
    expect((await f.call("GET", "/ping", { token: f.operator })).status).toBe(401);
    expect((await f.call("GET", "/ping", { token: String(body["token"]) })).status).toBe(200);
    const after = (
      await f.call("GET", sqlPath("SELECT * FROM system.tokens"), { token: String(body["token"]) })
    ).text;
    const [row] = JSON.parse(after) as Row[];
    expect(row).toMatchObject({
      token_id: 0,
      name: "_admin",
      created_at: before?.["created_at"] as string,
      updated_at: "2026-01-02T03:04:06.834",
      updated_by_token_id: 0,
    });
    expect(row?.["hash"]).toBe(String(body["hash"]).slice(0, 9));
    expect(row?.["hash"]).not.toBe(before?.["hash"]);
  });

  if (edition === "core") {
    it("behaviour D.9 Core: a named admin token may regenerate `_admin`", async () => {
      const f = await fixture({ edition }, cleanups);
      const ci = await f.namedAdmin("ci");
      expect((await f.call("POST", "/api/v3/configure/token/admin/regenerate", { token: ci })).status).toBe(
        201,
      );
    });
  }

  it("behaviour D.4 ids come from one counter and are never reused after a delete", async () => {
    const f = await fixture({ edition }, cleanups);
    await f.namedAdmin("a");
    await f.namedAdmin("b");
    expect(
      (await f.call("DELETE", "/api/v3/configure/token?token_name=b", { token: f.operator })).status,
    ).toBe(200);
    await f.namedAdmin("b");
    expect((await rows(f)).map((row) => [row["token_id"], row["name"]])).toEqual([
      [0, "_admin"],
      [1, "a"],
      [3, "b"],
    ]);
  });

  it("behaviour D.10 expiry_secs 0 is dead on arrival; N seconds works until created + N (strict), then 401", async () => {
    const clock = manualClock();
    const f = await fixture({ edition, now: clock.now }, cleanups);
    const dead = await f.namedAdmin("dead", 0);
    expect((await f.call("GET", "/ping", { token: dead })).status).toBe(401);
    const short = await f.namedAdmin("short", 2);
    expect((await f.call("GET", "/ping", { token: short })).status).toBe(200);
    clock.advance(1999);
    expect((await f.call("GET", "/ping", { token: short })).status).toBe(200);
    clock.advance(1);
    const expired = await f.call("GET", "/ping", { token: short });
    expect(expired.status).toBe(401);
    expect(expired.text).toBe('{"error": "the request was not authenticated"}');
  });

  it("behaviour D.14.11 an expired token stays listed and keeps its name until deleted", async () => {
    const clock = manualClock();
    const f = await fixture({ edition, now: clock.now }, cleanups);
    await f.namedAdmin("short", 1);
    clock.advance(5000);
    const listed = (await rows(f)).find((row) => row["name"] === "short");
    expect(listed?.["expiry"]).toBe("2026-01-02T03:04:06.600");
    const again = await f.call("POST", "/api/v3/configure/token/named_admin", {
      token: f.operator,
      body: { token_name: "short" },
    });
    expect(again.status).toBe(409);
    expect(
      (await f.call("DELETE", "/api/v3/configure/token?token_name=short", { token: f.operator })).status,
    ).toBe(200);
    expect((await rows(f)).some((row) => row["name"] === "short")).toBe(false);
  });

  it("behaviour D.8 JSON rows: column order, nulls omitted, 9-char hash, no Z; Core/Enterprise permissions", async () => {
    const f = await fixture({ edition, databases: ["sensors"] }, cleanups);
    const created = await f.call("POST", "/api/v3/configure/token/named_admin", {
      token: f.operator,
      body: { token_name: "ci", expiry_secs: 60 },
    });
    const hash = (JSON.parse(created.text) as { hash: string }).hash;
    const [, ci] = await rows(f);
    expect(Object.keys(ci ?? {})).toEqual([
      "token_id",
      "name",
      "hash",
      "created_at",
      "expiry",
      "permissions",
    ]);
    expect(ci).toMatchObject({ token_id: 1, name: "ci", hash: hash.slice(0, 9), permissions: "*:*:*" });
    expect(String(ci?.["created_at"])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$/);
    if (edition === "enterprise") {
      await f.resourceToken("mixed", [
        { resource_type: "db", resource_names: ["sensors"], actions: ["write", "read"] },
        { resource_type: "system", resource_names: ["Health"], actions: ["read"] },
      ]);
      const [mixed] = await rows(f, "SELECT name, permissions FROM system.tokens WHERE name = 'mixed'");
      expect(mixed).toEqual({ name: "mixed", permissions: "db:sensors:read,write;system:health:read" });
    }
  });

  it("behaviour D.8 lookups: WHERE with an escaped quote, $params by POST, jsonl and csv formats", async () => {
    const f = await fixture({ edition }, cleanups);
    await f.namedAdmin("it's");
    const [quoted] = await rows(f, "SELECT token_id FROM system.tokens WHERE name = 'it''s'");
    expect(quoted).toEqual({ token_id: 1 });
    const posted = await f.call("POST", "/api/v3/query_sql", {
      token: f.operator,
      body: { db: "_internal", q: "SELECT name FROM system.tokens WHERE name = $n", params: { n: "it's" } },
    });
    expect(JSON.parse(posted.text)).toEqual([{ name: "it's" }]);
    const jsonl = await f.call("GET", sqlPath("SELECT token_id, name FROM system.tokens", "jsonl"), {
      token: f.operator,
    });
    expect(jsonl.text).toBe('{"token_id":0,"name":"_admin"}\n{"token_id":1,"name":"it\'s"}\n');
    const csv = await f.call(
      "GET",
      "/api/v3/query_sql?db=_internal&q=SELECT%20token_id%2C%20name%20FROM%20system.tokens",
      {
        token: f.operator,
        headers: { accept: "text/csv" },
      },
    );
    expect(csv.headers.get("content-type")).toBe("text/csv");
    expect(csv.text).toBe("token_id,name\n0,_admin\n1,it's\n");
    const none = await rows(f, "SELECT * FROM system.tokens WHERE name = 'ghost'");
    expect(none).toEqual([]);
  });

  it("behaviour D.11 --without-auth: system.tokens has no hash column", async () => {
    const f = await fixture({ edition, withoutAuth: true }, cleanups);
    const answer = await f.call("GET", sqlPath("SELECT * FROM system.tokens"));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual([]);
    const bad = await f.call("GET", sqlPath("SELECT hash FROM system.tokens"));
    expect(bad.status).toBe(400);
  });

  it("behaviour D.11 token files: applied at start and at every restart; a deleted file token comes back", async () => {
    const f = await fixture(
      { edition, adminTokenFiles: [{ name: "ops", token: "apiv3_file-token" }] },
      cleanups,
    );
    expect((await f.call("GET", "/ping", { token: "apiv3_file-token" })).status).toBe(200);
    await f.call("DELETE", "/api/v3/configure/token?token_name=ops", { token: f.operator });
    expect((await f.call("GET", "/ping", { token: "apiv3_file-token" })).status).toBe(401);
    f.emu.restart();
    expect((await f.call("GET", "/ping", { token: "apiv3_file-token" })).status).toBe(200);
  });

  it("the request log and state() never hold a raw token", async () => {
    const f = await fixture({ edition }, cleanups);
    const ci = await f.namedAdmin("ci");
    await f.call("GET", "/ping?p=" + ci, { token: ci });
    const dump = JSON.stringify({ log: f.emu.requestLog(), state: f.emu.state() });
    expect(dump).not.toContain(f.operator);
    expect(dump).not.toContain(ci);
    expect(f.emu.requestLog().at(-1)).toMatchObject({
      method: "GET",
      path: "/ping",
      status: 200,
      authenticatedAs: "ci",
    });
    expect(f.emu.state().tokens.map((token) => token.name)).toEqual(["_admin", "ci"]);
    f.emu.clearRequestLog();
    expect(f.emu.requestLog()).toEqual([]);
  });
});

describe("InfluxDB issue #27620 switch (behaviour D.10)", () => {
  const writer = [{ resource_type: "db", resource_names: ["*"], actions: ["write"] }];

  it("off (default): a resource token without expiry never expires", async () => {
    const f = await fixture({ edition: "enterprise" }, cleanups);
    const answer = await f.call("POST", "/api/v3/enterprise/configure/token", {
      token: f.operator,
      body: { token_name: "w", permissions: writer },
    });
    expect(JSON.parse(answer.text)).toMatchObject({ expiry: null });
  });

  it("on: a resource token without expiry is born expired (expiry == created_at) and gets 401", async () => {
    const f = await fixture({ edition: "enterprise", reproduceIssue27620: true }, cleanups);
    const answer = await f.call("POST", "/api/v3/enterprise/configure/token", {
      token: f.operator,
      body: { token_name: "w", permissions: writer },
    });
    const body = JSON.parse(answer.text) as { created_at: string; expiry: string; token: string };
    expect(body.expiry).toBe(body.created_at);
    expect((await f.call("GET", "/ping", { token: body.token })).status).toBe(401);
    const withExpiry = await f.call("POST", "/api/v3/enterprise/configure/token", {
      token: f.operator,
      body: { token_name: "w2", permissions: writer, expiry_secs: 31_536_000 },
    });
    expect(JSON.parse(withExpiry.text).expiry).not.toBe(JSON.parse(withExpiry.text).created_at);
    // Named admin tokens are not affected by the switch.
    const admin = await f.call("POST", "/api/v3/configure/token/named_admin", {
      token: f.operator,
      body: { token_name: "ci" },
    });
    expect(JSON.parse(admin.text).expiry).toBeNull();
  });
});
