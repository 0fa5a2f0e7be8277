import { z } from "zod";
import type { UNKNOWN } from "./unknown";

/**
 * Each resource's inputs are declared once, in its zod schema (provider/resources/<family>/schema.ts):
 * the rule that validates a property, its user-facing description and what a change to it does
 * sit on the same line. Everything else derives from it: the provider's input types (`z.infer`,
 * see `Known`), and, written by scripts/generate-sdk-types.ts, the SDK's Args interfaces with
 * their TSDoc, its key lists, and the Pulumi package schema (provider/plugin/schema.json).
 *
 * The documentation travels as zod metadata (`.meta()`, through `input` and `named` below) rather
 * than in a table beside the schema: a table would repeat every key and drift the way the four
 * declarations it replaces did, while metadata cannot name a property that does not exist. Zod
 * keeps metadata in a registry outside the schema object, so validation is unchanged by it.
 */

/**
 * What a change to an input does, as the resource's diff decides it (test/unit/sdk checks the two
 * agree):
 * - `replace`: any change replaces the token (create first, unless the diff says delete first);
 * - `update`: the token is updated in place, with a request;
 * - `state`: only the stored state changes, no request;
 * - `create`: read only when the resource is created; a later change is no change;
 * - `rotation`: replaces only when rotation is due (`rotateAfter`) or a trigger changes from one
 *   value to another; otherwise updates state only (provider/lifecycle/rotation/diff.ts);
 * - `fields`: an object whose fields each declare their own (`connection`).
 */
export type Change = "replace" | "update" | "state" | "create" | "rotation" | "fields";

export interface InputDoc {
  /** Markdown, as users read it: the SDK's TSDoc and the package schema's `description`. */
  readonly description: string;
  /** Required on every top-level input and on each field of a `fields` input. */
  readonly change?: Change;
  /** A credential, or a value that may hold one: sent and stored as a secret. */
  readonly secret?: true;
}

/** Documents one property of an input schema (put it on the outermost schema of the property). */
export function input<T extends z.ZodType>(schema: T, doc: InputDoc): T {
  return schema.meta({ ...doc });
}

export interface TypeDoc {
  /** The SDK's name for this object or string union, e.g. `AuthorizationPermissionArgs`. */
  readonly typeName: string;
  readonly description: string;
}

/** Names an object schema (or a `oneOf`) as a type of its own in the SDK and the package schema. */
export function named<T extends z.ZodType>(schema: T, doc: TypeDoc): T {
  return schema.meta({ ...doc });
}

/**
 * A string that must be one of `values`, typed as their union (zod's refinements do not narrow a
 * type). `problem` words the failure for a string outside them; without it, any string passes
 * here and a later check of the caller's refuses the others with messages of its own.
 *
 * The refinement is a custom issue, as a hand-written `superRefine` would raise, so the enclosing
 * object's own refinements still run beside it; the values are kept as metadata for the generator.
 */
export function oneOf<const T extends readonly string[]>(values: T, problem?: (value: string) => string) {
  const base =
    problem === undefined
      ? z.string()
      : z.string().superRefine((value, ctx) => {
          if (!(values as readonly string[]).includes(value)) {
            ctx.addIssue({ code: "custom", message: problem(value) });
          }
        });
  return base.pipe(z.custom<T[number]>()).meta({ oneOf: values });
}

/**
 * An inferred input type without the preview-time unknown sentinel that `orUnknown` admits at any
 * depth: the inputs `create` and `update` act on (`validOrThrow` refuses any value still unknown).
 */
export type Known<T> = T extends typeof UNKNOWN
  ? never
  : T extends readonly (infer Item)[]
    ? Known<Item>[]
    : T extends object
      ? { [K in keyof T]: Known<T[K]> }
      : T;
