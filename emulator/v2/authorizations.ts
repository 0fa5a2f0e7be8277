import type { Reply, RequestContext } from "../http";
import { v2Token } from "../random";
import type { AuthRecord } from "../store";
import { hashToken } from "../store";
import { canDo, permissionSet, requirePermission } from "./auth";
import { decodeAuthorizationUpdate, decodePostAuthorization } from "./authorization-request";
import { authResponse } from "./authorization-response";
import type { V2Deps } from "./context";
import { V2Error, v2Json } from "./errors";
import { parseId } from "./ids";
import { allowed, permissionString } from "./permissions";

/** POST /api/v2/authorizations (behaviour A.4), in the server's order of checks. */
export function postAuthorization(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const req = decodePostAuthorization(ctx.body);
  if (!store.findUser(caller.userID)) throw new V2Error("invalid", "unable to create token");
  const userID = req.userID ?? caller.userID;
  const orgID = req.orgID as string;

  requirePermission(caller, { action: "write", resource: { type: "authorizations", orgID } });
  requirePermission(caller, { action: "write", resource: { type: "users", id: userID } });
  const held = permissionSet(caller);
  for (const p of req.permissions) {
    if (!allowed(held, p)) {
      const s = permissionString(p);
      throw new V2Error("forbidden", `permission ${s} is not allowed: ${s} is unauthorized`);
    }
  }
  if (req.permissions.some((p) => p.resource.type === "instance")) {
    throw new V2Error(
      "internal error",
      "authorizations cannot be created with the instance type, it is only used during setup",
    );
  }
  for (const p of req.permissions) {
    if (p.resource.orgID !== undefined && p.resource.orgID !== orgID) {
      throw new V2Error("invalid", `permission ${permissionString(p)} is not for org id ${orgID}`);
    }
  }
  if (!store.findUser(userID) || !store.findOrg(orgID))
    throw new V2Error("invalid", "unable to create token");

  const token = v2Token(store.random());
  const now = deps.now();
  const record: AuthRecord = {
    id: store.nextId(),
    tokenHash: hashToken(token),
    status: req.status as AuthRecord["status"],
    description: req.description,
    orgID,
    userID,
    permissions: req.permissions,
    createdAt: now,
    updatedAt: now,
  };
  if (deps.visibility === "plain") record.token = token;
  store.addAuth(record);
  return v2Json(201, authResponse(store, record, { plaintext: token }));
}

/** GET /api/v2/authorizations (behaviour A.5): filters, ascending ID order, silently filtered to what the caller reads. */
export function listAuthorizations(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const q = ctx.query;
  let userID = q.get("userID") ? parseId(q.get("userID") as string) : undefined;
  const userName = q.get("user") || undefined;
  let orgID = q.get("orgID") ? parseId(q.get("orgID") as string) : undefined;
  const orgName = q.get("org") || undefined;
  const id = q.get("id") ? parseId(q.get("id") as string) : undefined;

  if (userID === undefined && userName !== undefined) {
    const user = store.findUserByName(userName);
    if (!user) throw new V2Error("not found", "user not found");
    userID = user.id;
  }
  if (orgID === undefined && orgName !== undefined) {
    const org = store.findOrgByName(orgName);
    if (!org) throw new V2Error("not found", `organization name "${orgName}" not found`);
    orgID = org.id;
  }

  // Cloud/Serverless document a `token` filter (non-repeatable; no match => empty list); OSS ignores it (behaviour A.5).
  const tokenFilter = deps.visibility === "redacted" ? q.get("token") || undefined : undefined;

  let candidates: AuthRecord[];
  if (tokenFilter !== undefined) {
    const a = store.authByToken(tokenFilter);
    candidates = a ? [a] : [];
  } else if (id !== undefined) {
    // The service answers an `id` filter by a direct lookup, ignoring the other filters.
    const a = store.findAuth(id);
    if (!a) throw new V2Error("not found", "authorization not found");
    candidates = [a];
  } else {
    candidates = store.data.authorizations.filter(
      (a) => (userID === undefined || a.userID === userID) && (orgID === undefined || a.orgID === orgID),
    );
  }

  const visible = candidates.filter(
    (a) =>
      canDo(caller, { action: "read", resource: { type: "authorizations", id: a.id, orgID: a.orgID } }) &&
      canDo(caller, { action: "read", resource: { type: "users", id: a.userID } }) &&
      store.findOrg(a.orgID) !== undefined &&
      store.findUser(a.userID) !== undefined,
  );
  return v2Json(200, {
    links: { self: "/api/v2/authorizations" },
    authorizations: visible.map((a) => authResponse(store, a, { visibility: deps.visibility })),
  });
}

/** Existence first, then read permission (behaviour A.6). */
function findReadable(deps: V2Deps, rawId: string, caller: AuthRecord): AuthRecord {
  const id = parseId(rawId);
  const a = deps.store.findAuth(id);
  if (!a) throw new V2Error("not found", "authorization not found");
  requirePermission(caller, {
    action: "read",
    resource: { type: "authorizations", id: a.id, orgID: a.orgID },
  });
  requirePermission(caller, { action: "read", resource: { type: "users", id: a.userID } });
  return a;
}

function requireWritable(caller: AuthRecord, a: AuthRecord): void {
  requirePermission(caller, {
    action: "write",
    resource: { type: "authorizations", id: a.id, orgID: a.orgID },
  });
  requirePermission(caller, { action: "write", resource: { type: "users", id: a.userID } });
}

export function getAuthorization(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const a = findReadable(deps, ctx.params["authID"] ?? "", caller);
  return v2Json(200, authResponse(deps.store, a, { visibility: deps.visibility }));
}

/** PATCH (behaviour A.7): only status/description; bad JSON => 500; `"status":""` => active. */
export function patchAuthorization(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const id = parseId(ctx.params["authID"] ?? "");
  const upd = decodeAuthorizationUpdate(ctx.body);
  const a = findReadable(deps, id, caller);
  requireWritable(caller, a);
  let status = upd.status ?? a.status;
  if (status === "") status = "active";
  if (status !== "active" && status !== "inactive") {
    throw new V2Error("invalid", "encodeAuthorization: unknown authorization status");
  }
  a.status = status;
  if (upd.description !== undefined) a.description = upd.description;
  a.updatedAt = deps.now();
  deps.store.changed();
  return v2Json(200, authResponse(deps.store, a, { visibility: deps.visibility }));
}

/** DELETE (behaviour A.8): hard delete, 204, the token stops working at once. */
export function deleteAuthorization(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const id = parseId(ctx.params["authID"] ?? "");
  const a = deps.store.findAuth(id);
  if (!a) throw new V2Error("not found", "authorization not found");
  requireWritable(caller, a);
  deps.store.deleteAuth(a.id);
  return { status: 204 };
}
