import type { Reply, RequestContext } from "../http";
import { jsonReply } from "../http";
import { databaseAccessToken } from "../random";
import { type DatabaseTokenRecord, hashToken, type Store } from "../store";
import { badRequest, ManagementError, notFound } from "./errors";
import { parseBody, parseDescription, parseExpiresAt, parsePermissions, parseUuid } from "./validate";

export interface ManagementDeps {
  store: Store;
  now(): Date;
  activationDelayMs: number;
  /** hidden: a revoked token is gone (404, not listed); visible: GET/list show it with `revokedAt`. */
  revoked: "hidden" | "visible";
}

/** Where the request came from: Clustered (`/api/v0/tokens`) or Cloud Dedicated (account + cluster). */
export type Scope = { kind: "clustered" } | { kind: "dedicated"; accountId: string; clusterId: string };

/** The token object (behaviour B.2); Dedicated responses carry accountId/clusterId. */
function tokenResponse(scope: Scope, t: DatabaseTokenRecord, accessToken?: string) {
  return {
    ...(scope.kind === "dedicated" ? { accountId: scope.accountId, clusterId: scope.clusterId } : {}),
    id: t.id,
    description: t.description,
    permissions: t.permissions.map((p) => ({ ...p })),
    createdAt: t.createdAt,
    ...(t.expiresAt !== undefined ? { expiresAt: t.expiresAt } : {}),
    ...(t.revokedAt !== undefined ? { revokedAt: t.revokedAt } : {}),
    ...(accessToken !== undefined ? { accessToken } : {}),
  };
}

function shown(deps: ManagementDeps, t: DatabaseTokenRecord): boolean {
  return t.revokedAt === undefined || deps.revoked === "visible";
}

function find(deps: ManagementDeps, ctx: RequestContext): DatabaseTokenRecord {
  const id = parseUuid(ctx.params["tokenId"] ?? "", "tokenId");
  const t = deps.store.findDbToken(id);
  if (!t || !shown(deps, t)) throw notFound("database token not found");
  return t;
}

/** GET …/tokens: a bare array, in creation order. */
export function listTokens(deps: ManagementDeps, _ctx: RequestContext, scope: Scope): Reply {
  const tokens = deps.store.data.databaseTokens.filter((t) => shown(deps, t));
  return jsonReply(
    200,
    tokens.map((t) => tokenResponse(scope, t)),
  );
}

/** POST …/tokens: 200 (not 201) with `accessToken`, the only time it is returned. */
export function createToken(deps: ManagementDeps, ctx: RequestContext, scope: Scope): Reply {
  const body = parseBody(ctx.body);
  if (body["description"] === undefined) throw badRequest("description is required");
  const description = parseDescription(body["description"]);
  const permissions = body["permissions"] === undefined ? [] : parsePermissions(body["permissions"]);
  const expiresAt = body["expiresAt"] === undefined ? undefined : parseExpiresAt(body["expiresAt"]);
  const { store } = deps;
  const accessToken = databaseAccessToken(store.random());
  const now = deps.now();
  const record: DatabaseTokenRecord = {
    id: store.uuid(),
    tokenHash: hashToken(accessToken),
    description,
    permissions,
    createdAt: now.toISOString(),
    activeAt: new Date(now.getTime() + deps.activationDelayMs).toISOString(),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
  store.addDbToken(record);
  return jsonReply(200, tokenResponse(scope, record, accessToken));
}

export function getToken(deps: ManagementDeps, ctx: RequestContext, scope: Scope): Reply {
  return jsonReply(200, tokenResponse(scope, find(deps, ctx)));
}

/** PATCH: description and/or permissions (replaced wholesale), at least one (`minProperties: 1`). */
export function updateToken(deps: ManagementDeps, ctx: RequestContext, scope: Scope): Reply {
  const t = find(deps, ctx);
  const body = parseBody(ctx.body);
  if (body["expiresAt"] !== undefined)
    throw badRequest("expiresAt cannot be updated; create a new token instead");
  if (body["description"] === undefined && body["permissions"] === undefined) {
    throw badRequest("at least one of description, permissions is required");
  }
  if (t.revokedAt !== undefined) throw new ManagementError(409, "database token has been revoked");
  const description = body["description"] === undefined ? undefined : parseDescription(body["description"]);
  const permissions = body["permissions"] === undefined ? undefined : parsePermissions(body["permissions"]);
  if (description !== undefined) t.description = description;
  if (permissions !== undefined) t.permissions = permissions;
  deps.store.changed();
  return jsonReply(200, tokenResponse(scope, t));
}

/**
 * DELETE revokes: 204, the token stops working at once, and is kept with `revokedAt`. Hidden mode:
 * later calls answer 404. Visible mode: a repeated DELETE is a no-op 204 (behaviour B.4 leaves this open).
 */
export function deleteToken(deps: ManagementDeps, ctx: RequestContext): Reply {
  const t = find(deps, ctx);
  if (t.revokedAt === undefined) {
    t.revokedAt = deps.now().toISOString();
    deps.store.changed();
  }
  return { status: 204 };
}
