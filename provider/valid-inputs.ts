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
