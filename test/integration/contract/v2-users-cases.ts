import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { V2TestServer } from "../../support/v2-server";
import { type CallOptions, type CallResult, prettyError } from "./contract-client";

type Perm = { action: string; resource: Record<string, string> };

export interface UsersContractContext {
  server(): V2TestServer;
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  createToken(
    permissions: Perm[],
    extra?: Record<string, unknown>,
  ): Promise<{ id: string; token: string; status: string; permissions: Perm[] }>;
}

interface UserJson {
  links: { self: string };
  id: string;
  name: string;
  oauthID?: string;
  status: string;
}

/**
 * The v2 users API and org membership (`/api/v2/users`, `/api/v2/me`, `/api/v2/orgs/{id}/members`
 * and `/owners`), as part of the shared v2 contract suite: every expectation here was seen on
 * influxd 2.9.1 and runs unchanged against it and the emulator. Responses the spec does not allow
 * (a status outside its enum, two bodies in one response) are read with plain fetch, unchecked.
 */
export function defineUsersContract(t: UsersContractContext): void {
  const server = () => t.server();
  const call = t.call;
  const orgId = () => server().org.id;
  // One server serves the whole suite: every user gets a name of its own.
  const prefix = `cu${randomBytes(3).toString("hex")}`;
  let counter = 0;
  const uniqueName = (what: string) => `${prefix}-${what}-${++counter}`;

  async function createUser(extra: Record<string, unknown> = {}, name = uniqueName("user")) {
    const r = await call("POST", "/api/v2/users", { body: { name, ...extra } });
    expect(r.status, r.text).toBe(201);
    return r.json as UserJson;
  }
  const userPerm = (action: string, id?: string): Perm => ({
    action,
    resource: id === undefined ? { type: "users" } : { type: "users", id },
  });
  const orgById = (action: string): Perm => ({ action, resource: { type: "orgs", id: orgId() } });
  const raw = (method: string, path: string, body?: string, token = server().token) =>
    fetch(`${server().url}${path}`, {
      method,
      headers: { Authorization: `Token ${token}`, "Content-Type": "application/json" },
      ...(body !== undefined ? { body } : {}),
    });
  /** Which of `tokens` reach GET /api/v2/buckets: 200, or the compact 403 of an inactive user. */
  const bucketsStatus = async (token: string) => (await call("GET", "/api/v2/buckets", { token })).status;

  describe("users: POST /api/v2/users", () => {
    it("201 with and without the trailing slash; links, id, name, status in that order", async () => {
      for (const path of ["/api/v2/users", "/api/v2/users/"]) {
        const name = uniqueName("post");
        const r = await call("POST", path, { body: { name } });
        expect(r.status).toBe(201);
        expect(Object.keys(r.json)).toEqual(["links", "id", "name", "status"]);
        expect(r.json).toEqual({
          links: { self: `/api/v2/users/${r.json.id}` },
          id: r.json.id,
          name,
          status: "active",
        });
        expect(r.json.id).toMatch(/^[0-9a-f]{16}$/);
        expect(r.text.startsWith('{\n\t"links"')).toBe(true);
      }
    });

    it("keeps status `inactive`, a chosen `id` and an `oauthID`; ignores other keys such as `password`", async () => {
      const inactive = await createUser({ status: "inactive" });
      expect(inactive.status).toBe("inactive");
      const id = `0e${randomBytes(7).toString("hex")}`;
      const chosen = await createUser({ id, oauthID: "ext-1", password: "ignored-here" });
      expect(chosen).toMatchObject({ id, oauthID: "ext-1", status: "active" });
      expect(Object.keys(chosen)).toEqual(["links", "id", "name", "oauthID", "status"]);
      const again = await call("POST", "/api/v2/users", { body: { name: uniqueName("dup-id"), id } });
      expect(again.status).toBe(422);
      expect(again.text).toBe(prettyError("conflict", `user with ID ${id} already exists`));
    });

    it("does not validate status on create: `paused` is stored, and only `inactive` locks the user's tokens", async () => {
      // Outside the spec's enum, so read without the contract check.
      const res = await raw(
        "POST",
        "/api/v2/users",
        JSON.stringify({ name: uniqueName("paused"), status: "paused" }),
      );
      expect(res.status).toBe(201);
      const paused = (await res.json()) as UserJson;
      expect(paused.status).toBe("paused");
      const token = await t.createToken([{ action: "read", resource: { type: "buckets", orgID: orgId() } }], {
        userID: paused.id,
      });
      expect(await bucketsStatus(token.token)).toBe(200);
      // Every later list would carry a status outside the spec's enum.
      expect((await call("DELETE", `/api/v2/users/${paused.id}`)).status).toBe(204);
    });

    it("a taken name => 422 conflict", async () => {
      const u = await createUser();
      const r = await call("POST", "/api/v2/users/", { body: { name: u.name } });
      expect(r.status).toBe(422);
      expect(r.text).toBe(prettyError("conflict", `user with name ${u.name} already exists`));
      expect(r.headers.get("x-platform-error-code")).toBe("conflict");
    });

    it.each([
      ["an empty name", '{"name":""}', 400, "empty value", "key required"],
      ["no name", "{}", 400, "empty value", "key required"],
      ["null", "null", 400, "empty value", "key required"],
      ["an empty body", "", 500, "internal error", "EOF"],
      [
        "a numeric name",
        '{"name":5}',
        500,
        "internal error",
        "json: cannot unmarshal number into Go struct field User.name of type string",
      ],
      [
        "a numeric status",
        '{"name":"x","status":5}',
        500,
        "internal error",
        "json: cannot unmarshal number into Go struct field User.status of type influxdb.Status",
      ],
      [
        "an array",
        "[]",
        500,
        "internal error",
        "json: cannot unmarshal array into Go value of type influxdb.User",
      ],
      ["a short id", '{"name":"x","id":"123"}', 400, "invalid", "id must have a length of 16 bytes"],
      ["the zero id", '{"name":"x","id":"0000000000000000"}', 400, "invalid", "invalid ID"],
    ])("%s => %i %s", async (_name, body, status, code, message) => {
      const r = await call("POST", "/api/v2/users", { rawBody: body });
      expect(r.status).toBe(status);
      expect(r.text).toBe(prettyError(code, message));
    });

    it("needs a type-wide write:users: a token for one user or without users => 401; inactive => 401", async () => {
      const body = { name: uniqueName("denied") };
      const none = await t.createToken([{ action: "read", resource: { type: "buckets" } }]);
      let r = await call("POST", "/api/v2/users", { token: none.token, body });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", "write:users is unauthorized"));
      const one = await t.createToken([userPerm("write", server().user.id)]);
      r = await call("POST", "/api/v2/users", { token: one.token, body });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", "write:users is unauthorized"));
      const inactive = await t.createToken([userPerm("write")], { status: "inactive" });
      r = await call("POST", "/api/v2/users", { token: inactive.token, body });
      expect(r.text).toBe(prettyError("unauthorized", "token is inactive"));
      const writer = await t.createToken([userPerm("write")]);
      r = await call("POST", "/api/v2/users", { token: writer.token, body });
      expect(r.status).toBe(201);
      // Decoding comes first: a bad body beats a missing permission.
      r = await call("POST", "/api/v2/users", { token: none.token, rawBody: "" });
      expect(r.status).toBe(500);
    });

    it("no token => 401 compact, with or without the trailing slash", async () => {
      for (const path of ["/api/v2/users", "/api/v2/users/"]) {
        const r = await call("POST", path, { token: null, body: { name: uniqueName("anon") } });
        expect(r.status).toBe(401);
        expect(r.text).toBe('{"code":"unauthorized","message":"unauthorized access"}');
      }
    });
  });

  describe("users: GET /api/v2/users", () => {
    it("lists in ascending ID order (limit 20 by default), links.self only", async () => {
      const made = [await createUser(), await createUser()];
      const r = await call("GET", "/api/v2/users?limit=100");
      expect(r.status).toBe(200);
      expect(r.json.links).toEqual({ self: "/api/v2/users" });
      const ids = r.json.users.map((u: UserJson) => u.id);
      expect([...ids].sort()).toEqual(ids);
      for (const u of [server().user, ...made]) expect(ids).toContain(u.id);
      expect((await call("GET", "/api/v2/users")).json.users.length).toBeLessThanOrEqual(20);
    });

    it("pages with limit, offset, after and descending as the ID cursor does", async () => {
      await createUser();
      await createUser();
      const all = (await call("GET", "/api/v2/users?limit=100")).json.users.map((u: UserJson) => u.id);
      expect(all.length).toBeGreaterThanOrEqual(3);
      let r = await call("GET", "/api/v2/users?limit=2&offset=1");
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual(all.slice(1, 3));
      r = await call("GET", `/api/v2/users?after=${all[0]}&limit=1`);
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual([all[1]]);
      r = await call("GET", `/api/v2/users?after=${all[0]}&offset=1&limit=1`);
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual([all[2]]);
      r = await call("GET", "/api/v2/users?descending=true&limit=100");
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual([...all].reverse());
      // Descending with `after` starts at the first ID past it and walks back from there.
      r = await call("GET", `/api/v2/users?descending=true&after=${all[0]}&limit=100`);
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual([all[1], all[0]]);
      r = await call("GET", "/api/v2/users?after=ffffffffffffffff");
      expect(r.status).toBe(400);
      expect(r.text).toBe(prettyError("invalid", "invalid ID"));
      r = await call("GET", "/api/v2/users?limit=0");
      expect(r.text).toBe(prettyError("invalid", "limit must be between 1 and 100"));
    });

    it("`name` and `id` are exact lookups (404 `user not found`); `id` wins over `name`; also with a trailing slash", async () => {
      const a = await createUser();
      const b = await createUser();
      for (const q of [`name=${a.name}`, `id=${a.id}`, `id=${a.id}&name=${b.name}`]) {
        const r = await call("GET", `/api/v2/users?${q}`);
        expect(r.status, q).toBe(200);
        expect(r.json.users).toEqual([a]);
      }
      const slash = await call("GET", `/api/v2/users/?name=${b.name}`);
      expect(slash.json.users).toEqual([b]);
      for (const q of ["name=nobody-at-all", "id=0000000000000abd"]) {
        const r = await call("GET", `/api/v2/users?${q}`);
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "user not found"));
      }
      const bad = await call("GET", "/api/v2/users?id=123");
      expect(bad.status).toBe(400);
      expect(bad.text).toBe(prettyError("invalid", "id must have a length of 16 bytes"));
    });

    it("drops users the caller cannot read: an unreadable `name` is 200 with `[]`, not 404", async () => {
      const a = await createUser();
      const b = await createUser();
      const weak = await t.createToken([{ action: "read", resource: { type: "buckets" } }]);
      let r = await call("GET", "/api/v2/users", { token: weak.token });
      expect(r.status).toBe(200);
      expect(r.json.users).toEqual([]);
      r = await call("GET", `/api/v2/users?name=${a.name}`, { token: weak.token });
      expect(r.status).toBe(200);
      expect(r.json.users).toEqual([]);
      const one = await t.createToken([userPerm("read", a.id)]);
      r = await call("GET", "/api/v2/users?limit=100", { token: one.token });
      expect(r.json.users.map((u: UserJson) => u.id)).toEqual([a.id]);
      r = await call("GET", `/api/v2/users?name=${b.name}`, { token: one.token });
      expect(r.json.users).toEqual([]);
      const inactive = await t.createToken([userPerm("read")], { status: "inactive" });
      r = await call("GET", "/api/v2/users", { token: inactive.token });
      expect(r.status).toBe(200);
      expect(r.json.users).toEqual([]);
    });
  });

  describe("users: GET, PATCH, DELETE /api/v2/users/{userID}", () => {
    it("GET: 200 with the user; permission before existence; bad IDs => 400", async () => {
      const u = await createUser();
      let r = await call("GET", `/api/v2/users/${u.id}`);
      expect(r.status).toBe(200);
      expect(r.json).toEqual(u);
      r = await call("GET", `/api/v2/users/${u.id}/`);
      expect(r.json).toEqual(u);
      r = await call("GET", "/api/v2/users/0000000000000abd");
      expect(r.status).toBe(404);
      expect(r.text).toBe(prettyError("not found", "user not found"));
      const weak = await t.createToken([{ action: "read", resource: { type: "buckets" } }]);
      for (const id of [u.id, "0000000000000abd"]) {
        r = await call("GET", `/api/v2/users/${id}`, { token: weak.token });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", `read:users/${id} is unauthorized`));
      }
      for (const [id, message] of [
        ["123", "id must have a length of 16 bytes"],
        ["zzzzzzzzzzzzzzzz", "invalid ID"],
      ] as const) {
        r = await call("GET", `/api/v2/users/${id}`);
        expect(r.status).toBe(400);
        expect(r.text).toBe(prettyError("invalid", message));
      }
    });

    it("PATCH: name and status change; `{}` and `null` change nothing; other keys are ignored", async () => {
      const u = await createUser({ oauthID: "keep" });
      const name = uniqueName("renamed");
      let r = await call("PATCH", `/api/v2/users/${u.id}`, { body: { name, status: "inactive" } });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ ...u, name, status: "inactive" });
      for (const body of ["{}", "null", '{"oauthID":"new","id":"0000000000000abd"}']) {
        r = await call("PATCH", `/api/v2/users/${u.id}`, { rawBody: body });
        expect(r.status, body).toBe(200);
        expect(r.json).toEqual({ ...u, name, status: "inactive" });
      }
      r = await call("PATCH", `/api/v2/users/${u.id}`, { body: { name } });
      expect(r.status).toBe(200);
      expect((await call("GET", `/api/v2/users?name=${name}`)).json.users[0].id).toBe(u.id);
      expect((await call("GET", `/api/v2/users?name=${u.name}`)).status).toBe(404);
    });

    it.each([
      [
        "a status outside the enum",
        '{"status":"paused"}',
        400,
        "invalid",
        "invalid status: must be active or inactive",
      ],
      ["an empty status", '{"status":""}', 400, "invalid", "invalid status: must be active or inactive"],
      ["an empty name", '{"name":""}', 400, "empty value", "key required"],
      ["an empty body", "", 500, "internal error", "EOF"],
      [
        "a numeric name",
        '{"name":7}',
        500,
        "internal error",
        "json: cannot unmarshal number into Go struct field UserUpdate.name of type string",
      ],
      [
        "an array",
        "[]",
        500,
        "internal error",
        "json: cannot unmarshal array into Go value of type influxdb.UserUpdate",
      ],
    ])("PATCH with %s => %i %s, nothing changes", async (_name, body, status, code, message) => {
      const u = await createUser();
      const r = await call("PATCH", `/api/v2/users/${u.id}`, { rawBody: body });
      expect(r.status).toBe(status);
      expect(r.text).toBe(prettyError(code, message));
      expect((await call("GET", `/api/v2/users/${u.id}`)).json).toEqual(u);
    });

    it("PATCH: a taken name => 422; unknown => 404; without write on the user => 401, even for an unknown ID", async () => {
      const u = await createUser();
      let r = await call("PATCH", `/api/v2/users/${u.id}`, { body: { name: server().user.name } });
      expect(r.status).toBe(422);
      expect(r.text).toBe(prettyError("conflict", `user with name ${server().user.name} already exists`));
      r = await call("PATCH", "/api/v2/users/0000000000000abd", { body: { name: "x" } });
      expect(r.status).toBe(404);
      expect(r.text).toBe(prettyError("not found", "user not found"));
      r = await call("PATCH", "/api/v2/users/123", { body: { name: "x" } });
      expect(r.status).toBe(400);
      const reader = await t.createToken([userPerm("read")]);
      for (const id of [u.id, "0000000000000abd"]) {
        r = await call("PATCH", `/api/v2/users/${id}`, { token: reader.token, body: { name: "x" } });
        expect(r.status).toBe(401);
        expect(r.text).toBe(prettyError("unauthorized", `write:users/${id} is unauthorized`));
      }
      const own = await t.createToken([userPerm("write", u.id)]);
      r = await call("PATCH", `/api/v2/users/${u.id}`, { token: own.token, body: { status: "active" } });
      expect(r.status).toBe(200);
    });

    it("an inactive user's tokens answer 403 compact `User is inactive`; reactivated, they work again", async () => {
      const u = await createUser();
      const token = await t.createToken([{ action: "read", resource: { type: "buckets" } }], {
        userID: u.id,
      });
      expect(await bucketsStatus(token.token)).toBe(200);
      await call("PATCH", `/api/v2/users/${u.id}`, { body: { status: "inactive" } });
      const r = await call("GET", "/api/v2/buckets", { token: token.token });
      expect(r.status).toBe(403);
      expect(r.text).toBe('{"code":"forbidden","message":"User is inactive"}');
      await call("PATCH", `/api/v2/users/${u.id}`, { body: { status: "active" } });
      expect(await bucketsStatus(token.token)).toBe(200);
    });

    it("DELETE: 204 empty; then GET, PATCH and DELETE answer 404; without write on the user => 401", async () => {
      const u = await createUser();
      const reader = await t.createToken([userPerm("read")]);
      let r = await call("DELETE", `/api/v2/users/${u.id}`, { token: reader.token });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", `write:users/${u.id} is unauthorized`));
      r = await call("DELETE", `/api/v2/users/${u.id}`);
      expect(r.status).toBe(204);
      expect(r.text).toBe("");
      for (const method of ["GET", "DELETE"]) {
        r = await call(method, `/api/v2/users/${u.id}`);
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "user not found"));
      }
      r = await call("PATCH", `/api/v2/users/${u.id}`, { body: { name: "x" } });
      expect(r.status).toBe(404);
      expect((await call("GET", `/api/v2/users?name=${u.name}`)).status).toBe(404);
      // The name is free again.
      expect((await call("POST", "/api/v2/users", { body: { name: u.name } })).status).toBe(201);
    });

    it("DELETE keeps the user's authorizations: they stop working, leave the lists, GET/PATCH say `user not found`, DELETE still removes them", async () => {
      const u = await createUser();
      const a = await t.createToken([{ action: "read", resource: { type: "buckets" } }], { userID: u.id });
      expect(await bucketsStatus(a.token)).toBe(200);
      expect((await call("DELETE", `/api/v2/users/${u.id}`)).status).toBe(204);

      let r = await call("GET", "/api/v2/buckets", { token: a.token });
      expect(r.status).toBe(403);
      expect(r.text).toBe('{"code":"forbidden","message":"User is inactive"}');
      for (const q of ["", `?id=${a.id}`, `?userID=${u.id}`]) {
        r = await call("GET", `/api/v2/authorizations${q}`);
        expect(r.status, q).toBe(200);
        expect(r.json.authorizations.map((x: { id: string }) => x.id)).not.toContain(a.id);
      }
      r = await call("GET", `/api/v2/authorizations?user=${u.name}`);
      expect(r.status).toBe(404);
      for (const method of ["GET", "PATCH"]) {
        r = await call(
          method,
          `/api/v2/authorizations/${a.id}`,
          method === "PATCH" ? { body: { description: "x" } } : {},
        );
        expect(r.status, method).toBe(404);
        expect(r.text).toBe(prettyError("not found", "user not found"));
      }
      r = await call("POST", "/api/v2/authorizations", {
        body: {
          orgID: orgId(),
          userID: u.id,
          permissions: [{ action: "read", resource: { type: "buckets" } }],
        },
      });
      expect(r.status).toBe(400);
      expect(r.text).toBe(prettyError("invalid", "unable to create token"));
      r = await call("DELETE", `/api/v2/authorizations/${a.id}`);
      expect(r.status).toBe(204);
      expect((await call("DELETE", `/api/v2/authorizations/${a.id}`)).status).toBe(404);
    });

    it("wrong methods => empty 405", async () => {
      const u = await createUser();
      for (const [method, path] of [
        ["PUT", "/api/v2/users"],
        ["DELETE", "/api/v2/users"],
        ["PUT", `/api/v2/users/${u.id}`],
        ["POST", `/api/v2/users/${u.id}`],
        ["GET", `/api/v2/users/${u.id}/password`],
        ["POST", "/api/v2/me"],
        ["PATCH", `/api/v2/orgs/${orgId()}/members`],
        ["GET", `/api/v2/orgs/${orgId()}/members/${u.id}`],
      ] as const) {
        const res = await raw(method, path);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(await res.text()).toBe("");
      }
    });
  });

  describe("users: passwords", () => {
    it("POST /api/v2/users/{id}/password: 204; 8 to 72 bytes; decode errors 400; bad path ID 500; unknown user 403", async () => {
      const u = await createUser();
      const post = (body: string, id = u.id, token?: string) =>
        call("POST", `/api/v2/users/${id}/password`, { rawBody: body, ...(token ? { token } : {}) });
      let r = await post(JSON.stringify({ password: "longenough1" }));
      expect(r.status).toBe(204);
      expect(r.text).toBe("");
      expect((await post(JSON.stringify({ password: "x".repeat(72) }))).status).toBe(204);
      const length = prettyError("invalid", "passwords must be between 8 and 72 characters long");
      for (const body of ['{"password":"short"}', "{}", JSON.stringify({ password: "x".repeat(73) })]) {
        r = await post(body);
        expect(r.status, body).toBe(400);
        expect(r.text).toBe(length);
      }
      r = await post("");
      expect(r.status).toBe(400);
      expect(r.text).toBe(prettyError("invalid", "EOF"));
      r = await post('{"password":5}');
      expect(r.text).toBe(
        prettyError(
          "invalid",
          "json: cannot unmarshal number into Go struct field passwordSetRequest.password of type string",
        ),
      );
      r = await post('{"password":"longenough1"}', "0000000000000abd");
      expect(r.status).toBe(403);
      expect(r.text).toBe(prettyError("forbidden", "your userID is incorrect"));
      r = await post('{"password":"longenough1"}', "123");
      expect(r.status).toBe(500);
      expect(r.text).toBe(prettyError("internal error", "invalid user ID provided in route"));
      const reader = await t.createToken([userPerm("read")]);
      r = await post('{"password":"longenough1"}', u.id, reader.token);
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", `write:users/${u.id} is unauthorized`));
    });

    it("PUT (change with the old password as Basic credentials) cannot work with a token => 500", async () => {
      const u = await createUser();
      const message = "error decoding password reset request: invalid basic auth";
      for (const path of [`/api/v2/users/${u.id}/password`, "/api/v2/users/password"]) {
        const res = await raw("PUT", path, '{"password":"longenough2"}');
        expect(res.status, path).toBe(500);
        expect(await res.text()).toBe(prettyError("internal error", message));
      }
      // /me/password goes on after that error, panics, and the recoverer writes a second body.
      const me = await raw("PUT", "/api/v2/me/password", '{"password":"longenough2"}');
      expect(me.status).toBe(500);
      expect(await me.text()).toBe(
        prettyError("internal error", message) +
          prettyError(
            "internal error",
            "a panic has occurred: /api/v2/me/password: runtime error: slice bounds out of range [-1:]",
          ),
      );
    });
  });

  describe("users: GET /api/v2/me", () => {
    it("the caller's user, and only with read on that user (401 otherwise, `token is inactive` when inactive)", async () => {
      let r = await call("GET", "/api/v2/me");
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        links: { self: `/api/v2/users/${server().user.id}` },
        id: server().user.id,
        name: server().user.name,
        status: "active",
      });
      const u = await createUser();
      const self = await t.createToken([userPerm("read", u.id)], { userID: u.id });
      r = await call("GET", "/api/v2/me", { token: self.token });
      expect(r.json).toEqual(u);
      const weak = await t.createToken([{ action: "read", resource: { type: "buckets" } }], { userID: u.id });
      r = await call("GET", "/api/v2/me", { token: weak.token });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", `read:users/${u.id} is unauthorized`));
      const inactive = await t.createToken([userPerm("read")], { status: "inactive" });
      r = await call("GET", "/api/v2/me", { token: inactive.token });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", "token is inactive"));
    });
  });

  describe("users: org members and owners", () => {
    const members = () => `/api/v2/orgs/${orgId()}/members`;
    const owners = () => `/api/v2/orgs/${orgId()}/owners`;
    const idsOf = (r: CallResult) => r.json.users.map((u: { id: string }) => u.id);

    it("onboarding made the first user an owner, not a member", async () => {
      const r = await call("GET", owners());
      expect(r.status).toBe(200);
      expect(r.json.links).toEqual({ self: `/api/v2/orgs/${orgId()}/owners` });
      expect(r.json.users).toContainEqual({
        role: "owner",
        links: { self: `/api/v2/users/${server().user.id}` },
        id: server().user.id,
        name: server().user.name,
        status: "active",
      });
      expect(idsOf(await call("GET", members()))).not.toContain(server().user.id);
    });

    it("POST adds a member (201 with its role); GET lists it; orgs?userID= finds the org; DELETE removes it", async () => {
      const u = await createUser();
      expect((await call("GET", `/api/v2/orgs?userID=${u.id}`)).json.orgs).toEqual([]);
      let r = await call("POST", members(), { body: { id: u.id } });
      expect(r.status).toBe(201);
      expect(Object.keys(r.json)).toEqual(["role", "links", "id", "name", "status"]);
      expect(r.json).toEqual({ role: "member", ...u });
      r = await call("GET", members());
      expect(r.json.links).toEqual({ self: `/api/v2/orgs/${orgId()}/members` });
      expect(r.json.users).toContainEqual({ role: "member", ...u });
      expect(idsOf(await call("GET", owners()))).not.toContain(u.id);
      const orgs = await call("GET", `/api/v2/orgs?userID=${u.id}`);
      expect(orgs.json.orgs.map((o: { id: string }) => o.id)).toEqual([orgId()]);

      r = await call("DELETE", `${members()}/${u.id}`);
      expect(r.status).toBe(204);
      expect(idsOf(await call("GET", members()))).not.toContain(u.id);
      // Nothing left to remove, or a user that does not exist: 204 all the same.
      expect((await call("DELETE", `${members()}/${u.id}`)).status).toBe(204);
      expect((await call("DELETE", `${members()}/0000000000000abd`)).status).toBe(204);
    });

    it("one mapping per user and org: a second POST (member or owner) => 500; DELETE via /members removes an owner too", async () => {
      const u = await createUser();
      expect((await call("POST", `${owners()}/`, { body: { id: u.id } })).json.role).toBe("owner");
      const taken = `Unexpected error when assigning user to a resource: mapping for user ${u.id} already exists`;
      for (const path of [members(), owners()]) {
        const r = await call("POST", path, { body: { id: u.id } });
        expect(r.status, path).toBe(500);
        expect(r.text).toBe(prettyError("internal error", taken));
      }
      expect((await call("DELETE", `${members()}/${u.id}`)).status).toBe(204);
      expect(idsOf(await call("GET", owners()))).not.toContain(u.id);
      expect((await call("POST", members(), { body: { id: u.id } })).status).toBe(201);
      expect((await call("DELETE", `${owners()}/${u.id}`)).status).toBe(204);
      expect(idsOf(await call("GET", members()))).not.toContain(u.id);
    });

    it("deleting a user removes its memberships", async () => {
      const u = await createUser();
      await call("POST", members(), { body: { id: u.id } });
      await call("DELETE", `/api/v2/users/${u.id}`);
      expect(idsOf(await call("GET", members()))).not.toContain(u.id);
    });

    it.each([
      ["no id", "{}", 400, "invalid", "user id missing or invalid"],
      ["a name only", '{"name":"admin"}', 400, "invalid", "user id missing or invalid"],
      ["a short id", '{"id":"12"}', 400, "invalid", "id must have a length of 16 bytes"],
      ["an unknown user", '{"id":"0000000000000abd"}', 404, "not found", "user not found"],
      ["an empty body", "", 500, "internal error", "EOF"],
      [
        "a numeric id",
        '{"id":5}',
        500,
        "internal error",
        "json: cannot unmarshal number into Go struct field User.id of type platform.ID",
      ],
    ])("POST with %s => %i", async (_name, body, status, code, message) => {
      const r = await call("POST", members(), { rawBody: body });
      expect(r.status).toBe(status);
      expect(r.text).toBe(prettyError(code, message));
    });

    it("an unknown org => 404 `404 page not found`; a malformed org ID => 400 `corrupt ID provided`", async () => {
      const u = await createUser();
      for (const [method, path, body] of [
        ["GET", "/api/v2/orgs/0000000000000abd/members", undefined],
        ["GET", "/api/v2/orgs/0000000000000abd/owners", undefined],
        ["POST", "/api/v2/orgs/0000000000000abd/members", { id: u.id }],
        ["DELETE", `/api/v2/orgs/0000000000000abd/members/${u.id}`, undefined],
      ] as const) {
        const r = await call(method, path, body ? { body } : {});
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.text).toBe(prettyError("not found", "404 page not found"));
      }
      const r = await call("GET", "/api/v2/orgs/123/members");
      expect(r.status).toBe(400);
      expect(r.text).toBe(prettyError("invalid", "corrupt ID provided: id must have a length of 16 bytes"));
      const d = await call("DELETE", `${members()}/123`);
      expect(d.status).toBe(400);
      expect(d.text).toBe(prettyError("invalid", "id must have a length of 16 bytes"));
    });

    it("permissions: read on the org to see it at all, write on the org to change it; the users need none", async () => {
      const u = await createUser();
      const none = await t.createToken([{ action: "read", resource: { type: "buckets" } }]);
      const orgScoped = await t.createToken([
        { action: "read", resource: { type: "orgs", orgID: orgId() } },
        { action: "write", resource: { type: "orgs", orgID: orgId() } },
      ]);
      for (const token of [none.token, orgScoped.token]) {
        const r = await call("GET", members(), { token });
        expect(r.status).toBe(404);
        expect(r.text).toBe(prettyError("not found", "404 page not found"));
      }
      const reader = await t.createToken([orgById("read")]);
      let r = await call("GET", owners(), { token: reader.token });
      expect(r.status).toBe(200);
      expect(idsOf(r)).toContain(server().user.id);
      r = await call("POST", members(), { token: reader.token, body: { id: u.id } });
      expect(r.status).toBe(401);
      const denied = `write:orgs/${orgId()}/orgs/${orgId()} is unauthorized`;
      expect(r.text).toBe(prettyError("unauthorized", denied));
      // The user is looked up before the permission check, and without one.
      r = await call("POST", members(), { token: reader.token, body: { id: "0000000000000abd" } });
      expect(r.status).toBe(404);

      const writer = await t.createToken([orgById("read"), orgById("write")]);
      r = await call("POST", members(), { token: writer.token, body: { id: u.id } });
      expect(r.status).toBe(201);
      r = await call("GET", members(), { token: reader.token });
      expect(r.json.users).toContainEqual({ role: "member", ...u });
      r = await call("DELETE", `${members()}/${u.id}`, { token: reader.token });
      expect(r.status).toBe(401);
      expect(r.text).toBe(prettyError("unauthorized", denied));
      r = await call("DELETE", `${members()}/${u.id}`, { token: writer.token });
      expect(r.status).toBe(204);
    });
  });

  describe("users: tokens for a generic user (the guides' flow)", () => {
    it("an authorization may name any existing user, member of the org or not; it lists under that user", async () => {
      const u = await createUser();
      const r = await call("POST", "/api/v2/authorizations", {
        body: {
          orgID: orgId(),
          userID: u.id,
          description: u.name,
          permissions: [{ action: "read", resource: { type: "buckets" } }],
        },
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ userID: u.id, user: u.name, links: { user: `/api/v2/users/${u.id}` } });
      expect(await bucketsStatus(r.json.token)).toBe(200);
      for (const q of [`user=${u.name}`, `userID=${u.id}`]) {
        const list = await call("GET", `/api/v2/authorizations?${q}`);
        expect(list.json.authorizations.map((a: { id: string }) => a.id)).toEqual([r.json.id]);
      }
    });
  });
}
