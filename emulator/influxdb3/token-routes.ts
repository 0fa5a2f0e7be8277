import type { RequestContext } from "./context";
import { jsonError, type Reply, requireJsonContentType, text } from "./http-io";
import { validatePermissions } from "./permissions";
import { parseNamedAdminRequest, parseResourceTokenRequest } from "./request-body";
import { rfc3339Utc } from "./time-format";
import { type CreateResult, type IssuedToken, isAdminToken } from "./token-store";

/**
 * The five token routes of InfluxDB 3 Core/Enterprise (behaviour D.2, behaviour D.5, behaviour D.6, behaviour D.14).
 * Success bodies are `CreateTokenWithPermissionsResponse` with the literal `Content-Type: json` (behaviour D.3).
 */

/** Enterprise 403 for a non-admin token on an admin-only route (behaviour D.6, behaviour D.9; body [?]). */
export const FORBIDDEN_MESSAGE = "unauthorized to perform requested action with the token";

function issued({ stored, token }: IssuedToken): Reply {
  const body = {
    id: stored.id,
    name: stored.name,
    token,
    hash: stored.hash,
    created_at: rfc3339Utc(stored.createdAtMs),
    expiry: stored.expiryMs === null ? null : rfc3339Utc(stored.expiryMs),
  };
  return { status: 201, body: JSON.stringify(body), headers: { "content-type": "json" } };
}

function created(result: CreateResult): Reply {
  return result.ok ? issued(result.issued) : text(409, `token name already exists, ${result.conflict}`);
}

/** Core has no authz (behaviour D.9); Enterprise needs an admin (`*:*:*`) token on every token route. */
export function adminOnly(ctx: RequestContext): Reply | undefined {
  if (ctx.edition === "core" || ctx.caller === undefined || isAdminToken(ctx.caller)) return undefined;
  return jsonError(403, FORBIDDEN_MESSAGE);
}

/** POST /api/v3/configure/token/admin: unauthenticated, body ignored, 409 once `_admin` exists (behaviour D.9). */
export function createOperatorToken(ctx: RequestContext): Reply {
  return created(ctx.store.createOperator());
}

/** POST /api/v3/configure/token/admin/regenerate: same id, new secret; 500 without `_admin` (behaviour D.6). */
export function regenerateOperatorToken(ctx: RequestContext): Reply {
  const denied = adminOnly(ctx);
  if (denied) return denied;
  const result = ctx.store.regenerateOperator();
  return result ? issued(result) : text(500, "missing admin token, cannot update");
}

/** POST /api/v3/configure/token/named_admin (behaviour D.5). */
export async function createNamedAdminToken(ctx: RequestContext): Promise<Reply> {
  const denied = adminOnly(ctx);
  if (denied) return denied;
  requireJsonContentType(ctx.req);
  const request = parseNamedAdminRequest(await ctx.body());
  return created(ctx.store.createNamedAdmin(request.token_name, request.expiry_secs ?? null));
}

/** DELETE /api/v3/configure/token?token_name=X: 200 empty; 404/405/400 (behaviour D.5, behaviour D.6). */
export function deleteToken(ctx: RequestContext): Reply {
  const denied = adminOnly(ctx);
  if (denied) return denied;
  const name = ctx.url.searchParams.get("token_name");
  if (name === null) return text(400, "serde error: missing field `token_name`");
  switch (ctx.store.delete(name)) {
    case "deleted":
      return text(200, "");
    case "operator":
      return text(405, "cannot delete operator token");
    case "not_found":
      return text(404, `the requested resource was not found: ${name}`);
  }
}

/**
 * POST /api/v3/enterprise/configure/token (Enterprise only, behaviour D.7). With the #27620 switch, a missing
 * or null `expiry_secs` is treated as 0, so the token is born expired (behaviour D.10).
 */
export async function createResourceToken(ctx: RequestContext): Promise<Reply> {
  const denied = adminOnly(ctx);
  if (denied) return denied;
  requireJsonContentType(ctx.req);
  const request = parseResourceTokenRequest(await ctx.body());
  const check = validatePermissions(request.permissions, (name) => ctx.store.databases.has(name));
  // behaviour D.6: the status of a permission error is not visible in the source [?]; 400 per behaviour D.14.15.
  if (!check.ok) return text(400, check.message);
  const expirySecs = request.expiry_secs ?? (ctx.reproduceIssue27620 ? 0 : null);
  return created(ctx.store.createResource(request.token_name, expirySecs, check.permissions));
}
