import { z } from "zod";
import { influxdb3UrlSettingFailures } from "../../config/influxdb3";
import { credentialIn, httpUrlField } from "../../config/url-field";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import type { Validation } from "../../shared/validated";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { parseExpiresIn } from "./duration";
import { permissionFailures } from "./permissions";
import type { NamedTokenInputs, OperatorTokenInputs, ResourceTokenInputs } from "./types";

/**
 * Input validation of the three InfluxDB 3 resources, run at `check` before any request.
 * Shapes first (zod), then the server's own rules (names, durations, permissions).
 */
const connection = orUnknown(
  strictObject({
    url: orUnknown(
      httpUrlField(
        credentialIn("connection.token (or stack config influxdb:influxdb3Token)"),
        "http://127.0.0.1:8181",
      ),
    ).optional(),
    token: orUnknown(z.string().min(1)).optional(),
  }),
);

/** Output-only keys of each resource: given as inputs they are a mistake. */
export const OPERATOR_OUTPUTS = [
  "name",
  "token",
  "tokenId",
  "hashPrefix",
  "createdAt",
  "updatedAt",
  "edition",
  "status",
];
export const NAMED_OUTPUTS = [
  "tokenName",
  "token",
  "tokenId",
  "hashPrefix",
  "createdAt",
  "expiresAt",
  "status",
];
/** Inputs the SDK and check add themselves (the autoname): accepted, never suggested. */
export const NAMED_HIDDEN = ["autonamePrefix", "autoName"];

export const operatorSchema = strictObject(
  {
    connection: connection.optional(),
    rotationTrigger: orUnknown(z.union([z.string(), z.number()])).optional(),
    existingToken: orUnknown(z.string().min(1)).optional(),
  },
  { outputs: OPERATOR_OUTPUTS },
);

const namedShape = {
  name: orUnknown(z.string()).optional(),
  autonamePrefix: orUnknown(z.string()).optional(),
  autoName: orUnknown(z.string()).optional(),
  expiresIn: orUnknown(z.union([z.string(), z.number()])).optional(),
  connection: connection.optional(),
};

const permissionSchema = orUnknown(
  strictObject({
    resourceType: orUnknown(z.string()),
    resourceNames: orUnknown(z.union([z.literal("*"), z.array(orUnknown(z.string()))])),
    actions: orUnknown(z.array(orUnknown(z.string()))),
  }),
);

export const adminSchema = strictObject(namedShape, { hidden: NAMED_HIDDEN, outputs: NAMED_OUTPUTS });
export const resourceSchema = strictObject(
  { ...namedShape, permissions: orUnknown(z.array(permissionSchema)) },
  { hidden: NAMED_HIDDEN, outputs: [...NAMED_OUTPUTS, "permissionsText"] },
);

/** Server-side names are free-form (D.4); these are the ones that can only fail or surprise. */
export function nameFailures(name: unknown, property = "name"): InputFailure[] {
  if (typeof name !== "string" || isUnknown(name)) return [];
  if (name === "") return [{ property, reason: "must not be empty; omit name to get an autoname" }];
  if (name === "_admin") {
    return [
      {
        property,
        reason: "token name already exists, _admin: `_admin` is the operator token; use OperatorToken",
      },
    ];
  }
  if (name !== name.trim()) return [{ property, reason: "must not start or end with spaces" }];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name))
    return [{ property, reason: "must not contain control characters" }];
  if (name.length > 256) return [{ property, reason: "must be at most 256 characters" }];
  return [];
}

function expiresInFailures(value: unknown): InputFailure[] {
  if (value === undefined || isUnknown(value)) return [];
  const parsed = parseExpiresIn(value as string | number);
  return parsed.ok ? [] : [{ property: "expiresIn", reason: parsed.reason }];
}

/** Without its own URL the resource uses the stack's: a bad one fails at check, before any request. */
function connectionFailures(value: unknown): InputFailure[] {
  if (isUnknown(value)) return [];
  const url = (value as { url?: unknown } | undefined)?.url;
  return url === undefined ? influxdb3UrlSettingFailures() : [];
}

function run<T>(schema: z.ZodType, raw: unknown, extra: (inputs: Record<string, unknown>) => InputFailure[]) {
  const parsed = schema.safeParse(withoutNulls(raw));
  if (!parsed.success) return { ok: false as const, failures: toFailures(parsed.error.issues) };
  const inputs = parsed.data as Record<string, unknown>;
  const failures = [...connectionFailures(inputs["connection"]), ...extra(inputs)];
  return failures.length > 0 ? { ok: false as const, failures } : { ok: true as const, inputs: inputs as T };
}

export function validateOperatorToken(raw: unknown): Validation<OperatorTokenInputs> {
  return run<OperatorTokenInputs>(operatorSchema, raw, () => []);
}

export function validateAdminToken(raw: unknown): Validation<NamedTokenInputs> {
  return run<NamedTokenInputs>(adminSchema, raw, (inputs) => [
    ...nameFailures(inputs["name"]),
    ...expiresInFailures(inputs["expiresIn"]),
  ]);
}

export function validateResourceToken(raw: unknown): Validation<ResourceTokenInputs> {
  return run<ResourceTokenInputs>(resourceSchema, raw, (inputs) => [
    ...nameFailures(inputs["name"]),
    ...expiresInFailures(inputs["expiresIn"]),
    ...permissionFailures(inputs["permissions"]),
  ]);
}
