import type { ManagementPermission, ManagementTokenPost } from "../management";
import type { V2AuthorizationPost } from "../v2";

/**
 * What a POST asked for, as one string, so that a listed token can be recognised as the one a
 * lost POST created (./create-once.ts). Only what the server stores exactly as sent takes part:
 * description, status, org, and each permission's action, type and ID (the server may add an
 * org or a name to a permission's resource, so those are left out).
 */
interface V2Shape {
  orgID: string;
  description?: string;
  status?: string;
  permissions: ReadonlyArray<{ action: string; resource: { type: string; id?: string } }>;
}

export function v2Identity(token: V2Shape | V2AuthorizationPost): string {
  const permissions = token.permissions
    .map((p) => `${p.action}:${p.resource.type}:${p.resource.id ?? ""}`)
    .sort();
  return JSON.stringify(["v2", token.orgID, token.description ?? "", token.status ?? "active", permissions]);
}

interface ManagementShape {
  description: string;
  permissions: readonly ManagementPermission[];
  expiresAt?: string;
}

export function managementIdentity(token: ManagementShape | ManagementTokenPost): string {
  const permissions = token.permissions.map((p) => `${p.action}:${p.resource}`).sort();
  // The server may write the expiry in another RFC 3339 form than the one sent.
  const expires = token.expiresAt === undefined ? "" : String(Date.parse(token.expiresAt));
  return JSON.stringify(["management", token.description, permissions, expires]);
}
