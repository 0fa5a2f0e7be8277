import type {
  AuthorizationPermissionSummary,
  AuthorizationSummary,
  DatabaseTokenSummary,
  TextMatcher,
} from "./types";

/**
 * Filters the v2 list API does not have (behaviour A.5: only user/org), applied to its answer.
 * All given filters must hold.
 */
export interface AuthorizationFilter {
  status?: "active" | "inactive";
  /** Keeps tokens holding at least one permission with this action (with `resourceType`: the same one). */
  action?: "read" | "write";
  /** Keeps tokens holding at least one permission on this type (an `instance` grant covers every type, behaviour A.10). */
  resourceType?: string;
  /** Keeps tokens holding a permission on this one resource ID, or type- or org-wide over it. */
  resourceId?: string;
  /** Substring of the description, or a regular expression tested against it. */
  description?: TextMatcher;
}

export function matchesText(value: string, matcher: TextMatcher | undefined): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === "string") return value.includes(matcher);
  matcher.lastIndex = 0; // a /g or /y expression keeps state between tests
  return matcher.test(value);
}

function permissionMatches(permission: AuthorizationPermissionSummary, filter: AuthorizationFilter): boolean {
  if (filter.action !== undefined && permission.action !== filter.action) return false;
  const type = permission.resource.type;
  if (filter.resourceType !== undefined && type !== filter.resourceType && type !== "instance") return false;
  // A grant without an ID covers the ID too (type- or org-wide, behaviour A.10); the org is not checked here.
  if (filter.resourceId !== undefined && permission.resource.id !== undefined) {
    return permission.resource.id === filter.resourceId;
  }
  return true;
}

export function matchesAuthorization(summary: AuthorizationSummary, filter: AuthorizationFilter): boolean {
  if (filter.status !== undefined && summary.status !== filter.status) return false;
  if (!matchesText(summary.description, filter.description)) return false;
  const byPermission =
    filter.action !== undefined || filter.resourceType !== undefined || filter.resourceId !== undefined;
  return !byPermission || summary.permissions.some((permission) => permissionMatches(permission, filter));
}

export interface DatabaseTokenFilter {
  /** Revoked tokens are hidden unless this is true (as `influxctl token list --include-revoked`). */
  includeRevoked?: boolean;
  /** Only tokens that still work: not revoked and not past `expiresAt`. */
  activeOnly?: boolean;
  /** Keeps tokens with at least one permission with this action (with `database`: the same one). */
  action?: "read" | "write";
  /** Keeps tokens with a permission on this database, or on every database (`"*"`). */
  database?: string;
  description?: TextMatcher;
}

export function matchesDatabaseToken(summary: DatabaseTokenSummary, filter: DatabaseTokenFilter): boolean {
  if (filter.includeRevoked !== true && summary.revokedAt !== undefined) return false;
  if (filter.activeOnly === true && !summary.active) return false;
  if (!matchesText(summary.description, filter.description)) return false;
  if (filter.action === undefined && filter.database === undefined) return true;
  return summary.permissions.some(
    (p) =>
      (filter.action === undefined || p.action === filter.action) &&
      (filter.database === undefined || p.resource === filter.database || p.resource === "*"),
  );
}
