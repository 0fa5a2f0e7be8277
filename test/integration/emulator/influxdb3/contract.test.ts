import { afterAll, describe, expect, it } from "vitest";
import type { Edition } from "../../../../emulator/influxdb3";
import { type Exchange, fixture, sqlPath } from "./http";
import { type DifferenceRow, OpenApiSpec, readDifferences, specPath, specsAvailable } from "./specs";

/**
 * Contract tests: every answer of the emulator on a documented operation must be allowed by the
 * edition's OpenAPI file, unless emulator/influxdb3/DIFFERENCES.md lists the difference (behaviour D.13).
 */
const available = specsAvailable();
const differences = available ? readDifferences() : [];
/** DIFFERENCES.md rows some answer needed, over both editions. */
const used = new Set<string>();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Drives every route through its success and error paths; returns all exchanges. */
async function scenario(edition: Edition): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const fresh = await fixture({ edition, bootstrap: false, databases: ["sensors"] }, cleanups);
  const record = async (exchange: Promise<Exchange>) => {
    out.push(await exchange);
  };
  const f = fresh;
  // Bootstrap and its conflict.
  const first = await f.call("POST", "/api/v3/configure/token/admin");
  out.push(first);
  const operator = (JSON.parse(first.text) as { token: string }).token;
  await record(f.call("POST", "/api/v3/configure/token/admin"));
  // Named admin: success, conflict, bad bodies, no auth.
  const named = (body: unknown, extra: Record<string, unknown> = {}) =>
    f.call("POST", "/api/v3/configure/token/named_admin", { token: operator, body, ...extra });
  await record(named({ token_name: "ci", expiry_secs: 3600 }));
  await record(named({ token_name: "forever" }));
  await record(named({ token_name: "ci" }));
  await record(named({}));
  await record(named({ token_name: "x" }, { contentType: "text/plain" }));
  await record(f.call("POST", "/api/v3/configure/token/named_admin", { body: { token_name: "y" } }));
  // Regenerate.
  const regenerated = await f.call("POST", "/api/v3/configure/token/admin/regenerate", { token: operator });
  out.push(regenerated);
  const newOperator = (JSON.parse(regenerated.text) as { token: string }).token;
  await record(f.call("POST", "/api/v3/configure/token/admin/regenerate", { token: operator }));
  // Delete.
  const del = (query: string, token = newOperator) =>
    f.call("DELETE", `/api/v3/configure/token${query}`, { token });
  await record(del("?token_name=forever"));
  await record(del("?token_name=ghost"));
  await record(del("?token_name=_admin"));
  await record(del(""));
  await record(del("?token_name=ci", "apiv3_wrong"));
  // Reading.
  await record(f.call("GET", sqlPath("SELECT * FROM system.tokens"), { token: newOperator }));
  await record(
    f.call("POST", "/api/v3/query_sql", {
      token: newOperator,
      body: { db: "_internal", q: "SELECT * FROM system.tokens", format: "json" },
    }),
  );
  await record(f.call("GET", sqlPath("SELECT * FROM system.tokens", "json", "nope"), { token: newOperator }));
  await record(f.call("GET", sqlPath("SELECT nonsense"), { token: newOperator }));
  await record(f.call("GET", sqlPath("SELECT * FROM system.tokens")));
  await record(f.call("GET", "/ping", { token: newOperator }));
  await record(f.call("POST", "/ping", { token: newOperator }));
  await record(f.call("GET", "/ping"));
  await record(f.call("GET", "/health", { token: newOperator }));
  // Enterprise resource tokens.
  const resource = (body: unknown, token = newOperator, extra: Record<string, unknown> = {}) =>
    f.call("POST", "/api/v3/enterprise/configure/token", { token, body, ...extra });
  if (edition === "enterprise") {
    const writer = await resource({
      token_name: "writer",
      permissions: [{ resource_type: "db", resource_names: ["sensors"], actions: ["write"] }],
      expiry_secs: 600,
    });
    out.push(writer);
    await record(
      resource({
        token_name: "bad",
        permissions: [{ resource_type: "db", resource_names: ["nope"], actions: ["read"] }],
      }),
    );
    await record(resource({ token_name: "bad" }, newOperator, { contentType: "text/plain" }));
    await record(resource({ token_name: "writer", permissions: [] }));
    const writerToken = (JSON.parse(writer.text) as { token: string }).token;
    await record(resource({ token_name: "z", permissions: [] }, writerToken));
    await record(named({ token_name: "z" }, { token: writerToken }));
    await record(del("?token_name=ci", writerToken));
    await record(f.call("GET", sqlPath("SELECT * FROM system.tokens"), { token: writerToken }));
    await record(f.call("GET", "/health", { token: writerToken }));
    await record(resource({ token_name: "unauth", permissions: [] }, "apiv3_wrong"));
  }
  // No `_admin` at all: regenerate is a 500.
  const noAdmin = await fixture(
    { edition, bootstrap: false, adminTokenFiles: [{ name: "ops", token: "apiv3_file" }] },
    cleanups,
  );
  out.push(await noAdmin.call("POST", "/api/v3/configure/token/admin/regenerate", { token: "apiv3_file" }));
  // --without-auth.
  const open = await fixture({ edition, withoutAuth: true }, cleanups);
  out.push(await open.call("POST", "/api/v3/configure/token/admin"));
  out.push(await open.call("POST", "/api/v3/configure/token/admin/regenerate"));
  out.push(await open.call("POST", "/api/v3/configure/token/named_admin", { body: { token_name: "n" } }));
  out.push(await open.call("DELETE", "/api/v3/configure/token?token_name=n"));
  out.push(await open.call("GET", sqlPath("SELECT * FROM system.tokens")));
  return out;
}

