import type { ResourcePermissionBody } from "../../clients/influxdb3/client";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import { databaseNameProblem } from "../../shared/validated";

/**
 * Enterprise resource-token permissions, validated before any request with the messages the
 * server's catalog gives (behaviour D.7), and put in one canonical, order-insensitive form
 * (the server renders actions in a fixed order, behaviour D.8).
 */
export interface ResourcePermission {
  resourceType: "db" | "system";
  /** `"*"` (every database, including later ones; every system endpoint) or a list of names. */
  resourceNames: string[] | "*";
  actions: string[];
}

export const DB_ACTIONS = ["create", "describe", "read", "write", "delete"] as const;
export const SYSTEM_NAMES = ["health", "metrics", "ping", "ready"] as const;
/** The server's render order of database actions (behaviour D.8). */
const DB_ACTION_ORDER = ["create", "describe", "update", "drop", "read", "write", "delete"];

const SERVER_PREFIX = "cannot parse token permission, ";

/** Semantic checks after the shape check; unknown (preview) values are skipped. */
export function permissionFailures(permissions: unknown): InputFailure[] {
  if (isUnknown(permissions) || !Array.isArray(permissions)) return [];
  const failures: InputFailure[] = [];
  if (permissions.length === 0) {
    failures.push({
      property: "permissions",
      reason: "needs at least one permission: the server would create a token that can do nothing",
    });
  }
  permissions.forEach((raw: unknown, index) => {
    if (isUnknown(raw) || raw === null || typeof raw !== "object") return;
    const perm = raw as Record<string, unknown>;
    const at = (field: string) => `permissions[${index}].${field}`;
    const type = perm["resourceType"];
    const names = perm["resourceNames"];
    const actions = perm["actions"];
    if (type === "*") {
      failures.push({
        property: at("resourceType"),
        reason: `${SERVER_PREFIX}* resource type can only be set for admin token; use an AdminToken for full access`,
      });
      return;
    }
    if (!isUnknown(type) && type !== "db" && type !== "system") {
      failures.push({
        property: at("resourceType"),
        reason: `${SERVER_PREFIX}resource type not supported ${String(type)}; use "db" or "system"`,
      });
      return;
    }
    if (Array.isArray(names)) {
      if (names.length === 0) {
        failures.push({ property: at("resourceNames"), reason: 'needs at least one name, or "*" for all' });
      }
      if (names.includes("*") && names.length > 1) {
        failures.push({
          property: at("resourceNames"),
          reason: `${SERVER_PREFIX}mixed wildcard (*) and resource name; give "*" alone or only names`,
        });
      }
      names.forEach((name: unknown, nameIndex) => {
        if (isUnknown(name) || typeof name !== "string") return;
        const problem = type === "db" && name !== "*" ? databaseNameProblem(name) : undefined;
        if (name.trim() === "") {
          failures.push({ property: `${at("resourceNames")}[${nameIndex}]`, reason: "must not be empty" });
        } else if (problem !== undefined) {
          // The documented database naming rules (docs/behaviour/input-rules.md): a name outside
          // them cannot exist, so it fails here rather than as the server's "invalid resource name".
          failures.push({
            property: `${at("resourceNames")}[${nameIndex}]`,
            reason: `${JSON.stringify(name.length > 70 ? `${name.slice(0, 70)}…` : name)} ${problem}`,
          });
        } else if (
          type === "system" &&
          name !== "*" &&
          !(SYSTEM_NAMES as readonly string[]).includes(name.trim().toLowerCase())
        ) {
          failures.push({
            property: `${at("resourceNames")}[${nameIndex}]`,
            reason: `${SERVER_PREFIX}invalid resource name ${name}; system names are ${SYSTEM_NAMES.join(", ")} or "*"`,
          });
        }
      });
    }
    if (Array.isArray(actions)) {
      if (actions.length === 0)
        failures.push({ property: at("actions"), reason: "needs at least one action" });
      actions.forEach((action: unknown, actionIndex) => {
        if (isUnknown(action) || typeof action !== "string" || isUnknown(type)) return;
        const property = `${at("actions")}[${actionIndex}]`;
        if (type === "db" && !(DB_ACTIONS as readonly string[]).includes(action)) {
          failures.push({
            property,
            reason: `${SERVER_PREFIX}action not supported, database action ${action}; use ${DB_ACTIONS.join(", ")}`,
          });
        }
        if (type === "system" && action !== "read") {
          failures.push({
            property,
            reason: `${SERVER_PREFIX}action not supported, system action ${action}; use read`,
          });
        }
      });
    }
  });
  return failures;
}

/** Sorted names (system names lower-cased), actions in the server's order, entries sorted. */
export function canonicalPermissions(permissions: readonly ResourcePermission[]): ResourcePermission[] {
  const canonical = permissions.map((perm): ResourcePermission => {
    const names =
      perm.resourceNames === "*" || perm.resourceNames.includes("*")
        ? "*"
        : [
            ...new Set(
              perm.resourceNames.map((name) =>
                perm.resourceType === "system" ? name.trim().toLowerCase() : name,
              ),
            ),
          ].sort();
    const actions = DB_ACTION_ORDER.filter((action) => perm.actions.includes(action));
    return { resourceType: perm.resourceType, resourceNames: names, actions };
  });
  const key = (perm: ResourcePermission) => JSON.stringify(perm);
  const unique = new Map(canonical.map((perm) => [key(perm), perm]));
  return [...unique.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

export function permissionsEqual(
  a: readonly ResourcePermission[],
  b: readonly ResourcePermission[],
): boolean {
  return JSON.stringify(canonicalPermissions(a)) === JSON.stringify(canonicalPermissions(b));
}

/** The request body form (behaviour D.5). */
export function toRequestPermissions(permissions: readonly ResourcePermission[]): ResourcePermissionBody[] {
  return canonicalPermissions(permissions).map((perm) => ({
    resource_type: perm.resourceType,
    resource_names: perm.resourceNames === "*" ? ["*"] : perm.resourceNames,
    actions: perm.actions,
  }));
}
