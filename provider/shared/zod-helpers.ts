import { z } from "zod";
import { formatPath, type InputFailure } from "./errors";
import { UNKNOWN } from "./unknown";

/**
 * Accepts the preview-time unknown sentinel in place of any value (DESIGN.md: check must tolerate
 * it, possibly nested). Failures of the real schema are unwrapped by `toFailures`.
 */
export function orUnknown<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(UNKNOWN), schema]);
}

/** Pulumi passes `null` for inputs set to null; treat them as absent, like undefined. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
    return out;
  }
  return value;
}

/** One failure per problem, each with a property path and a reason that says how to fix it. */
export function toFailures(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): InputFailure[] {
  const failures: InputFailure[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union") {
      // orUnknown(x): the last branch is the real schema; its issues are the useful ones.
      const branches = issue.errors;
      const real = branches[branches.length - 1];
      if (real !== undefined && real.length > 0) {
        failures.push(...toFailures(real, path));
        continue;
      }
    }
    if (issue.code === "unrecognized_keys") {
      const described = decodeUnknownKeys(issue.message);
      for (const key of issue.keys) {
        const found = described?.[key];
        failures.push({
          property: (found?.atParent === true ? formatPath(path) : formatPath([...path, key])) || "(inputs)",
          reason: found?.reason ?? "is not a known property; remove it",
        });
      }
      continue;
    }
    failures.push({ property: formatPath(path) || "(inputs)", reason: reasonOf(issue) });
  }
  return dedupe(failures);
}

function reasonOf(issue: z.core.$ZodIssue): string {
  // Messages we wrote ourselves (schema `error:` options and refinements) start with a marker-free
  // sentence; zod's defaults start with "Invalid" or "Too" and are rephrased here.
  if (issue.code === "custom") return issue.message;
  if (issue.code === "invalid_type") {
    return issue.message.startsWith("Invalid input")
      ? issue.expected === "undefined" || issue.expected === "never"
        ? "must not be set here; remove it"
        : `must be ${article(issue.expected)}${issue.expected === "object" ? " (see the README for its fields)" : ""}`
      : issue.message;
  }
  if (issue.code === "too_small" && issue.origin === "array") {
    return `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`;
  }
  if (issue.code === "too_small" && issue.origin === "string") return "must not be empty";
  if (issue.code === "too_big" && issue.origin === "string")
    return `must be at most ${issue.maximum} characters`;
  return issue.message;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function dedupe(failures: InputFailure[]): InputFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What an object schema tells about keys it does not take. */
export interface StrictObjectOptions {
  /** Keys the provider itself adds (e.g. `autoName`): accepted, but never listed or suggested. */
  hidden?: readonly string[];
  /** The resource's output-only keys, for "is an output, not an input" (top-level schemas only). */
  outputs?: readonly string[];
}

/**
 * An object schema that rejects unknown keys: a misspelled input must fail at check, not vanish
 * (`stauts: "inactive"` would otherwise create an active token). Each unknown key gets its own
 * failure: "did you mean" for a near miss, else the accepted keys.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T, options: StrictObjectOptions = {}) {
  const hidden = new Set(options.hidden ?? []);
  const accepted = Object.keys(shape).filter((key) => !hidden.has(key));
  const outputs = new Set(options.outputs ?? []);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const described: Record<string, UnknownKey> = {};
      for (const key of issue.keys) described[key] = unknownKey(key, accepted, outputs);
      return { message: UNKNOWN_KEYS_MARKER + JSON.stringify(described) };
    },
  });
}

/** Why one key is refused; `atParent`: the failure names the enclosing object, not the key. */
interface UnknownKey {
  reason: string;
  atParent: boolean;
}

// zod's error option can only answer a message, and the issue's path is complete only later (a
// union finalizes its branches' issues before its own path is known): the per-key reasons travel
// inside the message to toFailures, which adds the path.
const UNKNOWN_KEYS_MARKER = "\u0000unknown-keys:";

function decodeUnknownKeys(message: string): Record<string, UnknownKey> | undefined {
  if (!message.startsWith(UNKNOWN_KEYS_MARKER)) return undefined;
  return JSON.parse(message.slice(UNKNOWN_KEYS_MARKER.length)) as Record<string, UnknownKey>;
}

/** Keys that are safe to repeat in a message: inside a secret input, anything else may be a credential. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]{0,39}$/;

function unknownKey(key: string, accepted: readonly string[], outputs: ReadonlySet<string>): UnknownKey {
  const list = `the accepted properties are ${accepted.join(", ")}`;
  if (!PLAIN_KEY.test(key)) {
    return {
      reason: `has an unknown property (its name is not repeated here: it is not an identifier); ${list}`,
      atParent: true,
    };
  }
  if (outputs.has(key)) {
    return { reason: `"${key}" is an output of this resource, not an input; remove it`, atParent: false };
  }
  const suggestion = closestKey(key, accepted);
  return {
    reason:
      suggestion === undefined
        ? `unknown property "${key}": not a known property here; ${list}`
        : `unknown property "${key}": did you mean "${suggestion}"?`,
    atParent: false,
  };
}

/**
 * The accepted key a misspelling most likely meant: the same key in another case (`expiresat`),
 * else the nearest within 2 edits, a swap of neighbours counting as one (`stauts`), and fewer
 * edits than the key has characters (so `xy` is not taken for `id`).
 */
export function closestKey(key: string, accepted: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = accepted.find((candidate) => candidate.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of accepted) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  return best !== undefined && best.distance <= 2 && best.distance < key.length ? best.candidate : undefined;
}

/** Damerau-Levenshtein distance, optimal string alignment variant (each substring edited once). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}
