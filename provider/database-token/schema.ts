import { z } from "zod";
import { waitForActivationField } from "../activation/options";
import { httpUrlField } from "../config/url-field";
import type { InputFailure } from "../errors";
import { rotationFields } from "../rotation/schema";
import { isUnknown } from "../unknown";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../validation";
import { sameInstant } from "./normalize";
import type { DatabaseTokenInputs } from "./types";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isRfc3339(value: string): boolean {
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) return false;
  // Date.parse rolls "2099-02-30" over to March; the calendar day must exist (issue 6 bad-input table).
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const action = z.string().superRefine((value, ctx) => {
  if (value === "read" || value === "write") return;
  ctx.addIssue({ code: "custom", message: `"${value}" is not an action; use "read" or "write"` });
});

// ClusterDatabaseName: 1-64 chars, or "*" for every database (B.2).
const database = z.string().superRefine((value, ctx) => {
  if (value.length >= 1 && value.length <= 64) return;
  ctx.addIssue({
    code: "custom",
    message:
      value.length === 0
        ? 'give a database name, or "*" for all databases'
        : "a database name has at most 64 characters",
  });
});

const expiresAt = z.string().superRefine((value, ctx) => {
  if (isRfc3339(value)) return;
  ctx.addIssue({
    code: "custom",
    message: `"${value}" is not an RFC 3339 date-time; write e.g. "2027-06-30T00:00:00Z"`,
  });
});

const uuid = (what: string) =>
  z.string().superRefine((value, ctx) => {
    if (UUID.test(value)) return;
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a ${what} (a UUID like 11111111-1111-4111-8111-111111111111)`,
    });
  });

const permission = strictObject({ action: orUnknown(action), resource: orUnknown(database) });

const connection = strictObject({
  url: orUnknown(httpUrlField).optional(),
  token: z.string().min(1).optional(),
  accountId: orUnknown(uuid("Cloud Dedicated account ID")).optional(),
  clusterId: orUnknown(uuid("Cloud Dedicated cluster ID")).optional(),
});

export const databaseTokenSchema = strictObject({
  description: z
    .string({ error: "is required: describe what the token is for (the API requires it)" })
    .min(1),
  permissions: orUnknown(z.array(orUnknown(permission))).optional(),
  expiresAt: orUnknown(expiresAt).optional(),
  connection: orUnknown(connection).optional(),
  // Adoption, rotation and activation (issue 8): provider/adopt, provider/rotation, provider/activation.
  adoptId: orUnknown(uuid("database token ID")).optional(),
  adoptedToken: z.string().min(1).optional(),
  ...rotationFields,
  waitForActivation: waitForActivationField,
}).superRefine((value, ctx) => {
  if (value.adoptedToken !== undefined && value.adoptId === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["adoptedToken"],
      message: "is only used with adoptId (the value of the token being adopted); remove it or set adoptId",
    });
  }
});

export type ValidationResult =
  | { ok: true; inputs: DatabaseTokenInputs; failures: [] }
  | { ok: false; failures: InputFailure[] };

/**
 * Validates DatabaseToken inputs (without `__provider`). `expiresAt` must lie in the future only
 * when it is new or changed against `oldExpiresAt`: a token whose expiry has passed must not make
 * check fail (read reports it gone, and the next `up` creates a new one... with a new date).
 */
export function validateDatabaseToken(
  raw: Record<string, unknown>,
  oldExpiresAt: unknown = undefined,
  now: number = Date.now(),
): ValidationResult {
  const result = databaseTokenSchema.safeParse(withoutNulls(raw));
  if (!result.success) return { ok: false, failures: toFailures(result.error.issues) };
  const inputs = result.data as unknown as DatabaseTokenInputs;
  const expiry = inputs.expiresAt;
  if (
    expiry !== undefined &&
    !isUnknown(expiry) &&
    !sameInstant(expiry, oldExpiresAt) &&
    Date.parse(expiry) <= now
  ) {
    return {
      ok: false,
      failures: [
        {
          property: "expiresAt",
          reason: `${expiry} is not in the future; give a later date-time (or omit expiresAt for a token that never expires)`,
        },
      ],
    };
  }
  return { ok: true, inputs, failures: [] };
}
