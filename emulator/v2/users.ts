import { createHash } from "node:crypto";
import type { Reply, RequestContext } from "../http";
import type { AuthRecord, Store, User } from "../store";
import { canDo, requirePermission } from "./auth";
import type { V2Deps } from "./context";
import { goJson, JSON_CONTENT_TYPE, V2Error, v2Json } from "./errors";
import { field, GoJsonError, isObject, jsonKind, parseGoJson, typeError } from "./go-json";
import { parseId } from "./ids";
import { type FindOptions, findOptions } from "./tenant";

/**
 * The v2 users API as influxd 2.9.1 serves it (`tenant/http_server_user.go`, `service_user.go`,
 * `storage_user.go`, `middleware_user_auth.go`), checked side by side by the v2 contract suite.
 * Every check runs in the server's order: decode, then permission, then the store.
 */

/** `influxdb.UserResponse`: links first, then the embedded User (`oauthID` omitted when empty). */
export function userResponse(u: User) {
  return {
    links: { self: `/api/v2/users/${u.id}` },
    id: u.id,
    name: u.name,
    ...(u.oauthID ? { oauthID: u.oauthID } : {}),
    status: u.status,
  };
}

interface DecodedUser {
  id?: string;
  name: string;
  oauthID: string;
  status: string;
}

/**
 * Decodes an `influxdb.User` as Go's encoding/json does: keys matched case-insensitively in input
 * order (a later match wins), the first type error reported after the rest is decoded, and an ID that is a string but
 * not a valid ID failing at once with its own `invalid` error. `null` decodes to the zero User.
 */
