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

/** Two date-times name the same instant (the server may answer another format of the one given). */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a !== "string" || typeof b !== "string") return a === b;
  const left = Date.parse(a);
  const right = Date.parse(b);
  return Number.isNaN(left) || Number.isNaN(right) ? a === b : left === right;
}
