import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { call, fixture, sqlPath } from "./http";

/**
 * Fault injection of the InfluxDB 3 emulator: the same options and seeded decision stream as the
 * v2/management emulator (emulator/faults.ts), so engine tests can lose POST answers, reset POSTs
 * before the server saw them and slow requests down to kill a run mid-create.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const NAMED_ADMIN = "/api/v3/configure/token/named_admin";

/** A POST whose outcome the caller sees as "answered" or "reset" (no HTTP answer at all). */
function post(url: string, path: string, token: string, body: unknown): Promise<number | "reset"> {
  return new Promise((resolve) => {
    const target = new URL(path, url);
    const req = request(
      target,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve("reset"));
    req.end(JSON.stringify(body));
  });
}

describe("InfluxDB 3 emulator faults", () => {
  it("reset-before: no answer and nothing created; reset-after: no answer but the token exists", async () => {
    const f = await fixture({ edition: "core", seed: 1 }, cleanups);
    f.emu.setFaults({ resetBeforeRate: 1, methods: ["POST"] });
    expect(await post(f.url, NAMED_ADMIN, f.operator, { token_name: "before" })).toBe("reset");
    f.emu.setFaults({ resetAfterRate: 1, methods: ["POST"] });
    expect(await post(f.url, NAMED_ADMIN, f.operator, { token_name: "after" })).toBe("reset");
    f.emu.setFaults({});
    expect(f.emu.state().tokens.map((token) => token.name)).toEqual(["_admin", "after"]);
    const log = f.emu.requestLog().filter((entry) => entry.path === NAMED_ADMIN);
    expect(log.map((entry) => [entry.status, entry.fault])).toEqual([
      [0, "reset-before"],
      [201, "reset-after"],
    ]);
    // A GET is outside `methods`: answered normally.
    f.emu.setFaults({ resetBeforeRate: 1, methods: ["POST"] });
    const rows = await f.call("GET", sqlPath("SELECT name FROM system.tokens"), { token: f.operator });
    expect(rows.status).toBe(200);
  });

  it("latency delays before processing; a client that vanishes meanwhile still gets its token made", async () => {
    const f = await fixture({ edition: "enterprise", seed: 2, databases: ["sensors"] }, cleanups);
    f.emu.setFaults({ latencyMs: 300, methods: ["POST"], paths: "^/api/v3/(configure|enterprise)/" });
    const started = Date.now();
    const answered = await call(f.url, "POST", NAMED_ADMIN, {
      token: f.operator,
      body: { token_name: "slow" },
    });
    expect(answered.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const gone = new AbortController();
    const abandoned = fetch(`${f.url}/api/v3/enterprise/configure/token`, {
      method: "POST",
      headers: { authorization: `Bearer ${f.operator}`, "content-type": "application/json" },
      body: JSON.stringify({
        token_name: "orphan",
        permissions: [{ resource_type: "db", resource_names: ["sensors"], actions: ["read"] }],
      }),
      signal: gone.signal,
    }).catch(() => "aborted");
    while (f.emu.inFlight().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(f.emu.inFlight()).toEqual([{ method: "POST", path: "/api/v3/enterprise/configure/token" }]);
    gone.abort();
    expect(await abandoned).toBe("aborted");
    while (f.emu.inFlight().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(f.emu.state().tokens.map((token) => token.name)).toEqual(["_admin", "slow", "orphan"]);
    expect(f.emu.requestLog().at(-1)).toMatchObject({ status: 201, fault: "latency" });
  });

  it("the same seed fails the same requests", async () => {
    const outcomes = async () => {
      const f = await fixture({ edition: "core", seed: 7 }, cleanups);
      f.emu.setFaults({ resetBeforeRate: 0.3, resetAfterRate: 0.3, methods: ["POST"] });
      const seen: Array<number | "reset"> = [];
      for (let i = 0; i < 20; i++)
        seen.push(await post(f.url, NAMED_ADMIN, f.operator, { token_name: `t${i}` }));
      return { seen, names: f.emu.state().tokens.map((token) => token.name) };
    };
    const first = await outcomes();
    expect(first).toEqual(await outcomes());
    const resets = first.seen.filter((outcome) => outcome === "reset").length;
    expect(resets).toBeGreaterThan(4);
    expect(resets).toBeLessThan(18);
    // Reset-after POSTs made their token: more tokens than answered creates.
    expect(first.names.length - 1).toBeGreaterThan(first.seen.filter((outcome) => outcome === 201).length);
  });
});
