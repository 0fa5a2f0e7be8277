import type { Reply, RequestContext } from "../http";
import type { AuthRecord, Org, OrgMember } from "../store";
import { canDo, requirePermission } from "./auth";
import type { V2Deps } from "./context";
import { V2Error, v2Json } from "./errors";
import { GoJsonError } from "./go-json";
import { parseId } from "./ids";
import type { V2Permission } from "./permissions";
import { decodeUser, userResponse } from "./users";

/**
 * Org membership, `/api/v2/orgs/{id}/members` and `/owners`, as influxd 2.9.1 serves it
 * (`tenant/http_handler_urm.go`, `middleware_urm_auth.go`, `kit/transport/http` ValidResource).
 * A user has at most one mapping per org: member or owner.
 */

export type Role = OrgMember["role"];

/**
 * ValidResource: the org in the path must parse (400 `corrupt ID provided: …`) and be readable by
 * the caller (`read:orgs/<id>`); an unknown or unreadable org is the same 404 `404 page not found`.
 */
function orgInPath(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Org {
  let id: string;
  try {
    id = parseId(ctx.params["orgID"] ?? "");
  } catch (e) {
    throw new V2Error("invalid", `corrupt ID provided: ${(e as Error).message}`);
  }
  const org = deps.store.findOrg(id);
  if (!org || !canDo(caller, { action: "read", resource: { type: "orgs", id } })) {
    throw new V2Error("not found", "404 page not found");
  }
  return org;
}

function mappings(deps: V2Deps): OrgMember[] {
  deps.store.data.orgMembers ??= [];
  return deps.store.data.orgMembers;
}

/** `AuthorizeWrite(orgs, org, org)` with the org in the request context. */
const writeOrg = (org: Org): V2Permission => ({
  action: "write",
  resource: { type: "orgs", id: org.id, orgID: org.id },
});

function memberResponse(deps: V2Deps, userID: string, role: Role) {
  const u = deps.store.findUser(userID);
  if (!u) throw new V2Error("not found", "user not found");
  return { role, ...userResponse(u) };
}

/** GET: the org's members (or owners), by user ID; user lookups need no permission of their own. */
export function listMembers(role: Role) {
  return (deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply => {
    const org = orgInPath(deps, ctx, caller);
    const users = mappings(deps)
      .filter((m) => m.orgID === org.id && m.role === role)
      .sort((a, b) => (a.userID < b.userID ? -1 : a.userID > b.userID ? 1 : 0))
      .map((m) => memberResponse(deps, m.userID, role));
    return v2Json(200, { links: { self: `/api/v2/orgs/${org.id}/${role}s` }, users });
  };
}

/**
 * POST `{"id": "<userID>"}`: 201 with the user and its role. The body decodes as a User (type
 * errors => 500); no ID => 400; unknown user => 404; then write on the org; a user who already
 * has a mapping on the org (either role) => 500 `… mapping for user <id> already exists`.
 */
export function addMember(role: Role) {
  return (deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply => {
    const org = orgInPath(deps, ctx, caller);
    let userID: string | undefined;
    try {
      userID = decodeUser(ctx.body).id;
    } catch (e) {
      if (e instanceof GoJsonError) throw new V2Error("internal error", e.message);
      throw e;
    }
    if (userID === undefined) throw new V2Error("invalid", "user id missing or invalid");
    if (!deps.store.findUser(userID)) throw new V2Error("not found", "user not found");
    requirePermission(caller, writeOrg(org));
    if (mappings(deps).some((m) => m.orgID === org.id && m.userID === userID)) {
      throw new V2Error(
        "internal error",
        `Unexpected error when assigning user to a resource: mapping for user ${userID} already exists`,
      );
    }
    mappings(deps).push({ orgID: org.id, userID, role });
    deps.store.changed();
    return v2Json(201, memberResponse(deps, userID, role));
  };
}

/**
 * DELETE `/members/{userID}` or `/owners/{userID}`: removes the user's mapping on the org whatever
 * its role; no mapping is a 204 all the same (and then needs no write permission).
 */
export function removeMember(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const org = orgInPath(deps, ctx, caller);
  const userID = parseId(ctx.params["userID"] ?? "");
  const list = mappings(deps);
  const at = list.findIndex((m) => m.orgID === org.id && m.userID === userID);
  if (at >= 0) {
    requirePermission(caller, writeOrg(org));
    list.splice(at, 1);
    deps.store.changed();
  }
  return { status: 204 };
}
