import type { ManagementToken } from "../clients/management";
import type { V2Authorization } from "../clients/v2";
import { compact } from "../shared/unknown";
import type { AuthorizationSummary, DatabaseTokenSummary } from "./types";

/** Copies the fields we report, by name: `token` is never one of them (plain data only). */
export function authorizationSummary(authorization: V2Authorization): AuthorizationSummary {
  return compact({
    id: authorization.id,
    status: authorization.status === "inactive" ? ("inactive" as const) : ("active" as const),
    description: authorization.description ?? "",
    orgId: authorization.orgID,
    org: authorization.org,
    userId: authorization.userID,
    user: authorization.user,
    permissions: authorization.permissions.map((permission) => ({
      action: permission.action,
      resource: compact({
        type: permission.resource.type,
        id: permission.resource.id,
        orgId: permission.resource.orgID,
        name: permission.resource.name,
        org: permission.resource.org,
      }),
    })),
    createdAt: authorization.createdAt,
    updatedAt: authorization.updatedAt,
  });
}

/** `accessToken` is never copied (it is only in a POST response anyway, behaviour B.2). */
export function databaseTokenSummary(token: ManagementToken, now: number = Date.now()): DatabaseTokenSummary {
  const revoked = typeof token.revokedAt === "string" && token.revokedAt !== "";
  const expired = typeof token.expiresAt === "string" && Date.parse(token.expiresAt) <= now;
  return compact({
    id: token.id,
    description: token.description ?? "",
    permissions: token.permissions.map((p) => ({ action: p.action, resource: p.resource })),
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    active: !revoked && !expired,
    accountId: token.accountId,
    clusterId: token.clusterId,
  });
}
