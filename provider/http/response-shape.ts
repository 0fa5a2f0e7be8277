/**
 * Checks of an API answer's shape before a hook reads it (fuzzed in test/unit/fuzz): a
 * proxy's page or a truncated body becomes a clear error, not a TypeError deep in a hook. Shared by
 * the v2 and management clients; each says what its objects hold.
 */

/** Builds the client's error for one thing that is wrong with the answer. */
export type ShapeFailure = (what: string) => Error;

/** Each named field is absent, null or a string. */
export function expectOptionalStrings(
  record: Record<string, unknown>,
  keys: readonly string[],
  fail: ShapeFailure,
  prefix = "",
): void {
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw fail(`${prefix}${key} is not a string`);
    }
  }
}

/**
 * The answer as an object with a non-empty string `id`, the named optional string fields, and a
 * `permissions` list (absent means empty); each permission is checked by the caller.
 */
export function expectTokenObject(
  body: unknown,
  optionalStrings: readonly string[],
  fail: ShapeFailure,
): { record: Record<string, unknown>; permissions: unknown[] } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw fail("not an object");
  const record = body as Record<string, unknown>;
  if (typeof record.id !== "string" || record.id === "") throw fail("no id");
  expectOptionalStrings(record, optionalStrings, fail);
  const permissions = record.permissions ?? [];
  if (!Array.isArray(permissions)) throw fail("permissions is not a list");
  return { record, permissions };
}

/** JSON null means "absent" to the hooks (outputs never carry undefined or null). */
export function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}
