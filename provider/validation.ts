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
      for (const key of issue.keys) {
        const reason = issue.message.startsWith("is not")
          ? issue.message
          : "is not a known property; remove it";
        failures.push({ property: formatPath([...path, key]), reason });
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

/** An object schema that rejects unknown keys and says which keys are allowed. */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? { message: `is not a known property; allowed here: ${allowed.join(", ")}` }
        : undefined,
  });
}
