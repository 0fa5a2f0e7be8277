import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Edition, Influxdb3EmulatorOptions } from "../../../../emulator/influxdb3";
import { type Exchange, type Fixture, fixture, sqlPath } from "./http";

/**
 * One row per rule of docs/behaviour/influxdb3-tokens.md (mostly behaviour D.14), run against each edition it applies to:
 * the exact status code, body and headers the emulator must answer.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const UNAUTHENTICATED = '{"error": "the request was not authenticated"}';
const MALFORMED =
  '{"error": "Authorization header was malformed, the request was not in the form of \'Authorization: <auth-scheme> <token>\', supported auth-schemes are Bearer, Token and Basic"}';
const BOTH: Edition[] = ["core", "enterprise"];
const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}`;

interface Rule {
  rule: string;
  editions: Edition[];
  options?: Partial<Influxdb3EmulatorOptions> & { bootstrap?: boolean };
  request(f: Fixture): Promise<Exchange>;
  status: number;
  /** Exact body, a pattern, or a check of the parsed JSON. */
  body?: string | RegExp | ((json: Record<string, unknown>) => void);
  headers?: Record<string, string | null>;
}

const tokenBody = (json: Record<string, unknown>) => {
  expect(Object.keys(json).sort()).toEqual(["created_at", "expiry", "hash", "id", "name", "token"]);
  expect(json["token"]).toMatch(/^apiv3_[A-Za-z0-9_-]{86}$/);
  expect(json["hash"]).toBe(createHash("sha512").update(String(json["token"])).digest("hex"));
  expect(json["created_at"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
};

const rules: Rule[] = [
  {
    rule: "D.14.5 bootstrap without any token: 201, id 0, `_admin`, no expiry, Content-Type: json",
    editions: BOTH,
    options: { bootstrap: false },
    request: (f) => f.call("POST", "/api/v3/configure/token/admin", { body: { ignored: true } }),
    status: 201,
    body: (json) => {
      tokenBody(json);
      expect(json).toMatchObject({ id: 0, name: "_admin", expiry: null });
    },
    headers: { "content-type": "json", "access-control-allow-origin": "*" },
  },
  {
    rule: "D.14.5 bootstrap ignores any Authorization header, even a malformed one",
    editions: BOTH,
    options: { bootstrap: false },
    request: (f) => f.call("POST", "/api/v3/configure/token/admin", { authorization: "nonsense" }),
    status: 201,
  },
  {
    rule: "D.6 second bootstrap: 409 `token name already exists, _admin`",
    editions: BOTH,
    request: (f) => f.call("POST", "/api/v3/configure/token/admin"),
    status: 409,
    body: "token name already exists, _admin",
    headers: { "content-type": null, "access-control-allow-origin": null },
  },
  {
    rule: "D.6 regenerate with no `_admin` (only a file-provisioned admin): 500",
    editions: BOTH,
    options: { bootstrap: false, adminTokenFiles: [{ name: "ops", token: "apiv3_from-file" }] },
    request: (f) => f.call("POST", "/api/v3/configure/token/admin/regenerate", { token: "apiv3_from-file" }),
    status: 500,
    body: "missing admin token, cannot update",
  },
  {
    rule: "D.9 bootstrap succeeds while other admin tokens exist but `_admin` does not",
    editions: BOTH,
    options: { bootstrap: false, adminTokenFiles: [{ name: "ops", token: "apiv3_from-file" }] },
    request: (f) => f.call("POST", "/api/v3/configure/token/admin"),
    status: 201,
    body: (json) => expect(json).toMatchObject({ id: 1, name: "_admin" }),
  },
  {
    rule: "D.14.7 named admin: 201 with expiry = created_at + expiry_secs",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci", expiry_secs: 90, unknown_field: "ignored" },
      }),
    status: 201,
    body: (json) => {
      tokenBody(json);
      expect(json).toMatchObject({ id: 1, name: "ci" });
      const created = Date.parse(String(json["created_at"]));
      expect(Date.parse(String(json["expiry"]))).toBe(created + 90_000);
    },
    headers: { "content-type": "json" },
  },
  {
    rule: "D.14.7 named admin with `expiry_secs: null`: no expiry",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci", expiry_secs: null },
      }),
    status: 201,
    body: (json) => expect(json["expiry"]).toBeNull(),
  },
  {
    rule: "D.14.7 named admin, name taken: 409",
    editions: BOTH,
    request: async (f) => {
      await f.namedAdmin("ci");
      return f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci" },
      });
    },
    status: 409,
    body: "token name already exists, ci",
  },
  {
    rule: "D.4 names are case-sensitive: `CI` does not collide with `ci`",
    editions: BOTH,
    request: async (f) => {
      await f.namedAdmin("ci");
      return f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "CI" },
      });
    },
    status: 201,
  },
  {
    rule: "D.6 named admin named `_admin`: 409 (names unique across all kinds)",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "_admin" },
      }),
    status: 409,
    body: "token name already exists, _admin",
  },
  {
    rule: "D.5 named admin without a JSON content type: 415",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci" },
        contentType: "text/plain",
      }),
    status: 415,
    body: "unacceptable content-type, expected: application/json",
  },
  {
    rule: "D.5 a `+json` content type is accepted",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci" },
        contentType: "application/vnd.custom+json; charset=utf-8",
      }),
    status: 201,
  },
  {
    rule: "D.5 named admin without `token_name`: 400 serde json error",
    editions: BOTH,
    request: (f) => f.call("POST", "/api/v3/configure/token/named_admin", { token: f.operator, body: {} }),
    status: 400,
    body: /^serde json error: missing field `token_name` at line 1 column \d+$/,
  },
  {
    rule: "D.5 named admin with a negative `expiry_secs`: 400",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci", expiry_secs: -1 },
      }),
    status: 400,
    body: /^serde json error: invalid value: integer `-1`, expected u64/,
  },
  {
    rule: "D.5 named admin with a fractional `expiry_secs`: 400",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci", expiry_secs: 1.5 },
      }),
    status: 400,
    body: /^serde json error: invalid type: floating point `1.5`, expected u64/,
  },
  {
    rule: "D.5 named admin with bad JSON: 400",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", { token: f.operator, body: "{not json" }),
    status: 400,
    body: /^serde json error: /,
  },
  {
    rule: "D.6 unsupported Content-Encoding: 400",
    editions: BOTH,
    request: (f) =>
      f.call("POST", "/api/v3/configure/token/named_admin", {
        token: f.operator,
        body: { token_name: "ci" },
        headers: { "content-encoding": "br" },
      }),
    status: 400,
    body: "unacceptable content-encoding: br",
  },
  {
    rule: "D.14.8 DELETE: 200 with an empty body",
    editions: BOTH,
    request: async (f) => {
      await f.namedAdmin("ci");
      return f.call("DELETE", "/api/v3/configure/token?token_name=ci", { token: f.operator });
    },
    status: 200,
    body: "",
  },
  {
    rule: "D.14.8 DELETE an unknown name: 404",
    editions: BOTH,
    request: (f) => f.call("DELETE", "/api/v3/configure/token?token_name=ghost", { token: f.operator }),
    status: 404,
    body: "the requested resource was not found: ghost",
  },
  {
    rule: "D.14.8 DELETE `_admin`: 405",
    editions: BOTH,
    request: (f) => f.call("DELETE", "/api/v3/configure/token?token_name=_admin", { token: f.operator }),
    status: 405,
    body: "cannot delete operator token",
  },
  {
    rule: "D.14.8 DELETE without `token_name`: 400 (other query keys ignored)",
    editions: BOTH,
    request: (f) => f.call("DELETE", "/api/v3/configure/token?name=ci", { token: f.operator }),
    status: 400,
    body: "serde error: missing field `token_name`",
  },
  {
    rule: "D.9 Core: a token may delete itself",
    editions: ["core"],
    request: async (f) => {
      const ci = await f.namedAdmin("ci");
      return f.call("DELETE", "/api/v3/configure/token?token_name=ci", { token: ci });
    },
    status: 200,
  },
  {
    rule: "D.14.9 no Authorization header: 401",
    editions: BOTH,
    request: (f) => f.call("POST", "/api/v3/configure/token/named_admin", { body: { token_name: "ci" } }),
    status: 401,
    body: UNAUTHENTICATED,
    headers: { "content-type": null },
  },
  {
    rule: "D.14.9 unknown token: 401",
    editions: BOTH,
    request: (f) => f.call("DELETE", "/api/v3/configure/token?token_name=x", { token: "apiv3_unknown" }),
    status: 401,
    body: UNAUTHENTICATED,
  },
  {
    rule: "D.14.9 malformed header (lower-case scheme): 400 JSON",
    editions: BOTH,
    request: (f) => f.call("GET", "/ping", { authorization: `bearer ${f.operator}` }),
    status: 400,
    body: MALFORMED,
  },
  {
    rule: "D.14.9 malformed header (three parts): 400 JSON",
    editions: BOTH,
    request: (f) => f.call("GET", "/ping", { authorization: `Bearer ${f.operator} extra` }),
    status: 400,
    body: MALFORMED,
  },
  {
    rule: "D.3 `Token` scheme works on every endpoint",
    editions: BOTH,
    request: (f) =>
      f.call("GET", sqlPath("SELECT * FROM system.tokens"), { authorization: `Token ${f.operator}` }),
    status: 200,
  },
  {
    rule: "D.3 `Basic` with any user name works",
    editions: BOTH,
    request: (f) => f.call("GET", "/ping", { authorization: basic("whoever", f.operator) }),
    status: 200,
  },
  {
    rule: "D.3 `Basic` with a `:` in the user name: 400",
    editions: BOTH,
    request: (f) => f.call("GET", "/ping", { authorization: basic("a:b", f.operator) }),
    status: 400,
    body: MALFORMED,
  },
  {
    rule: "D.14.2 unknown route without a token: 401 (authentication before routing)",
    editions: BOTH,
    request: (f) => f.call("GET", "/api/v3/configure/tokens"),
    status: 401,
    body: UNAUTHENTICATED,
  },
  {
    rule: "D.14.2 unknown route with a token: 404 `Not found`",
    editions: BOTH,
    request: (f) => f.call("GET", "/api/v3/configure/tokens", { token: f.operator }),
    status: 404,
    body: "Not found",
  },
  {
    rule: "D.2 no GET on the token paths: 404",
    editions: BOTH,
    request: (f) => f.call("GET", "/api/v3/configure/token?token_name=_admin", { token: f.operator }),
    status: 404,
    body: "Not found",
  },
  {
    rule: "D.2 a method other than POST on the bootstrap path is not exempt from routing: 404",
    editions: BOTH,
    request: (f) => f.call("GET", "/api/v3/configure/token/admin"),
    status: 404,
    body: "Not found",
  },
  {
    rule: "D.2 Core: the Enterprise resource-token route is 404 with a valid token",
    editions: ["core"],
    request: (f) =>
      f.call("POST", "/api/v3/enterprise/configure/token", {
        token: f.operator,
        body: {
          token_name: "w",
          permissions: [{ resource_type: "db", resource_names: ["*"], actions: ["read"] }],
        },
      }),
    status: 404,
    body: "Not found",
  },
  {
    rule: "D.2 Core: the Enterprise resource-token route is 401 without a token",
    editions: ["core"],
    request: (f) => f.call("POST", "/api/v3/enterprise/configure/token", { body: {} }),
    status: 401,
  },
  {
    rule: "D.5 Enterprise resource token: 201 with the shared token response",
    editions: ["enterprise"],
    options: { databases: ["sensors"] },
    request: (f) =>
      f.call("POST", "/api/v3/enterprise/configure/token", {
        token: f.operator,
        body: {
          token_name: "writer",
          permissions: [{ resource_type: "db", resource_names: ["sensors"], actions: ["write", "read"] }],
          expiry_secs: 3600,
        },
      }),
    status: 201,
    body: (json) => {
      tokenBody(json);
      expect(json).toMatchObject({ id: 1, name: "writer" });
    },
    headers: { "content-type": "json" },
  },
  {
    rule: "D.7 Enterprise resource token on a missing database: 400 `cannot parse token permission, …`",
    editions: ["enterprise"],
    request: (f) =>
      f.call("POST", "/api/v3/enterprise/configure/token", {
        token: f.operator,
        body: {
          token_name: "writer",
          permissions: [{ resource_type: "db", resource_names: ["nope"], actions: ["write"] }],
        },
      }),
    status: 400,
    body: "cannot parse token permission, invalid resource name nope",
  },
  {
    rule: "D.5 Enterprise resource token without `permissions`: 400 serde",
    editions: ["enterprise"],
    request: (f) =>
      f.call("POST", "/api/v3/enterprise/configure/token", { token: f.operator, body: { token_name: "w" } }),
    status: 400,
    body: /^serde json error: missing field `permissions`/,
  },
  {
    rule: "D.7 an empty permission list is accepted (a token that can do nothing)",
    editions: ["enterprise"],
    request: (f) =>
      f.call("POST", "/api/v3/enterprise/configure/token", {
        token: f.operator,
        body: { token_name: "nothing", permissions: [] },
      }),
    status: 201,
  },
  {
    rule: "D.14.14 Enterprise: a resource token on a token route: 403",
    editions: ["enterprise"],
    request: async (f) => {
      const reader = await f.resourceToken("reader", [
        { resource_type: "db", resource_names: ["*"], actions: ["read"] },
      ]);
      return f.call("POST", "/api/v3/configure/token/named_admin", {
        token: reader,
        body: { token_name: "x" },
      });
    },
    status: 403,
    body: '{"error": "unauthorized to perform requested action with the token"}',
  },
  {
    rule: "D.8 Enterprise: a resource token cannot read system.tokens (admin check on _internal)",
    editions: ["enterprise"],
    request: async (f) => {
      const reader = await f.resourceToken("reader", [
        { resource_type: "db", resource_names: ["*"], actions: ["read"] },
      ]);
      return f.call("GET", sqlPath("SELECT * FROM system.tokens"), { token: reader });
    },
    status: 403,
  },
  {
    rule: "D.9 Enterprise: `system:ping:read` allows /ping",
    editions: ["enterprise"],
    request: async (f) => {
      const pinger = await f.resourceToken("pinger", [
        { resource_type: "system", resource_names: ["ping"], actions: ["read"] },
      ]);
      return f.call("GET", "/ping", { token: pinger });
    },
    status: 200,
  },
  {
    rule: "D.9 Enterprise: a db token cannot call /health",
    editions: ["enterprise"],
    request: async (f) => {
      const reader = await f.resourceToken("reader", [
        { resource_type: "db", resource_names: ["*"], actions: ["read"] },
      ]);
      return f.call("GET", "/health", { token: reader });
    },
    status: 403,
  },
  {
    rule: "D.12 /ping tells the edition: Core",
    editions: ["core"],
    request: (f) => f.call("GET", "/ping", { token: f.operator }),
    status: 200,
    body: (json) => expect(json).toMatchObject({ version: "3.10.1", product_name: "InfluxDB 3 Core" }),
    headers: {
      "x-influxdb-build": "Core",
      "x-influxdb-version": "3.10.1",
      "content-type": "application/json",
    },
  },
  {
    rule: "D.12 /ping tells the edition: Enterprise",
    editions: ["enterprise"],
    request: (f) => f.call("GET", "/ping", { token: f.operator }),
    status: 200,
    headers: { "x-influxdb-build": "Enterprise" },
  },
  {
    rule: "D.12 /ping needs a token by default",
    editions: BOTH,
    request: (f) => f.call("GET", "/ping"),
    status: 401,
  },
  {
    rule: "D.9 `--disable-authz ping` opens /ping",
    editions: BOTH,
    options: { disableAuthz: ["ping"] },
    request: (f) => f.call("GET", "/ping"),
    status: 200,
  },
  {
    rule: "D.12 HEAD /ping: 404",
    editions: BOTH,
    request: (f) => f.call("HEAD", "/ping", { token: f.operator }),
    status: 404,
  },
  {
    rule: "D.3 OPTIONS needs no token: 204 with permissive CORS",
    editions: BOTH,
    request: (f) => f.call("OPTIONS", "/api/v3/configure/token/named_admin"),
    status: 204,
    headers: { "access-control-allow-methods": "*", "access-control-max-age": "86400" },
  },
  {
    rule: "D.14.16 --without-auth: bootstrap answers 405",
    editions: BOTH,
    options: { withoutAuth: true },
    request: (f) => f.call("POST", "/api/v3/configure/token/admin"),
    status: 405,
    body: "endpoint disabled, started without auth",
  },
  {
    rule: "D.14.16 --without-auth: DELETE answers 405, even with a token",
    editions: BOTH,
    options: { withoutAuth: true },
    request: (f) => f.call("DELETE", "/api/v3/configure/token?token_name=x", { token: "apiv3_x" }),
    status: 405,
    body: "endpoint disabled, started without auth",
  },
  {
    rule: "D.11 --without-auth: other requests pass without a token",
    editions: BOTH,
    options: { withoutAuth: true },
    request: (f) => f.call("GET", "/ping"),
    status: 200,
  },
  {
    rule: "D.8 system.tokens exists only in _internal",
    editions: BOTH,
    options: { databases: ["sensors"] },
    request: (f) =>
      f.call("GET", sqlPath("SELECT * FROM system.tokens", "json", "sensors"), { token: f.operator }),
    status: 400,
  },
  {
    rule: "D.8 query_sql on a database that does not exist: 404",
    editions: BOTH,
    request: (f) =>
      f.call("GET", sqlPath("SELECT * FROM system.tokens", "json", "nope"), { token: f.operator }),
    status: 404,
  },
  {
    rule: "D.8 GET query_sql without parameters: 400",
    editions: BOTH,
    request: (f) => f.call("GET", "/api/v3/query_sql", { token: f.operator }),
    status: 400,
    body: "missing query parameters 'db' and 'q'",
  },
];

describe.each(BOTH)("InfluxDB 3 %s emulator, rule by rule", (edition) => {
  it.each(rules.filter((rule) => rule.editions.includes(edition)).map((rule) => [rule.rule, rule] as const))(
    "%s",
    async (_name, rule) => {
      const f = await fixture({ edition, ...rule.options }, cleanups);
      const exchange = await rule.request(f);
      expect(exchange.status, exchange.text).toBe(rule.status);
      if (typeof rule.body === "string") expect(exchange.text).toBe(rule.body);
      else if (rule.body instanceof RegExp) expect(exchange.text).toMatch(rule.body);
      else if (rule.body) rule.body(JSON.parse(exchange.text) as Record<string, unknown>);
      for (const [name, value] of Object.entries(rule.headers ?? {}))
        expect(exchange.headers.get(name)).toBe(value);
      // behaviour D.3: every main-server response carries the catalog UUID.
      expect(exchange.headers.get("cluster-uuid")).toMatch(/^[0-9a-f-]{36}$/);
    },
  );
});
