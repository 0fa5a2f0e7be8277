import type { Reply, RequestContext } from "../http";
import type { App } from "../router";
import { Router } from "../router";
import type { AuthRecord } from "../store";
import { authenticate } from "./auth";
import {
  deleteAuthorization,
  getAuthorization,
  listAuthorizations,
  patchAuthorization,
  postAuthorization,
} from "./authorizations";
import type { V2Deps } from "./context";
import { V2Error, v2ErrorReply } from "./errors";
import { addMember, listMembers, removeMember } from "./members";
import { getBucket, getOrg, listBuckets, listOrgs } from "./tenant";
import {
  deleteUser,
  getMe,
  getUser,
  listUsers,
  patchUser,
  postUser,
  postUserPassword,
  putMePassword,
  putUserPassword,
} from "./users";
import { write } from "./write";

export const INFLUXDB_VERSION = "v2.9.1";

type AuthHandler = (deps: V2Deps, ctx: RequestContext, caller: AuthRecord) => Reply;

/** The InfluxDB v2 API under /api/v2 (docs/behaviour/v2-authorizations.md). */
export function createV2App(deps: V2Deps): App {
  const router = new Router();
  const withAuth = (h: AuthHandler) => (ctx: RequestContext) => {
    const caller = authenticate(ctx, deps.store, false);
    if (caller.kind !== "authorization") throw new V2Error("unauthorized", "unauthorized access", true);
    return h(deps, ctx, caller.auth);
  };
  router
    .on("GET", "/api/v2/authorizations", withAuth(listAuthorizations))
    .on("POST", "/api/v2/authorizations", withAuth(postAuthorization))
    .on("GET", "/api/v2/authorizations/:authID", withAuth(getAuthorization))
    .on("PATCH", "/api/v2/authorizations/:authID", withAuth(patchAuthorization))
    .on("DELETE", "/api/v2/authorizations/:authID", withAuth(deleteAuthorization))
    .on("GET", "/api/v2/orgs", withAuth(listOrgs))
    .on("GET", "/api/v2/orgs/:orgID", withAuth(getOrg))
    .on("GET", "/api/v2/orgs/:orgID/members", withAuth(listMembers("member")))
    .on("POST", "/api/v2/orgs/:orgID/members", withAuth(addMember("member")))
    .on("DELETE", "/api/v2/orgs/:orgID/members/:userID", withAuth(removeMember))
    .on("GET", "/api/v2/orgs/:orgID/owners", withAuth(listMembers("owner")))
    .on("POST", "/api/v2/orgs/:orgID/owners", withAuth(addMember("owner")))
    .on("DELETE", "/api/v2/orgs/:orgID/owners/:userID", withAuth(removeMember))
    // The router ignores trailing slashes, so POST /api/v2/users/ (the guides' spelling) lands here.
    .on("GET", "/api/v2/users", withAuth(listUsers))
    .on("POST", "/api/v2/users", withAuth(postUser))
    // influxd routes this too (a password change with Basic credentials); a token never satisfies it.
    .on("PUT", "/api/v2/users/password", withAuth(putUserPassword))
    .on("GET", "/api/v2/users/:userID", withAuth(getUser))
    .on("PATCH", "/api/v2/users/:userID", withAuth(patchUser))
    .on("DELETE", "/api/v2/users/:userID", withAuth(deleteUser))
    .on("POST", "/api/v2/users/:userID/password", withAuth(postUserPassword))
    .on("PUT", "/api/v2/users/:userID/password", withAuth(putUserPassword))
    .on("GET", "/api/v2/me", withAuth(getMe))
    .on("PUT", "/api/v2/me/password", withAuth(putMePassword))
    .on("GET", "/api/v2/buckets", withAuth(listBuckets))
    .on("GET", "/api/v2/buckets/:bucketID", withAuth(getBucket))
    .on("POST", "/api/v2/write", (ctx) =>
      write(deps.store, new Date(), ctx, authenticate(ctx, deps.store, true)),
    );

  return {
    prefix: "/api/v2",
    async handle(ctx) {
      let reply: Reply;
      try {
        const m = router.match(ctx.method, ctx.path);
        if (m.kind === "found") {
          reply = await m.handler({ ...ctx, params: m.params });
        } else {
          // The authentication middleware runs before routing: no token => 401 even for unknown paths.
          authenticate(ctx, deps.store, true);
          reply =
            m.kind === "not-found"
              ? v2ErrorReply(new V2Error("not found", "path not found"))
              : methodNotAllowed(ctx.path);
        }
      } catch (e) {
        if (!(e instanceof V2Error)) throw e;
        reply = v2ErrorReply(e);
      }
      return withBuildHeaders(reply);
    },
  };
}

/**
 * A wrong method: the chi-routed APIs answer an empty 405; the write handler's httprouter answers
 * `allow: OPTIONS, POST` with an Allow header (both seen on influxd 2.9.1).
 */
function methodNotAllowed(path: string): Reply {
  if (path.replace(/\/+$/, "") !== "/api/v2/write") return { status: 405 };
  const reply = v2ErrorReply(new V2Error("method not allowed", "allow: OPTIONS, POST", true));
  return { ...reply, headers: { ...reply.headers, Allow: "OPTIONS, POST" } };
}

/** Every response carries the build headers (`http/handler.go` serverHeaderWriter). */
export function withBuildHeaders(reply: Reply): Reply {
  return {
    ...reply,
    headers: { ...reply.headers, "X-Influxdb-Build": "OSS", "X-Influxdb-Version": INFLUXDB_VERSION },
  };
}
