/**
 * Property values between the engine's wire form (google.protobuf.Struct as JavaScript) and the
 * plain values the hooks take. The plugin tells the engine it accepts secrets, so secret inputs
 * arrive wrapped (`{ "4dabf18193072939515e22adb298388d": SECRET_SIG, value }`); the hooks get them
 * unwrapped, exactly as the dynamic-provider host hands them over (it declines secrets instead).
 * Unknown values keep the sentinel string the hooks already tolerate.
 */

/** `specialSigKey` and `specialSecretSig` of @pulumi/pulumi/runtime/rpc. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isSecretWrapper(value: unknown): value is { value?: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Removes every secret wrapper, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const [key, item] of Object.entries(value)) out[key] = unwrapSecrets(item);
    return out;
  }
  return value;
}

export function unwrapProps(value: unknown): Props {
  const plain = unwrapSecrets(value ?? {});
  return plain !== null && typeof plain === "object" && !Array.isArray(plain) ? (plain as Props) : {};
}

/**
 * A value Struct.fromJavaScript takes: `undefined` dropped from objects and turned into null in
 * arrays ("Unexpected struct type" otherwise), dates as ISO strings, nothing that is not JSON.
 */
export function structSafe(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(structSafe);
  if (typeof value === "object") {
    const out: Props = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = structSafe(item);
    return out;
  }
  return String(value);
}

/** Outputs for the engine: JSON-safe, and every key of `secretKeys` wrapped as a secret. */
export function outputsForEngine(outs: Props | undefined, secretKeys: ReadonlySet<string>): Props {
  const safe = structSafe(outs ?? {}) as Props;
  for (const key of Object.keys(safe)) {
    if (secretKeys.has(key) && safe[key] !== null) safe[key] = { [SIG_KEY]: SECRET_SIG, value: safe[key] };
  }
  return safe;
}

/** Deep equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const left = Object.entries(a as Props).filter(([, v]) => v !== undefined);
    const right = Object.entries(b as Props).filter(([, v]) => v !== undefined);
    if (left.length !== right.length) return false;
    return left.every(([key, item]) => sameValue(item, (b as Props)[key]));
  }
  return false;
}