export function decodeUser(body: Buffer): DecodedUser {
  const out: DecodedUser = { name: "", oauthID: "", status: "" };
  const v = parseGoJson(body.toString("utf8"));
  if (v === null) return out;
  if (!isObject(v))
    throw new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type influxdb.User`);
  let first: GoJsonError | undefined;
  for (const [key, value] of Object.entries(v)) {
    const name = ["id", "name", "oauthID", "status"].find((f) => f.toLowerCase() === key.toLowerCase());
    if (name === undefined || value === null) continue;
    if (name === "id") {
      if (typeof value === "string") out.id = parseId(value);
      else first ??= typeError(value, "User.id", "platform.ID");
    } else if (typeof value === "string") {
      out[name as "name" | "oauthID" | "status"] = value;
    } else {
      first ??= typeError(value, `User.${name}`, name === "status" ? "influxdb.Status" : "string");
    }
  }
  if (first) throw first;
  return out;
}

/** A raw decoder error: the handlers pass it to the error writer untyped, so it becomes a 500. */
function asInternal<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof GoJsonError) throw new V2Error("internal error", e.message);
    throw e;
  }
}

/** Keeps `store.data.users` in ascending ID order, the order the KV store lists them in. */
function insertUser(store: Store, u: User): void {
  const list = store.data.users;
  list.push(u);
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  store.changed();
}

/** `bolt`'s error for an empty index key: the user name is the key of the name index. */
const emptyName = () => new V2Error("empty value", "key required");
const nameTaken = (name: string) => new V2Error("conflict", `user with name ${name} already exists`);

/** POST /api/v2/users (also with the trailing slash the guides use): 201 with the user. */
export function postUser(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const req = asInternal(() => decodeUser(ctx.body));
  // `AuthorizeWriteGlobal`: only a type-wide write:users may create users.
  requirePermission(caller, { action: "write", resource: { type: "users" } });
  if (store.findUserByName(req.name)) throw nameTaken(req.name);
  if (req.id !== undefined && store.findUser(req.id))
    throw new V2Error("conflict", `user with ID ${req.id} already exists`);
  if (req.name === "") throw emptyName();
  let id = req.id;
  while (id === undefined || store.findUser(id)) id = store.nextId();
  // The handler only defaults an empty status; anything else is stored as sent (PATCH validates).
  const user: User = { id, name: req.name, status: req.status || "active" };
  if (req.oauthID) user.oauthID = req.oauthID;
  insertUser(store, user);
  return v2Json(201, userResponse(user));
}

/**
 * `storage_user.go` ListUsers: a bolt cursor over the ID index. `after` seeks to after+1; a
 * descending cursor starts at the first key at or past the seek (the last key if none) and walks
 * back; `offset` skips, `limit` stops.
 */
function listPage(users: User[], opts: FindOptions): User[] {
  let seek: string | undefined;
  if (opts.after !== undefined) {
    const next = BigInt(`0x${opts.after}`) + 1n;
    if (next > 0xffff_ffff_ffff_ffffn) throw new V2Error("invalid", "invalid ID");
    seek = next.toString(16).padStart(16, "0");
  }
  let ordered: User[];
  if (!opts.descending) {
    ordered = seek === undefined ? users : users.filter((u) => u.id >= seek);
  } else {
    let start = users.length - 1;
    if (seek !== undefined) {
      const at = users.findIndex((u) => u.id >= seek);
      if (at >= 0) start = at;
    }
    ordered = users.slice(0, start + 1).reverse();
  }
  return ordered.slice(opts.offset, opts.offset + opts.limit);
}

/**
 * GET /api/v2/users: `id` (wins over `name`) and `name` are exact lookups, 404 `user not found`;
 * users the caller cannot read are dropped silently, so an unreadable name answers 200 `[]`.
 */
export function listUsers(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const q = ctx.query;
  const opts = findOptions(q);
  const id = q.get("id") ? parseId(q.get("id") as string) : undefined;
  const name = q.get("name") || undefined;
  let users: User[];
  if (id !== undefined || name !== undefined) {
    const u = id !== undefined ? store.findUser(id) : store.findUserByName(name as string);
    if (!u) throw new V2Error("not found", "user not found");
    users = [u];
  } else {
    users = listPage(store.data.users, opts);
  }
  return v2Json(200, {
    links: { self: "/api/v2/users" },
    users: users
      .filter((u) => canDo(caller, { action: "read", resource: { type: "users", id: u.id } }))
      .map(userResponse),
  });
}

/** Permission first, then existence (`AuthedUserService.FindUserByID`). */
export function getUser(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const id = parseId(ctx.params["userID"] ?? "");
  requirePermission(caller, { action: "read", resource: { type: "users", id } });
  const u = deps.store.findUser(id);
  if (!u) throw new V2Error("not found", "user not found");
  return v2Json(200, userResponse(u));
}

/** GET /api/v2/me: the caller's own user, which a token may read only with read on that user. */
export function getMe(deps: V2Deps, _ctx: RequestContext, caller: AuthRecord): Reply {
  requirePermission(caller, { action: "read", resource: { type: "users", id: caller.userID } });
  const u = deps.store.findUser(caller.userID);
  if (!u) throw new V2Error("not found", "user not found");
  return v2Json(200, userResponse(u));
}

interface UserUpdate {
  name?: string;
  status?: string;
}

function decodeUserUpdate(body: Buffer): UserUpdate {
  const v = parseGoJson(body.toString("utf8"));
  const upd: UserUpdate = {};
  if (v === null) return upd;
  if (!isObject(v))
    throw new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type influxdb.UserUpdate`);
  let first: GoJsonError | undefined;
  for (const [key, value] of Object.entries(v)) {
    const name = (["name", "status"] as const).find((f) => f === key.toLowerCase());
    if (name === undefined || value === null) continue;
    if (typeof value === "string") upd[name] = value;
    else first ??= typeError(value, `UserUpdate.${name}`, name === "status" ? "influxdb.Status" : "string");
  }
  if (first) throw first;
  return upd;
}

/** PATCH /api/v2/users/{id}: name and status; `UserUpdate.Valid` checks a given status (400). */
export function patchUser(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const id = parseId(ctx.params["userID"] ?? "");
  const upd = asInternal(() => decodeUserUpdate(ctx.body));
  if (upd.status !== undefined && upd.status !== "active" && upd.status !== "inactive")
    throw new V2Error("invalid", "invalid status: must be active or inactive");
  requirePermission(caller, { action: "write", resource: { type: "users", id } });
  const u = store.findUser(id);
  if (!u) throw new V2Error("not found", "user not found");
  if (upd.name !== undefined && upd.name !== u.name) {
    if (store.findUserByName(upd.name)) throw nameTaken(upd.name);
    if (upd.name === "") throw emptyName();
    u.name = upd.name;
  }
  if (upd.status !== undefined) u.status = upd.status;
  store.changed();
  return v2Json(200, userResponse(u));
}

