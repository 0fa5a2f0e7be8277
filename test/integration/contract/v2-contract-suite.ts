import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingSpecsReason } from "../../support/openapi";
import type { V2ServerFactory, V2ServerOptions, V2TestServer } from "../../support/v2-server";
import { contractClient, prettyError } from "./contract-client";
import { defineUsersContract } from "./v2-users-cases";

/**
 * The InfluxDB v2 token-API contract (docs/behaviour/v2-authorizations.md), written once and run against any
 * V2TestServer: our emulator and a real influxd. It uses only the V2TestServer interface, and
 * every assertion is a rule docs/behaviour gives from the server source [C] or spec [S], so it must
 * hold on the real server too. Every response is validated against the official OpenAPI document
 * (oss.yml; cloud.yml for a redacted server).
 */
export function defineV2ContractSuite(factory: V2ServerFactory, options: V2ServerOptions = {}): void {
  const skipReason = missingSpecsReason();
  describe(`v2 token API contract (${options.tokenVisibility ?? "default"} visibility)`, () => {
    let server: V2TestServer;
    let client: ReturnType<typeof contractClient>;
    const call: ReturnType<typeof contractClient>["call"] = (...args) => client.call(...args);
    const orgId = () => server.org.id;

    type Perm = { action: string; resource: Record<string, string> };
    async function createToken(permissions: Perm[], extra: Record<string, unknown> = {}) {
      const r = await call("POST", "/api/v2/authorizations", {
        body: { orgID: orgId(), description: "contract", permissions, ...extra },
      });
      expect(r.status, r.text).toBe(201);
      return r.json as { id: string; token: string; status: string; permissions: Perm[] };
    }
    const orgPerm = (action: string, type: string): Perm => ({ action, resource: { type, orgID: orgId() } });

    beforeAll(async () => {
      if (skipReason) console.warn(skipReason);
      server = await factory(options);
      client = contractClient(
        server.url,
        server.token,
        server.tokenVisibility === "redacted" ? "cloud" : "oss",
      );
    });
    afterAll(async () => {
      await server?.stop();
    });

    if (skipReason) it.skip(`OpenAPI schema checks: ${skipReason}`, () => {});

    describe("behaviour A.1 transport", () => {
      it.each([
        ["no Authorization header", undefined, null],
        ["an unknown scheme", "Basic abc", undefined],
        ["an unknown token", "Token not-a-real-token", undefined],
      ])("%s => 401 compact `unauthorized access`", async (_name, authorization, token) => {
        const r = await call("GET", "/api/v2/authorizations", {
          ...(authorization !== undefined ? { authorization } : {}),
          ...(token === null ? { token: null } : {}),
        });
        expect(r.status).toBe(401);
        expect(r.text).toBe('{"code":"unauthorized","message":"unauthorized access"}');
        expect(r.headers.get("x-platform-error-code")).toBe("unauthorized");
        expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
      });

      it("accepts `Bearer` and a lower-case scheme word", async () => {
        expect(
          (await call("GET", "/api/v2/authorizations", { authorization: `Bearer ${server.token}` })).status,
        ).toBe(200);
        expect(
          (await call("GET", "/api/v2/authorizations", { authorization: `token ${server.token}` })).status,
        ).toBe(200);
      });

      it("stamps X-Influxdb-Build and X-Influxdb-Version on every response", async () => {
        for (const r of [
          await call("GET", "/api/v2/orgs"),
          await call("GET", "/api/v2/orgs", { token: null }),
        ]) {
          expect(r.headers.get("x-influxdb-build")).toBe("OSS");
          expect(r.headers.get("x-influxdb-version")).toMatch(/\S/);
        }
      });

      it("unknown paths under /api/v2 => 404 `path not found` after authentication; a wrong method => empty 405", async () => {
        // Not operations of the spec, so plain fetch (no contract check).
        const get = (token: string) =>
          fetch(`${server.url}/api/v2/no-such-route`, { headers: { Authorization: `Token ${token}` } });
        expect((await get("not-a-real-token")).status).toBe(401);
        const r = await get(server.token);
        expect(r.status).toBe(404);
        expect(await r.text()).toBe(prettyError("not found", "path not found"));
        const res = await fetch(`${server.url}/api/v2/authorizations/0000000000000001`, {
          method: "PUT",
          headers: { Authorization: `Token ${server.token}` },
        });
        expect(res.status).toBe(405);
        expect(await res.text()).toBe("");
      });

      it.each([
        ["123", "id must have a length of 16 bytes"],
        ["zzzzzzzzzzzzzzzz", "invalid ID"],
        ["0000000000000000", "invalid ID"],
      ])("ID %s => 400 %s, tab-indented", async (id, message) => {
        for (const method of ["GET", "DELETE"]) {
          const r = await call(method, `/api/v2/authorizations/${id}`);
          expect(r.status).toBe(400);
          expect(r.text).toBe(prettyError("invalid", message));
          expect(r.headers.get("x-platform-error-code")).toBe("invalid");
        }
      });
    });

    describe("behaviour A.4 POST /api/v2/authorizations", () => {
      it("201 with the Authorization, the plaintext 88-char token, names filled in", async () => {
        const r = await call("POST", "/api/v2/authorizations", {
          body: {
            orgID: orgId(),
            description: "read telemetry",
            permissions: [
              {
                action: "read",
                resource: { type: "buckets", id: server.buckets["telemetry"], orgID: orgId() },
              },
            ],
            token: "ignored",
            id: "ignored",
          },
        });
        expect(r.status).toBe(201);
        const a = r.json;
        expect(a.token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
        expect(a.id).toMatch(/^[0-9a-f]{16}$/);
        expect(a).toMatchObject({
          status: "active",
          description: "read telemetry",
          orgID: orgId(),
          org: server.org.name,
          userID: server.user.id,
          user: server.user.name,
          links: { self: `/api/v2/authorizations/${a.id}`, user: `/api/v2/users/${server.user.id}` },
        });
        expect(a.permissions).toEqual([
          {
            action: "read",
            resource: {
              type: "buckets",
              id: server.buckets["telemetry"],
              orgID: orgId(),
              name: "telemetry",
              org: server.org.name,
            },
          },
        ]);
        expect(a.createdAt).toBe(a.updatedAt);
        expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
      });

      it("drops a `name` in a permission resource: the token gets every bucket of the org (behaviour A.4 item 8)", async () => {
        const a = await createToken([
          { action: "read", resource: { type: "buckets", orgID: orgId(), name: "telemetry" } },
        ]);
        expect(a.permissions).toEqual([
          { action: "read", resource: { type: "buckets", orgID: orgId(), org: server.org.name } },
        ]);
        const logs = await call("GET", `/api/v2/buckets/${server.buckets["logs"]}`, { token: a.token });
        expect(logs.status).toBe(200);
        expect(logs.json.name).toBe("logs");
      });

      it("does not check that a resource id exists; the response then has neither name nor org", async () => {
        const a = await createToken([
          { action: "read", resource: { type: "buckets", id: "0a0a0a0a0a0a0a0a", orgID: orgId() } },
        ]);
        expect(a.permissions).toEqual([
          { action: "read", resource: { type: "buckets", id: "0a0a0a0a0a0a0a0a", orgID: orgId() } },
        ]);
      });

      it("missing status defaults to active; inactive is kept", async () => {
        const a = await createToken([orgPerm("read", "buckets")], { status: "inactive" });
        expect(a.status).toBe("inactive");
      });

      const invalid: [string, () => unknown, string | (() => string)][] = [
        ["empty body", () => "", "invalid json structure: EOF"],
        [
          "a short orgID",
          () => ({ orgID: "123", permissions: [orgPerm("read", "buckets")] }),
          "invalid json structure: id must have a length of 16 bytes",
        ],
        [
          "a non-hex orgID",
          () => ({ orgID: "zzzzzzzzzzzzzzzz", permissions: [orgPerm("read", "buckets")] }),
          "invalid json structure: invalid ID",
        ],
        [
          "no permissions",
          () => ({ orgID: orgId(), permissions: [] }),
          "authorization must include permissions",
        ],
        [
          "a numeric description (Go type error)",
          () => ({ orgID: orgId(), description: 5, permissions: [orgPerm("read", "buckets")] }),
          "invalid json structure: json: cannot unmarshal number into Go struct field postAuthorizationRequest.description of type string",
        ],
        [
          "a numeric resource type (nested Go type error)",
          () => ({ orgID: orgId(), permissions: [{ action: "read", resource: { type: 5 } }] }),
          "invalid json structure: json: cannot unmarshal number into Go struct field Resource.permissions.resource.type of type influxdb.ResourceType",
        ],
        ["truncated JSON", () => '{"orgID":', "invalid json structure: unexpected EOF"],
        [
          "a trailing comma",
          () => '{"orgID":"0000000000000abc",}',
          "invalid json structure: invalid character '}' looking for beginning of object key string",
        ],
        [
          "a numeric resource id (pointer type)",
          () => ({
            orgID: orgId(),
            permissions: [{ action: "read", resource: { type: "buckets", id: 12 } }],
          }),
          "invalid json structure: json: cannot unmarshal number into Go struct field Resource.permissions.resource.id of type *platform.ID",
        ],
        [
          "an unknown resource type (flows is in the spec enum, not in OSS)",
          () => ({ orgID: orgId(), permissions: [{ action: "read", resource: { type: "flows" } }] }),
          "invalid resource type for permission: unknown resource type for permission",
        ],
        [
          "an unknown action",
          () => ({ orgID: orgId(), permissions: [{ action: "delete", resource: { type: "buckets" } }] }),
          "invalid action type for permission: unknown action for permission",
        ],
        [
          "a missing orgID",
          () => ({ permissions: [{ action: "read", resource: { type: "buckets" } }] }),
          "org id required: invalid ID",
        ],
        [
          "a bad status",
          () => ({ orgID: orgId(), status: "paused", permissions: [orgPerm("read", "buckets")] }),
          "invalid status: must be active or inactive",
        ],
        [
          "a permission for another org",
          () => ({
            orgID: orgId(),
            permissions: [{ action: "read", resource: { type: "buckets", orgID: "0000000000000abc" } }],
          }),
          () => `permission read:orgs/0000000000000abc/buckets is not for org id ${orgId()}`,
        ],
        [
          "a nonexistent orgID",
          () => ({
            orgID: "0000000000000abc",
            permissions: [{ action: "read", resource: { type: "buckets" } }],
          }),
          "unable to create token",
        ],
        [
          "a nonexistent userID",
          () => ({ orgID: orgId(), userID: "0000000000000abc", permissions: [orgPerm("read", "buckets")] }),
          "unable to create token",
        ],
      ];
      it.each(invalid)("%s => 400", async (_name, body, message) => {
        const b = body();
        const r = await call(
          "POST",
          "/api/v2/authorizations",
          typeof b === "string" ? { rawBody: b } : { body: b },
        );
        expect(r.status).toBe(400);
        expect(r.text).toBe(prettyError("invalid", typeof message === "function" ? message() : message));
      });

      it("the operator token cannot grant `instance` => 403", async () => {
        const r = await call("POST", "/api/v2/authorizations", {
          body: { orgID: orgId(), permissions: [{ action: "write", resource: { type: "instance" } }] },
        });
        expect(r.status).toBe(403);
        expect(r.text).toBe(
          prettyError(
            "forbidden",
            "permission write:instance is not allowed: write:instance is unauthorized",
          ),
        );
      });

      it("the caller must hold write on the org's authorizations, on the user, and every permission it grants", async () => {
        const body = { orgID: orgId(), permissions: [orgPerm("write", "buckets")] };
        const readOnly = await createToken([orgPerm("read", "buckets")]);
        let r = await call("POST", "/api/v2/authorizations", { token: readOnly.token, body });
        expect(r.status).toBe(401);
        expect(r.text).toBe(
          prettyError("unauthorized", `write:orgs/${orgId()}/authorizations is unauthorized`),
        );

        const noUser = await createToken([orgPerm("write", "authorizations")]);
        r = await call("POST", "/api/v2/authorizations", { token: noUser.token, body });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", `write:users/${server.user.id} is unauthorized`));

        const granter = await createToken([
          orgPerm("write", "authorizations"),
          { action: "write", resource: { type: "users", id: server.user.id } },
          orgPerm("read", "buckets"),
        ]);
        r = await call("POST", "/api/v2/authorizations", { token: granter.token, body });
        expect(r.status).toBe(403);
        const p = `write:orgs/${orgId()}/buckets`;
        expect(r.text).toBe(prettyError("forbidden", `permission ${p} is not allowed: ${p} is unauthorized`));

        r = await call("POST", "/api/v2/authorizations", {
          token: granter.token,
          body: { orgID: orgId(), permissions: [orgPerm("read", "buckets")] },
        });
        expect(r.status).toBe(201);
      });

      it("an inactive token authenticates but is not authorized => 401 `token is inactive`", async () => {
        const inactive = await createToken([orgPerm("write", "authorizations")], { status: "inactive" });
        const r = await call("POST", "/api/v2/authorizations", {
          token: inactive.token,
          body: { orgID: orgId(), permissions: [orgPerm("read", "buckets")] },
        });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", "token is inactive"));
      });
    });

    describe("behaviour A.9 resource types", () => {
      const accepted = [
        "authorizations",
        "buckets",
        "dashboards",
        "orgs",
        "sources",
        "tasks",
        "telegrafs",
        "users",
        "variables",
        "scrapers",
        "secrets",
        "labels",
        "views",
        "documents",
        "notificationRules",
        "notificationEndpoints",
        "checks",
        "dbrp",
        "notebooks",
        "annotations",
        "remotes",
        "replications",
      ];
      it("OSS accepts its 22 grantable types (instance aside) in one token", async () => {
        const a = await createToken(accepted.map((type) => orgPerm("read", type)));
        expect(a.permissions.map((x) => x.resource["type"])).toEqual(accepted);
      });
      it.each(["flows", "functions", "subscriptions"])("%s (spec enum only) => 400", async (type) => {
        const r = await call("POST", "/api/v2/authorizations", {
          body: { orgID: orgId(), permissions: [orgPerm("read", type)] },
        });
        expect(r.status).toBe(400);
        expect(r.text).toBe(
          prettyError(
            "invalid",
            "invalid resource type for permission: unknown resource type for permission",
          ),
        );
      });
    });

    describe("behaviour A.5 GET /api/v2/authorizations", () => {
      it("lists in ascending ID order with links.self only, including the operator's own token", async () => {
        await createToken([orgPerm("read", "buckets")]);
        await createToken([orgPerm("read", "buckets")]);
        const r = await call("GET", "/api/v2/authorizations");
        expect(r.status).toBe(200);
        expect(r.json.links).toEqual({ self: "/api/v2/authorizations" });
        const ids = r.json.authorizations.map((a: { id: string }) => a.id);
        expect(ids.length).toBeGreaterThanOrEqual(3);
        expect([...ids].sort()).toEqual(ids);
        const expected = server.tokenVisibility === "hashed" ? "" : undefined;
        const operator = r.json.authorizations.find(
          (a: { permissions: unknown[] }) => a.permissions.length >= 44,
        );
        expect(operator).toBeDefined();
        if (expected !== undefined) expect(operator.token).toBe(expected);
        if (server.tokenVisibility === "plain") expect(operator.token).toBe(server.token);
      });

      it("filters by userID, user, orgID, org and the undocumented id", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        for (const q of [
          `userID=${server.user.id}`,
          `user=${server.user.name}`,
          `orgID=${orgId()}`,
          `org=${server.org.name}`,
        ]) {
          const r = await call("GET", `/api/v2/authorizations?${q}`);
          expect(r.status).toBe(200);
          expect(r.json.authorizations.some((x: { id: string }) => x.id === a.id)).toBe(true);
        }
        const byId = await call("GET", `/api/v2/authorizations?id=${a.id}`);
        expect(byId.json.authorizations.map((x: { id: string }) => x.id)).toEqual([a.id]);
        if (server.tokenVisibility !== "redacted") {
          // OSS ignores the Cloud-only `token` filter (behaviour A.5).
          const ignored = await call("GET", "/api/v2/authorizations?token=no-such-token");
          expect(ignored.json.authorizations.some((x: { id: string }) => x.id === a.id)).toBe(true);
        }
        const none = await call("GET", "/api/v2/authorizations?userID=0000000000000abc");
        expect(none.status).toBe(200);
        expect(none.json.authorizations).toEqual([]);
      });

      it.each([
        ["user=nobody", 404, "not found", "user not found"],
        ["org=no-such-org", 404, "not found", 'organization name "no-such-org" not found'],
        ["id=0000000000000abc", 404, "not found", "authorization not found"],
        ["userID=123", 400, "invalid", "id must have a length of 16 bytes"],
        ["orgID=zzzzzzzzzzzzzzzz", 400, "invalid", "invalid ID"],
      ])("%s => %i %s", async (q, status, code, message) => {
        const r = await call("GET", `/api/v2/authorizations?${q}`);
        expect(r.status).toBe(status);
        expect(r.text).toBe(prettyError(code, message));
      });

      it("is silently filtered to what the caller may read (authorizations and the owning user)", async () => {
        const noRead = await createToken([orgPerm("read", "buckets")]);
        let r = await call("GET", "/api/v2/authorizations", { token: noRead.token });
        expect(r.status).toBe(200);
        expect(r.json.authorizations).toEqual([]);

        const authsOnly = await createToken([orgPerm("read", "authorizations")]);
        r = await call("GET", "/api/v2/authorizations", { token: authsOnly.token });
        expect(r.json.authorizations).toEqual([]);

        const reader = await createToken([
          orgPerm("read", "authorizations"),
          { action: "read", resource: { type: "users", id: server.user.id } },
        ]);
        r = await call("GET", "/api/v2/authorizations", { token: reader.token });
        expect(r.json.authorizations.some((x: { id: string }) => x.id === reader.id)).toBe(true);
      });

      it("an inactive caller gets 200 with an empty list", async () => {
        const inactive = await createToken(
          [
            orgPerm("read", "authorizations"),
            { action: "read", resource: { type: "users", id: server.user.id } },
          ],
          { status: "inactive" },
        );
        const r = await call("GET", "/api/v2/authorizations", { token: inactive.token });
        expect(r.status).toBe(200);
        expect(r.json.authorizations).toEqual([]);
      });
    });

    describe("behaviour A.6 GET /api/v2/authorizations/{authID}", () => {
      it("200; `token` follows the visibility mode (behaviour A.3)", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        const r = await call("GET", `/api/v2/authorizations/${a.id}`);
        expect(r.status).toBe(200);
        expect(r.json.id).toBe(a.id);
        if (server.tokenVisibility === "hashed") expect(r.json.token).toBe("");
        if (server.tokenVisibility === "plain") expect(r.json.token).toBe(a.token);
        expect(r.json.permissions).toEqual(a.permissions);
      });

      it("404 for a missing ID; existence is checked before permission", async () => {
        let r = await call("GET", "/api/v2/authorizations/0000000000000abc");
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "authorization not found"));
        const weak = await createToken([orgPerm("read", "buckets")]);
        r = await call("GET", "/api/v2/authorizations/0000000000000abc", { token: weak.token });
        expect(r.status).toBe(404);
        const target = await createToken([orgPerm("read", "buckets")]);
        r = await call("GET", `/api/v2/authorizations/${target.id}`, { token: weak.token });
        expect(r.status).toBe(401);
        expect(r.text).toBe(
          prettyError("unauthorized", `read:orgs/${orgId()}/authorizations/${target.id} is unauthorized`),
        );
        const noUser = await createToken([orgPerm("read", "authorizations")]);
        r = await call("GET", `/api/v2/authorizations/${target.id}`, { token: noUser.token });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", `read:users/${server.user.id} is unauthorized`));
      });

      it("an inactive token => 401 `token is inactive`", async () => {
        const inactive = await createToken([orgPerm("read", "authorizations")], { status: "inactive" });
        const r = await call("GET", `/api/v2/authorizations/${inactive.id}`, { token: inactive.token });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", "token is inactive"));
      });
    });

    describe("behaviour A.7 PATCH /api/v2/authorizations/{authID}", () => {
      it("changes status and description only; sets updatedAt", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        const r = await call("PATCH", `/api/v2/authorizations/${a.id}`, {
          body: {
            status: "inactive",
            description: "changed",
            permissions: [orgPerm("write", "buckets")],
            orgID: "0000000000000abc",
          },
        });
        expect(r.status).toBe(200);
        expect(r.json.status).toBe("inactive");
        expect(r.json.description).toBe("changed");
        expect(r.json.permissions).toEqual(a.permissions);
        expect(r.json.orgID).toBe(orgId());
        expect(Date.parse(r.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(r.json.createdAt));
        if (server.tokenVisibility === "hashed") expect(r.json.token).toBe("");
      });

      it('`{}` changes nothing; `"status":""` resets to active', async () => {
        const a = await createToken([orgPerm("read", "buckets")], { status: "inactive" });
        let r = await call("PATCH", `/api/v2/authorizations/${a.id}`, { body: {} });
        expect(r.status).toBe(200);
        expect(r.json.status).toBe("inactive");
        r = await call("PATCH", `/api/v2/authorizations/${a.id}`, { body: { status: "" } });
        expect(r.status).toBe(200);
        expect(r.json.status).toBe("active");
      });

      it("an invalid status => 400; nothing is persisted", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        const r = await call("PATCH", `/api/v2/authorizations/${a.id}`, {
          body: { status: "paused", description: "no" },
        });
        expect(r.status).toBe(400);
        expect(r.text).toBe(prettyError("invalid", "encodeAuthorization: unknown authorization status"));
        const after = await call("GET", `/api/v2/authorizations/${a.id}`);
        expect(after.json.description).toBe("contract");
      });

      it("invalid JSON (including an empty body) => 500 internal error with the raw decoder message", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        const r = await call("PATCH", `/api/v2/authorizations/${a.id}`, { rawBody: "" });
        expect(r.status).toBe(500);
        expect(r.text).toBe(prettyError("internal error", "EOF"));
      });

      it("404 for a missing ID, 400 for a bad one, 401 without write access", async () => {
        let r = await call("PATCH", "/api/v2/authorizations/0000000000000abc", {
          body: { description: "x" },
        });
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "authorization not found"));
        r = await call("PATCH", "/api/v2/authorizations/123", { body: { description: "x" } });
        expect(r.status).toBe(400);
        const target = await createToken([orgPerm("read", "buckets")]);
        const reader = await createToken([
          orgPerm("read", "authorizations"),
          { action: "read", resource: { type: "users", id: server.user.id } },
        ]);
        r = await call("PATCH", `/api/v2/authorizations/${target.id}`, {
          token: reader.token,
          body: { description: "x" },
        });
        expect(r.status).toBe(401);
        expect(r.text).toBe(
          prettyError("unauthorized", `write:orgs/${orgId()}/authorizations/${target.id} is unauthorized`),
        );
      });
    });

    describe("behaviour A.8 DELETE /api/v2/authorizations/{authID}", () => {
      it("204 with an empty body, a hard delete: GET and a second DELETE answer 404, the token stops working", async () => {
        const a = await createToken([orgPerm("read", "buckets")]);
        expect((await call("GET", "/api/v2/buckets", { token: a.token })).status).toBe(200);
        const r = await call("DELETE", `/api/v2/authorizations/${a.id}`);
        expect(r.status).toBe(204);
        expect(r.text).toBe("");
        for (const method of ["GET", "DELETE"]) {
          const again = await call(method, `/api/v2/authorizations/${a.id}`);
          expect(again.status).toBe(404);
          expect(again.text).toBe(prettyError("not found", "authorization not found"));
        }
        expect((await call("GET", "/api/v2/buckets", { token: a.token })).status).toBe(401);
      });

      it("401 without write access", async () => {
        const target = await createToken([orgPerm("read", "buckets")]);
        const weak = await createToken([orgPerm("read", "buckets")]);
        const r = await call("DELETE", `/api/v2/authorizations/${target.id}`, { token: weak.token });
        expect(r.status).toBe(401);
        expect(r.text).toBe(
          prettyError("unauthorized", `write:orgs/${orgId()}/authorizations/${target.id} is unauthorized`),
        );
      });
    });

    describe("behaviour A.11 lookups", () => {
      it("orgs: by name; unknown name => 404; paging limits", async () => {
        let r = await call("GET", `/api/v2/orgs?org=${server.org.name}`);
        expect(r.status).toBe(200);
        expect(r.json.orgs.map((o: { id: string }) => o.id)).toEqual([orgId()]);
        expect(r.json.links.self).toBe("/api/v2/orgs");
        r = await call("GET", "/api/v2/orgs?org=no-such-org");
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", 'organization name "no-such-org" not found'));
        r = await call("GET", "/api/v2/orgs?limit=0");
        expect(r.text).toBe(prettyError("invalid", "limit must be between 1 and 100"));
        r = await call("GET", "/api/v2/orgs?limit=abc");
        expect(r.text).toBe(prettyError("invalid", "limit is invalid"));
        r = await call("GET", "/api/v2/orgs?offset=abc");
        expect(r.text).toBe(prettyError("invalid", "offset is invalid"));
        r = await call("GET", `/api/v2/orgs/${orgId()}`);
        expect(r.status).toBe(200);
        expect(r.json.name).toBe(server.org.name);
        // links is a Go map: keys come sorted.
        expect(Object.keys(r.json.links)).toEqual([...Object.keys(r.json.links)].sort());
        expect(r.json.links.self).toBe(`/api/v2/orgs/${orgId()}`);
      });

      it("an org that exists but is unreadable => 200 with orgs: []", async () => {
        const weak = await createToken([orgPerm("read", "buckets")]);
        const r = await call("GET", `/api/v2/orgs?org=${server.org.name}`, { token: weak.token });
        expect(r.status).toBe(200);
        expect(r.json.orgs).toEqual([]);
      });

      it("users: by name and ID; unknown => 404 `user not found`", async () => {
        let r = await call("GET", `/api/v2/users?name=${server.user.name}`);
        expect(r.status).toBe(200);
        expect(r.json.users.map((u: { id: string }) => u.id)).toEqual([server.user.id]);
        r = await call("GET", "/api/v2/users?name=nobody");
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "user not found"));
        r = await call("GET", `/api/v2/users/${server.user.id}`);
        expect(r.status).toBe(200);
        expect(r.json.name).toBe(server.user.name);
      });

      it("buckets: name + org is an exact lookup; unknown => 404", async () => {
        let r = await call("GET", `/api/v2/buckets?name=telemetry&orgID=${orgId()}`);
        expect(r.status).toBe(200);
        expect(r.json.buckets.map((b: { id: string }) => b.id)).toEqual([server.buckets["telemetry"]]);
        r = await call("GET", `/api/v2/buckets?name=logs&org=${server.org.name}`);
        expect(r.json.buckets.map((b: { id: string }) => b.id)).toEqual([server.buckets["logs"]]);
        r = await call("GET", `/api/v2/buckets?name=nope&orgID=${orgId()}`);
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", 'bucket "nope" not found'));
        r = await call("GET", "/api/v2/buckets?org=no-such-org");
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", 'organization name "no-such-org" not found'));
        r = await call("GET", "/api/v2/buckets?orgID=123");
        expect(r.status).toBe(400);
        r = await call("GET", `/api/v2/buckets/${server.buckets["logs"]}`);
        expect(r.status).toBe(200);
        expect(r.json.name).toBe("logs");
        expect(r.json.type).toBe("user");
        expect(Object.keys(r.json.links)).toEqual(["labels", "members", "org", "owners", "self", "write"]);
      });

      it("buckets: name without org scans every org; paging links as NewPagingLinks builds them", async () => {
        let r = await call("GET", "/api/v2/buckets?name=telemetry");
        expect(r.status).toBe(200);
        expect(r.json.buckets.map((b: { id: string }) => b.id)).toEqual([server.buckets["telemetry"]]);
        expect(r.json.links).toEqual({
          self: "/api/v2/buckets?bucket=telemetry&descending=false&limit=20&offset=0",
        });
        r = await call("GET", `/api/v2/buckets?orgID=${orgId()}&limit=1&offset=1`);
        expect(r.json.buckets).toHaveLength(1);
        expect(r.json.links).toEqual({
          prev: `/api/v2/buckets?descending=false&limit=1&offset=0&orgID=${orgId()}`,
          self: `/api/v2/buckets?descending=false&limit=1&offset=1&orgID=${orgId()}`,
          next: `/api/v2/buckets?descending=false&limit=1&offset=2&orgID=${orgId()}`,
        });
        // An onboarded org also has the system buckets _monitoring and _tasks.
        r = await call("GET", `/api/v2/buckets?orgID=${orgId()}`);
        const types = Object.fromEntries(
          r.json.buckets.map((b: { name: string; type: string }) => [b.name, b.type]),
        );
        expect(types).toMatchObject({
          _monitoring: "system",
          _tasks: "system",
          telemetry: "user",
          logs: "user",
        });
      });
    });

    defineUsersContract({ server: () => server, call, createToken });

    describe("POST /api/v2/write checks the token's write permission", () => {
      const line = "m,host=a f=1";
      const write = (q: string, token?: string) =>
        call("POST", `/api/v2/write?${q}`, {
          rawBody: line,
          contentType: "text/plain; charset=utf-8",
          ...(token ? { token } : {}),
        });

      it("204 with write on the bucket; 403 on another bucket; 401 for an unknown token", async () => {
        expect((await write(`org=${server.org.name}&bucket=telemetry`)).status).toBe(204);
        const w = await createToken([
          {
            action: "write",
            resource: { type: "buckets", id: server.buckets["telemetry"] as string, orgID: orgId() },
          },
        ]);
        expect((await write(`org=${server.org.name}&bucket=telemetry`, w.token)).status).toBe(204);
        expect((await write(`orgID=${orgId()}&bucket=${server.buckets["telemetry"]}`, w.token)).status).toBe(
          204,
        );
        const denied = await write(`org=${server.org.name}&bucket=logs`, w.token);
        expect(denied.status).toBe(403);
        expect(denied.text).toBe('{"code":"forbidden","message":"insufficient permissions for write"}');
        const unknown = await write(`org=${server.org.name}&bucket=telemetry`, "not-a-token");
        expect(unknown.status).toBe(401);
      });

      it("read does not imply write; an inactive token is refused", async () => {
        const r = await createToken([orgPerm("read", "buckets")]);
        expect((await write(`org=${server.org.name}&bucket=telemetry`, r.token)).status).toBe(403);
        const inactive = await createToken([orgPerm("write", "buckets")], { status: "inactive" });
        const res = await write(`org=${server.org.name}&bucket=telemetry`, inactive.token);
        expect(res.status).toBe(403);
        expect(res.text).toBe(
          '{"code":"forbidden","message":"insufficient permissions for write: token is inactive"}',
        );
      });

      it("checks line protocol after the permission; bad lines => 400, joined with newlines", async () => {
        const q = `org=${server.org.name}&bucket=telemetry`;
        const post = (body: string) =>
          call("POST", `/api/v2/write?${q}`, { rawBody: body, contentType: "text/plain" });
        const ok = await post('# comment\n\nm,host=a f=1i,g=2u,h=t,s="x y" 1700000000000000000\n');
        expect(ok.status).toBe(204);
        for (const [body, reason] of [
          ["m", "missing fields"],
          ["m,t= f=1", "missing tag value"],
          ["m f=1x", "invalid number"],
          ["m f=1 abc", "bad timestamp"],
          ['m f="unterminated', "unbalanced quotes"],
        ]) {
          const r = await post(body as string);
          expect(r.status).toBe(400);
          expect(r.text).toBe(
            JSON.stringify({ code: "invalid", message: `unable to parse '${body}': ${reason}` }),
          );
        }
        const two = await post("m f=1\nbad\nalso bad");
        expect(two.json.message).toBe(
          "unable to parse 'bad': missing fields\nunable to parse 'also bad': invalid field format",
        );
        const weak = await createToken([orgPerm("read", "buckets")]);
        const denied = await call("POST", `/api/v2/write?${q}`, {
          rawBody: "m",
          contentType: "text/plain",
          token: weak.token,
        });
        expect(denied.status).toBe(403);
      });

      it.each([
        ["org=my-org", 404, "not found", "bucket not found"],
        ["bucket=telemetry", 400, "invalid", "Please provide either orgID or org"],
        ["org=no-such-org&bucket=telemetry", 404, "not found", 'organization name "no-such-org" not found'],
        ["org=my-org&bucket=nope", 404, "not found", 'bucket "nope" not found'],
        [
          "org=my-org&bucket=telemetry&precision=h",
          400,
          "invalid",
          "invalid precision; valid precision units are ns, us, ms, and s",
        ],
      ])("%s => %i", async (q, status, code, message) => {
        const r = await write(q.replace("my-org", server.org.name));
        expect(r.status).toBe(status);
        expect(r.text).toBe(JSON.stringify({ code, message }));
      });
    });

    it("checked responses against the official OpenAPI document", () => {
      if (!skipReason) expect(client.checkedCount()).toBeGreaterThan(50);
    });
  });
}
