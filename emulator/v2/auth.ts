import { authorizationCredential, type RequestContext } from "../http";
import type { AuthRecord, DatabaseTokenRecord, Store } from "../store";
import { unauthorizedAccess, V2Error } from "./errors";
import { allowed, permissionString, type V2Permission } from "./permissions";

/** Who is calling the v2 API: a v2 authorization, or (on the data API only) a database token. */
export type V2Caller =
  | { kind: "authorization"; auth: AuthRecord }
  | { kind: "database-token"; token: DatabaseTokenRecord };

/**
 * Authentication middleware (behaviour A.1; `http/authentication_middleware.go`): `Token` or
 * `Bearer`, case-insensitive; missing header, bad scheme or unknown token => 401 compact JSON; a
 * token whose user is inactive or gone => 403 `User is inactive`. Only the status "inactive" locks
 * a user out: the server compares with that word, and POST /api/v2/users stores any status.
 */
export function authenticate(ctx: RequestContext, store: Store, allowDatabaseTokens: boolean): V2Caller {
  const token = authorizationCredential(ctx.headers, ["Token", "Bearer"]);
  if (token === undefined || token === "") throw unauthorizedAccess();
  const auth = store.authByToken(token);
  if (auth) {
    const user = store.findUser(auth.userID);
    if (!user || user.status === "inactive") throw new V2Error("forbidden", "User is inactive", true);
    return { kind: "authorization", auth };
  }
  if (allowDatabaseTokens) {
    const dbToken = store.dbTokenByToken(token);
    if (dbToken) return { kind: "database-token", token: dbToken };
  }
  throw unauthorizedAccess();
}

/** `Authorization.PermissionSet`: an inactive token authenticates but holds nothing (behaviour A.7, behaviour A.10). */
export function permissionSet(auth: AuthRecord): readonly V2Permission[] {
  if (auth.status !== "active") throw new V2Error("unauthorized", "token is inactive");
  return auth.permissions;
}

/** `authorizer.isAllowed`: 401 `<perm> is unauthorized`. */
export function requirePermission(auth: AuthRecord, p: V2Permission): void {
  const held = permissionSet(auth);
  if (!allowed(held, p)) throw new V2Error("unauthorized", `${permissionString(p)} is unauthorized`);
}

/** True when the caller may read `p`; any authorization failure (including inactive) means no. */
export function canDo(auth: AuthRecord, p: V2Permission): boolean {
  return auth.status === "active" && allowed(auth.permissions, p);
}
