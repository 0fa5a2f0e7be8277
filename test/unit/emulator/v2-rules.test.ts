import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../../emulator/http";
import { seededRandom } from "../../../emulator/random";
import { type AuthRecord, hashToken, Store, seedState } from "../../../emulator/store";
import { createV2App } from "../../../emulator/v2/app";

/**
 * Rules of docs/behaviour/v2-authorizations.md that no API call can reach on a fresh instance (a deleted user or bucket,
 * a caller holding `instance`): driven through the v2 app with a hand-edited store.
 */
function setup() {
  const rng = seededRandom(3);
  const data = seedState(rng, { token: "operator" }, "2026-01-01T00:00:00.000Z");
  const store = new Store(data, rng);
  const app = createV2App({ store, visibility: "hashed", now: () => "2026-01-01T00:00:01.000Z" });
  const org = data.orgs[0]?.id as string;
  const user = data.users[0]?.id as string;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const url = new URL(path, "http://x");
    const ctx: RequestContext = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: { authorization: `Token ${token}` },
      body: Buffer.from(body === undefined ? "" : JSON.stringify(body)),
      params: {},
    };
    const reply = await app.handle(ctx);
    return {
      status: reply.status,
      headers: reply.headers ?? {},
      json: reply.body ? JSON.parse(reply.body.toString()) : undefined,
    };
  };
  const addToken = (token: string, permissions: AuthRecord["permissions"], userID = user) => {
    const a: AuthRecord = {
      id: store.nextId(),
      tokenHash: hashToken(token),
      status: "active",
      description: token,
      orgID: org,
      userID,
      permissions,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    store.addAuth(a);
    return a;
  };
  return { store, data, call, addToken, org, user };
}

describe("docs/behaviour/v2-authorizations.md rules that need a hand-edited state", () => {
  it("behaviour A.1: a token whose user is inactive or gone => 403 `User is inactive` (compact)", async () => {
    const { data, call, addToken } = setup();
    const ghost = addToken("ghost", [{ action: "read", resource: { type: "buckets" } }], "0000000000000fff");
    expect(ghost.userID).toBe("0000000000000fff");
    const r = await call("GET", "/api/v2/buckets", "ghost");
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ code: "forbidden", message: "User is inactive" });
    (data.users[0] as { status: string }).status = "inactive";
    expect((await call("GET", "/api/v2/orgs", "operator")).status).toBe(403);
  });

  it("behaviour A.4 step 5: a caller holding `instance` may grant anything but instance => 500", async () => {
    const { call, addToken, org } = setup();
    addToken("root", [
      { action: "write", resource: { type: "instance" } },
      { action: "read", resource: { type: "instance" } },
    ]);
    const r = await call("POST", "/api/v2/authorizations", "root", {
      orgID: org,
      permissions: [{ action: "write", resource: { type: "instance" } }],
    });
    expect(r.status).toBe(500);
    expect(r.json).toEqual({
      code: "internal error",
      message: "authorizations cannot be created with the instance type, it is only used during setup",
    });
    expect(r.headers["X-Platform-Error-Code"]).toBe("internal error");
  });

  it("behaviour A.2: a permission on a deleted bucket loses both name and org", async () => {
    const { store, data, call, org } = setup();
    const bucket = data.buckets.find((b) => b.name === "logs");
    const created = await call("POST", "/api/v2/authorizations", "operator", {
      orgID: org,
      permissions: [{ action: "read", resource: { type: "buckets", id: bucket?.id, orgID: org } }],
    });
    expect(created.json.permissions[0].resource).toMatchObject({ name: "logs", org: "my-org" });
    data.buckets = data.buckets.filter((b) => b !== bucket);
    store.changed();
    const r = await call("GET", `/api/v2/authorizations/${created.json.id}`, "operator");
    expect(r.json.permissions[0].resource).toEqual({ type: "buckets", id: bucket?.id, orgID: org });
  });

  it("behaviour A.5/A.6: an authorization whose user is gone is dropped from lists; GET answers 404 `user not found`", async () => {
    const { call, addToken } = setup();
    const orphan = addToken(
      "orphan",
      [{ action: "read", resource: { type: "buckets" } }],
      "0000000000000eee",
    );
    const list = await call("GET", "/api/v2/authorizations", "operator");
    expect(list.json.authorizations.map((a: { id: string }) => a.id)).not.toContain(orphan.id);
    const get = await call("GET", `/api/v2/authorizations/${orphan.id}`, "operator");
    expect(get.status).toBe(404);
    expect(get.json).toEqual({ code: "not found", message: "user not found" });
  });

  it("behaviour A.1: unknown routes => 404 `path not found`, wrong method => 405, both after authentication", async () => {
    const { call } = setup();
    expect((await call("GET", "/api/v2/nothing-here", "nope")).status).toBe(401);
    const nf = await call("GET", "/api/v2/nothing-here", "operator");
    expect(nf.status).toBe(404);
    expect(nf.json).toEqual({ code: "not found", message: "path not found" });
    const na = await call("PUT", "/api/v2/authorizations/0000000000000001", "operator");
    expect(na.status).toBe(405);
    expect(na.json).toBeUndefined();
  });
});
