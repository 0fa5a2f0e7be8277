/**
 * During preview, inputs that depend on not-yet-created resources reach `check` and `diff` as
 * this sentinel string, possibly nested (DESIGN.md, "How Pulumi runs a dynamic provider").
 * It is the value of @pulumi/pulumi's `runtime.unknownValue`; copied so that this module needs
 * nothing from the SDK at run time.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value is, or contains at any depth, the unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Drops the SDK's reserved `__provider` key (and any other `__` key) before validation. */
export function withoutReservedKeys(inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) if (!key.startsWith("__")) out[key] = value;
  return out;
}

/** Removes keys whose value is undefined: `undefined` inside outs breaks the provider RPC. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as T;
}
