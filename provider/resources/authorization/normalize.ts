import type { PermissionInput, ResourceInput } from "./types";

/**
 * Canonical form of one permission. Where an ID is given, the name the server adds next to it
 * (`name`, `org`: behaviour A.2) is dropped, so server-filled fields never cause a diff.
 */
export function canonicalPermission(permission: PermissionInput): PermissionInput {
  const source = permission.resource as ResourceInput & Record<string, unknown>;
  const resource: ResourceInput = { type: source.type };
  if (typeof source.id === "string") resource.id = source.id;
  else if (typeof source.name === "string") resource.name = source.name;
  if (typeof source.orgId === "string") resource.orgId = source.orgId;
  else if (typeof source.org === "string") resource.org = source.org;
  else if (source.anyOrg === true) resource.anyOrg = true;
  return { action: permission.action, resource };
}

/** A string identifying a permission's meaning; equal keys mean the same grant. */
export function permissionKey(permission: PermissionInput): string {
  const { action, resource } = canonicalPermission(permission);
  const target =
    resource.id !== undefined
      ? `id=${resource.id}`
      : resource.name !== undefined
        ? `name=${resource.name}`
        : "*";
  const org =
    resource.orgId !== undefined
      ? `orgId=${resource.orgId}`
      : resource.org !== undefined
        ? `org=${resource.org}`
        : resource.anyOrg === true
          ? "org=*"
          : "";
  return [action, resource.type, target, org].join("|");
}

/** Permissions are a set: sorted by key, duplicates removed (order never diffs). */
export function canonicalPermissions(permissions: readonly PermissionInput[]): PermissionInput[] {
  const byKey = new Map<string, PermissionInput>();
  for (const permission of permissions) {
    const key = permissionKey(permission);
    if (!byKey.has(key)) byKey.set(key, canonicalPermission(permission));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

export function samePermissionSet(a: readonly PermissionInput[], b: readonly PermissionInput[]): boolean {
  const left = new Set(a.map(permissionKey));
  const right = new Set(b.map(permissionKey));
  return left.size === right.size && [...left].every((key) => right.has(key));
}

export function normalizedStatus(value: unknown): "active" | "inactive" {
  // The server stores a missing or empty status as active (behaviour A.4 step 2).
  return value === "inactive" ? "inactive" : "active";
}

export function normalizedDescription(value: unknown): string {
  return typeof value === "string" ? value : "";
}
