import { randomBytes } from "node:crypto";
import { canonicalPermissions, type ResourcePermission } from "./permissions";
import { hashPrefixOf } from "./token-facts";

/**
 * The files `influxdb3 serve` loads at start (behaviour D.11): `--admin-token-file` and, on Enterprise,
 * `--permission-tokens-file`. Written here exactly as `influxdb3 create token --admin --offline`
 * writes the first, so the server treats a stack's file like its own CLI's.
 */

/** The name `influxdb3 create token --admin --offline` gives without `--name` (behaviour D.11). */
export const OFFLINE_DEFAULT_ADMIN_NAME = "_admin";

/** behaviour D.4: `apiv3_` and the unpadded base64url of 64 random bytes (86 characters). */
export function generateToken(): string {
  return `apiv3_${randomBytes(64).toString("base64url")}`;
}

export const TOKEN_PATTERN = /^apiv3_[A-Za-z0-9_-]{86}$/;

export { hashPrefixOf };

/** `--admin-token-file`: `{"token","name","expiry_millis"?}` with the expiry absolute, in ms. */
export function adminTokenFileContent(token: { token: string; name: string; expiryMillis?: number }): string {
  return JSON.stringify({
    token: token.token,
    name: token.name,
    ...(token.expiryMillis === undefined ? {} : { expiry_millis: token.expiryMillis }),
  });
}

/** One permission as the file writes it, e.g. `db:db1,db2:read,write` or `system:*:read`. */
export function permissionString(permission: ResourcePermission): string {
  const names = permission.resourceNames === "*" ? "*" : permission.resourceNames.join(",");
  return `${permission.resourceType}:${names}:${permission.actions.join(",")}`;
}

export interface PermissionTokenEntry {
  name: string;
  token: string;
  expiryMillis?: number;
  permissions: readonly ResourcePermission[];
}

/**
 * `--permission-tokens-file` (Enterprise): `{"create_databases"?:[…],"tokens":[…]}`. Databases are
 * sorted and de-duplicated, tokens sorted by name, permissions in canonical order, so the same
 * definition always gives the same bytes.
 */
export function permissionTokensFileContent(
  createDatabases: readonly string[] | undefined,
  tokens: readonly PermissionTokenEntry[],
): string {
  const databases = createDatabases === undefined ? undefined : [...new Set(createDatabases)].sort();
  return JSON.stringify({
    ...(databases === undefined || databases.length === 0 ? {} : { create_databases: databases }),
    tokens: [...tokens]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((entry) => ({
        token: entry.token,
        name: entry.name,
        ...(entry.expiryMillis === undefined ? {} : { expiry_millis: entry.expiryMillis }),
        permissions: canonicalPermissions(entry.permissions).map(permissionString),
      })),
  });
}