function matches(row: DifferenceRow, exchange: Exchange, kind: DifferenceRow["kind"]): boolean {
  return (
    row.kind === kind &&
    (row.method === "*" || row.method === exchange.method) &&
    (row.path === "*" || row.path === exchange.path) &&
    row.status === String(exchange.status)
  );
}

describe.skipIf(!available).each(["core", "enterprise"] as Edition[])(
  "InfluxDB 3 %s emulator vs its OpenAPI file",
  (edition) => {
    it("answers every documented operation as the spec says, or as DIFFERENCES.md lists", async () => {
      const spec = new OpenApiSpec(specPath(edition));
      const exchanges = await scenario(edition);
      const problems: string[] = [];
      const allowed = (exchange: Exchange, kind: DifferenceRow["kind"]) => {
        const row = differences.find((candidate) => matches(candidate, exchange, kind));
        if (row) used.add(row.id);
        return row !== undefined;
      };
      for (const exchange of exchanges) {
        const where = `${exchange.method} ${exchange.path} -> ${exchange.status}`;
        const responses = spec.responses(exchange.method, exchange.path);
        if (!responses) {
          problems.push(`${where}: the spec has no such operation`);
          continue;
        }
        const documented = responses[String(exchange.status)];
        if (!documented) {
          if (!allowed(exchange, "status"))
            problems.push(`${where}: status not in the spec nor in DIFFERENCES.md`);
          continue;
        }
        const [mediaType, schema] = Object.entries(documented.content)[0] ?? [];
        if (mediaType === undefined) continue;
        const sent = exchange.headers.get("content-type")?.split(";")[0] ?? null;
        if (sent !== mediaType && !allowed(exchange, "content-type")) {
          problems.push(`${where}: content-type ${sent}, spec says ${mediaType}`);
        }
        if (!mediaType.includes("json")) continue;
        let body: unknown;
        try {
          body = JSON.parse(exchange.text);
        } catch {
          problems.push(`${where}: body is not JSON: ${exchange.text.slice(0, 80)}`);
          continue;
        }
        const error = spec.validate(schema, body);
        if (error && !allowed(exchange, "body")) problems.push(`${where}: ${error}`);
      }
      expect(problems).toEqual([]);
      expect(exchanges.length).toBeGreaterThanOrEqual(edition === "core" ? 30 : 40);
    });

    it("has no stale DIFFERENCES.md rows (each one is exercised in some edition)", () => {
      // Rows are checked after both editions ran: Enterprise runs last.
      if (edition !== "enterprise") return;
      const stale = differences
        .filter((row) => row.kind !== "note" && !used.has(row.id))
        .map((row) => row.id);
      expect(stale).toEqual([]);
    });
  },
);
