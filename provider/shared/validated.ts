import { type InputFailure, InputValidationError } from "./errors";
import { containsUnknown } from "./unknown";

/** What every resource's `validate*` function answers (the schemas under provider/). */
export type Validation<T> = { ok: true; inputs: T } | { ok: false; failures: InputFailure[] };

/**
 * The inputs `create` and `update` act on. `check` already reported any failure at preview, so
 * reaching here with one is fatal, and so is a value still unknown (only possible in preview).
 */
export function validOrThrow<T>(kind: string, result: Validation<T>): T {
  if (!result.ok) throw new InputValidationError(kind, result.failures);
  if (containsUnknown(result.inputs)) {
    throw new InputValidationError(kind, [
      { property: "(inputs)", reason: "a value is still unknown; this only happens in preview" },
    ]);
  }
  return result.inputs;
}

/**
 * Why `name` is not a database name InfluxDB 3 accepts, or undefined when it is one. The rules are
 * the documented database naming restrictions, the same for Clustered, Cloud Dedicated, Core and
 * Enterprise (sources: docs/behaviour/input-rules.md). The API specs say only "1-64 characters",
 * which lets a name like `../../etc` through to the server. The reason never repeats the name.
 */
export function databaseNameProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (!/^[A-Za-z0-9_/-]*$/.test(name)) {
    return (
      "is not a valid database name: only letters (a-z, A-Z), digits, underscore (_), dash (-) and " +
      "forward slash (/) are allowed; no whitespace, dots or other punctuation"
    );
  }
  if (!/^[A-Za-z0-9]/.test(name)) {
    return "is not a valid database name: it must start with a letter or a digit (a leading _ is reserved for the system)";
  }
  if (name.length > 64) return "is not a valid database name: at most 64 characters";
  return undefined;
}