/**
 * DELETE /api/v2/users/{id}: the user, its password and its org memberships go; its
 * authorizations stay stored (influxd deletes none), so they stop working (403 `User is
 * inactive`), vanish from lists, answer 404 `user not found` on GET/PATCH, and can still be deleted.
 */
export function deleteUser(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const id = parseId(ctx.params["userID"] ?? "");
  requirePermission(caller, { action: "write", resource: { type: "users", id } });
  if (!store.findUser(id)) throw new V2Error("not found", "user not found");
  store.data.users = store.data.users.filter((u) => u.id !== id);
  store.data.orgMembers = (store.data.orgMembers ?? []).filter((m) => m.userID !== id);
  store.changed();
  return { status: 204 };
}

/** `errors.MinPasswordLen` / `MaxPasswordLen`, counted in bytes as Go's len() does. */
const PASSWORD_LENGTH = { min: 8, max: 72 };

function decodePassword(body: Buffer): string {
  const v = parseGoJson(body.toString("utf8"));
  if (v === null) return "";
  if (!isObject(v))
    throw new GoJsonError(
      `json: cannot unmarshal ${jsonKind(v)} into Go value of type tenant.passwordSetRequest`,
    );
  const password = field(v, "password");
  if (password === undefined || password === null) return "";
  if (typeof password !== "string") throw typeError(password, "passwordSetRequest.password", "string");
  return password;
}

/**
 * POST /api/v2/users/{id}/password: sets the password (204). Decode errors are `invalid` (400); a
 * bad ID in the path is an uncoded error (500); then write on the user, the length rule (the
 * strong-password rule is off by default), and an unknown user => 403 `your userID is incorrect`.
 */
export function postUserPassword(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  let password: string;
  try {
    password = decodePassword(ctx.body);
  } catch (e) {
    if (e instanceof GoJsonError) throw new V2Error("invalid", e.message);
    throw e;
  }
  let id: string;
  try {
    id = parseId(ctx.params["userID"] ?? "");
  } catch {
    throw new V2Error("internal error", "invalid user ID provided in route");
  }
  requirePermission(caller, { action: "write", resource: { type: "users", id } });
  const bytes = Buffer.byteLength(password, "utf8");
  if (bytes < PASSWORD_LENGTH.min || bytes > PASSWORD_LENGTH.max) {
    throw new V2Error(
      "invalid",
      `passwords must be between ${PASSWORD_LENGTH.min} and ${PASSWORD_LENGTH.max} characters long`,
    );
  }
  const u = store.findUser(id);
  if (!u) throw new V2Error("forbidden", "your userID is incorrect");
  const salt = store.random().bytes(16).toString("hex");
  u.passwordHash = `sha256:${salt}:${createHash("sha256").update(salt).update(password).digest("hex")}`;
  store.changed();
  return { status: 204 };
}

const BASIC_AUTH_MESSAGE = "error decoding password reset request: invalid basic auth";

/**
 * PUT /api/v2/users/{id}/password (and /api/v2/users/password): a password change that needs the
 * old password as HTTP Basic credentials. The one Authorization header already carries the token,
 * so with token authentication this always fails before anything else (500, seen on influxd).
 */
export function putUserPassword(): Reply {
  throw new V2Error("internal error", BASIC_AUTH_MESSAGE);
}

/**
 * PUT /api/v2/me/password: as above, but influxd's handler goes on after writing that error and
 * panics; its recoverer appends a second error body to the same 500 response. Served byte for byte.
 */
export function putMePassword(): Reply {
  const body = (message: string) => goJson({ code: "internal error", message }, true);
  return {
    status: 500,
    headers: { "Content-Type": JSON_CONTENT_TYPE, "X-Platform-Error-Code": "internal error" },
    body:
      body(BASIC_AUTH_MESSAGE) +
      body("a panic has occurred: /api/v2/me/password: runtime error: slice bounds out of range [-1:]"),
  };
}
