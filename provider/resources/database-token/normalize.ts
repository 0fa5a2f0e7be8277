import type { DatabaseTokenPermission } from "./types";

const key = (p: DatabaseTokenPermission) => `${p.action}|${p.resource}`;

/** Permissions are a set: sorted, duplicates removed; only action and resource are kept. */
export function canonicalDatabasePermissions(
  permissions: readonly DatabaseTokenPermission[] | undefined,
): DatabaseTokenPermission[] {
  const byKey = new Map<string, DatabaseTokenPermission>();
  for (const p of permissions ?? []) {
    if (!byKey.has(key(p))) byKey.set(key(p), { action: p.action, resource: p.resource });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

export function sameDatabasePermissions(
  a: readonly DatabaseTokenPermission[] | undefined,
  b: readonly DatabaseTokenPermission[] | undefined,
): boolean {
  const left = canonicalDatabasePermissions(a).map(key);
  const right = canonicalDatabasePermissions(b).map(key);
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

// In a module of its own: the schema compares expiries too, and this module's types come from the
// schema (through ./types.ts), so the schema importing this module would be an import cycle.
export { sameInstant } from "./instant";
