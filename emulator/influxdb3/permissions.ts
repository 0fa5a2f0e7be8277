/**
 * Enterprise resource-token permissions: validation and rendering, as the shared catalog code does it
 * (behaviour D.7 for the rules and messages, behaviour D.8 for the rendered string).
 */

export type ResourceType = "db" | "system";

export interface PermissionSpec {
  resource_type: ResourceType;
  /** `["*"]` or explicit names (db names, or system endpoint names normalised to lower case). */
  resource_names: string[];
  actions: string[];
}

/** Fixed render order of database actions (behaviour D.8: `Display for DatabaseActions`). */
const DB_ACTION_ORDER = ["create", "describe", "update", "drop", "read", "write", "delete"] as const;
/** Actions the shared parser accepts for `db` (behaviour D.7); `update`/`drop` exist only in the render order. */
const DB_ACTIONS = new Set(["read", "write", "create", "describe", "delete"]);
const SYSTEM_NAMES = new Set(["health", "metrics", "ping", "ready"]);

/** Prefix of every permission error (behaviour D.7: errors are wrapped by the catalog). */
export const PERMISSION_ERROR_PREFIX = "cannot parse token permission, ";

export type PermissionCheck = { ok: true; permissions: PermissionSpec[] } | { ok: false; message: string };

/**
 * Validates the already type-checked permission list. `databaseExists` answers whether a db name
 * is known (behaviour D.7: db names must already exist).
 */
export function validatePermissions(
  raw: ReadonlyArray<{ resource_type: string; resource_names: string[]; actions: string[] }>,
  databaseExists: (name: string) => boolean,
): PermissionCheck {
  const out: PermissionSpec[] = [];
  for (const perm of raw) {
    const fail = (detail: string): PermissionCheck => ({
      ok: false,
      message: PERMISSION_ERROR_PREFIX + detail,
    });
    if (perm.resource_type === "*") return fail("* resource type can only be set for admin token");
    if (perm.resource_type !== "db" && perm.resource_type !== "system") {
      return fail(`resource type not supported ${perm.resource_type}`);
    }
    const type: ResourceType = perm.resource_type;
    const hasWildcard = perm.resource_names.includes("*");
    if (hasWildcard && perm.resource_names.length > 1) return fail("mixed wildcard (*) and resource name");
    let names = perm.resource_names;
    if (!hasWildcard) {
      if (type === "db") {
        const unknown = names.find((name) => !databaseExists(name));
        if (unknown !== undefined) return fail(`invalid resource name ${unknown}`);
      } else {
        names = names.map((name) => name.trim().toLowerCase());
        const unknownIndex = names.findIndex((name) => !SYSTEM_NAMES.has(name));
        if (unknownIndex >= 0) return fail(`invalid resource name ${perm.resource_names[unknownIndex]}`);
      }
    }
    for (const action of perm.actions) {
      if (type === "db" && !DB_ACTIONS.has(action))
        return fail(`action not supported, database action ${action}`);
      if (type === "system" && action !== "read")
        return fail(`action not supported, system action ${action}`);
    }
    out.push({ resource_type: type, resource_names: names, actions: [...new Set(perm.actions)] });
  }
  return { ok: true, permissions: out };
}

/** `db:a,b:read,write` with actions in the server's fixed order (behaviour D.8). */
export function renderPermission(perm: PermissionSpec): string {
  const actions =
    perm.resource_type === "db"
      ? DB_ACTION_ORDER.filter((action) => perm.actions.includes(action))
      : perm.actions.includes("read")
        ? ["read"]
        : [];
  return `${perm.resource_type}:${perm.resource_names.join(",")}:${actions.join(",")}`;
}

/**
 * Separator between several permissions of one token in `system.tokens`. The real one is not visible
 * (behaviour D.8 [?]: the Enterprise table code is closed); see DIFFERENCES.md.
 */
export const PERMISSION_SEPARATOR = ";";

export const ADMIN_PERMISSION = "*:*:*";

export function renderPermissions(perms: readonly PermissionSpec[] | "admin"): string {
  return perms === "admin" ? ADMIN_PERMISSION : perms.map(renderPermission).join(PERMISSION_SEPARATOR);
}

/** Whether a resource token may call a system endpoint (`/health`, `/ping`, ...) (behaviour D.9). */
export function allowsSystem(perms: readonly PermissionSpec[], endpoint: string): boolean {
  return perms.some(
    (perm) =>
      perm.resource_type === "system" &&
      perm.actions.includes("read") &&
      (perm.resource_names.includes("*") || perm.resource_names.includes(endpoint)),
  );
}
