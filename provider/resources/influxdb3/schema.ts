import { z } from "zod";
import {
  configuredInfluxdb3Edition,
  influxdb3EditionFailures,
  influxdb3UrlSettingFailures,
} from "../../config/influxdb3";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { input, type Known, named, oneOf } from "../../shared/declaration";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import type { Validation } from "../../shared/validated";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { parseExpiresIn } from "./duration";
import { permissionFailures } from "./permissions";

/**
 * Input validation of the three InfluxDB 3 resources, run at `check` before any request.
 * Shapes first (zod), then the server's own rules (names, durations, permissions).
 */
const connection = orUnknown(
  named(
    strictObject({
      url: input(
        orUnknown(
          httpUrlField(
            credentialIn("connection.token (or stack config influxdb:influxdb3Token)"),
            "http://127.0.0.1:8181",
            "/api/v3",
          ),
        ).optional(),
        {
          description:
            "Base URL, e.g. `http://127.0.0.1:8181`. Changing it **replaces** the token (another server).",
          change: "replace",
        },
      ),
      token: input(orUnknown(z.string().min(1)).optional(), {
        description: "An admin token (operator or named admin). Changing it updates state only (no request).",
        change: "state",
        secret: true,
      }),
    }),
    {
      typeName: "Influxdb3ConnectionArgs",
      description:
        "Where the InfluxDB 3 Core/Enterprise server is, for one resource; overrides stack config " +
        "(`influxdb:influxdb3Url`, `influxdb:influxdb3Token`) and the `influxdb3` CLI's environment " +
        "variables (`INFLUXDB3_HOST_URL`, `INFLUXDB3_AUTH_TOKEN`). Stored as a secret. This is how one " +
        "stack bootstraps a server and then creates tokens with the operator token it just made.",
    },
  ),
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

/** The outputs that hold a credential: secret in state, in the SDK and in the package schema. */
export const OPERATOR_SECRET_OUTPUTS = ["token"];
export const NAMED_SECRET_OUTPUTS = ["token"];

export const operatorSchema = named(
  strictObject(
    {
      connection: input(connection.optional(), {
        description: "Server and (optional) fallback admin token; the bootstrap itself needs no token.",
        change: "fields",
        secret: true,
      }),
      rotationTrigger: input(orUnknown(z.union([z.string(), z.number()])).optional(), {
        description:
          "Any value; changing it **regenerates the secret in place** (same ID, new token, the old one " +
          "stops working at once). E.g. a date, to rotate on a schedule.",
        change: "update",
      }),
      existingToken: input(orUnknown(z.string().min(1)).optional(), {
        description:
          "Adopt a server that is already bootstrapped: the current operator token (treat it as a secret). " +
          "Without it, creating on a bootstrapped server fails with 409 and says so. Setting or changing " +
          "it later **updates in place**: the new value is checked against the server and kept (no new token).",
        change: "update",
        secret: true,
      }),
    },
    { outputs: OPERATOR_OUTPUTS },
  ),
  { typeName: "OperatorTokenArgs", description: "The inputs of an `OperatorToken`." },
);

const namedShape = {
  name: input(orUnknown(z.string()).optional(), {
    description:
      "Server-side name (unique across all tokens). Unset: `<resource name>-<7 hex>`, renewed on each " +
      "replacement so the new token is created before the old one is deleted. Set: a replacement must " +
      "delete the old token first. Changing it **replaces** the token.",
    change: "replace",
  }),
  autonamePrefix: orUnknown(z.string()).optional(),
  autoName: orUnknown(z.string()).optional(),
  expiresIn: input(orUnknown(z.union([z.string(), z.number()])).optional(), {
    description:
      "Lifetime from creation: `90d`, `12h`, `1h30m`, `3600s` (units s, m, h, d, w, y) or seconds. " +
      "Unset: never expires. Never 0. Changing it **replaces** the token.",
    change: "replace",
  }),
  connection: input(connection.optional(), {
    description:
      "Per-resource connection (secret); needs an admin token. Default: stack config, then environment.",
    change: "fields",
    secret: true,
  }),
};

const RESOURCE_KINDS = ["db", "system"] as const;

export const permissionSchema = orUnknown(
  named(
    strictObject({
      // Any string passes the shape check: permissionFailures refuses the others with the server's
      // own messages, next to every other failure of the inputs (a shape failure would hide them).
      resourceType: input(orUnknown(oneOf(RESOURCE_KINDS)), {
        description: "`db` (databases) or `system` (the `/health`, `/metrics`, `/ping`, `/ready` endpoints).",
      }),
      resourceNames: input(orUnknown(z.union([z.literal("*"), z.array(orUnknown(z.string()))])), {
        description:
          '`"*"` (all, including databases created later) or names: existing database names for `db`; ' +
          "`health`, `metrics`, `ping`, `ready` for `system`.",
      }),
      actions: input(orUnknown(z.array(orUnknown(z.string()))), {
        description:
          "`db`: `read`, `write`, `create`, `describe`, `delete`. `system`: `read`. Order does not matter.",
      }),
    }),
    { typeName: "ResourcePermissionArgs", description: "One permission of a resource token." },
  ),
);

export const adminSchema = named(strictObject(namedShape, { hidden: NAMED_HIDDEN, outputs: NAMED_OUTPUTS }), {
  typeName: "AdminTokenArgs",
  description: "The inputs of an `AdminToken`.",
});
export const resourceSchema = named(
  strictObject(
    {
      ...namedShape,
      permissions: input(orUnknown(z.array(permissionSchema)), {
        description: "What the token may do. Compared as a set; any change **replaces** the token.",
        change: "replace",
      }),
    },
    { hidden: NAMED_HIDDEN, outputs: [...NAMED_OUTPUTS, "permissionsText"] },
  ),
  { typeName: "ResourceTokenArgs", description: "The inputs of a `ResourceToken`." },
);

/** The inputs of each resource after validation, as the schemas infer them (re-exported by ./types.ts). */
export type OperatorTokenInputs = Known<z.output<typeof operatorSchema>>;
export type NamedTokenInputs = Known<z.output<typeof adminSchema>>;
export type ResourceTokenInputs = Known<z.output<typeof resourceSchema>>;

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

/**
 * Without its own URL the resource uses the stack's: a bad or missing one fails at check, before
 * any request (an unknown connection or URL counts as given).
 */
function connectionFailures(value: unknown): InputFailure[] {
  if (isUnknown(value)) return [];
  const url = (value as { url?: unknown } | undefined)?.url;
  return url === undefined ? influxdb3UrlSettingFailures(true) : [];
}

/**
 * What the `influxdb:influxdb3Edition` setting rules out, before any request (behaviour D.15):
 * InfluxDB 3 Cloud has no `_admin` bootstrap, and Core has no resource tokens. Absent: nothing.
 */
function editionFailures(kind: "OperatorToken" | "AdminToken" | "ResourceToken"): InputFailure[] {
  const invalid = influxdb3EditionFailures();
  if (invalid.length > 0) return invalid;
  const configured = configuredInfluxdb3Edition();
  if (configured?.edition === "cloud" && kind === "OperatorToken") {
    return [
      {
        property: configured.key,
        reason:
          `is cloud (from ${configured.source}): InfluxDB 3 Cloud has no operator-token bootstrap ` +
          "(POST /api/v3/configure/token/admin) and no regenerate; InfluxData manages the operator token. " +
          "Remove this OperatorToken, give the admin token from the Cloud console as connection.token or " +
          "`pulumi config set --secret influxdb:influxdb3Token ...`, and create AdminToken / ResourceToken " +
          "resources with it (or correct the setting if this server is not Cloud)",
      },
    ];
  }
  if (configured?.edition === "core" && kind === "ResourceToken") {
    return [
      {
        property: configured.key,
        reason:
          `is core (from ${configured.source}): InfluxDB 3 Core has no resource tokens (they need Enterprise ` +
          "or Cloud); on Core every token is an admin token: use AdminToken, or correct the setting if this " +
          "server is Enterprise",
      },
    ];
  }
  return [];
}

function run<T>(
  schema: z.ZodType,
  raw: unknown,
  kind: "OperatorToken" | "AdminToken" | "ResourceToken",
  extra: (inputs: Record<string, unknown>) => InputFailure[],
) {
  const parsed = schema.safeParse(withoutNulls(raw));
  if (!parsed.success) return { ok: false as const, failures: toFailures(parsed.error.issues) };
  const inputs = parsed.data as Record<string, unknown>;
  const failures = [...editionFailures(kind), ...connectionFailures(inputs["connection"]), ...extra(inputs)];
  return failures.length > 0 ? { ok: false as const, failures } : { ok: true as const, inputs: inputs as T };
}

export function validateOperatorToken(raw: unknown): Validation<OperatorTokenInputs> {
  return run<OperatorTokenInputs>(operatorSchema, raw, "OperatorToken", () => []);
}

export function validateAdminToken(raw: unknown): Validation<NamedTokenInputs> {
  return run<NamedTokenInputs>(adminSchema, raw, "AdminToken", (inputs) => [
    ...nameFailures(inputs["name"]),
    ...expiresInFailures(inputs["expiresIn"]),
  ]);
}

export function validateResourceToken(raw: unknown): Validation<ResourceTokenInputs> {
  return run<ResourceTokenInputs>(resourceSchema, raw, "ResourceToken", (inputs) => [
    ...nameFailures(inputs["name"]),
    ...expiresInFailures(inputs["expiresIn"]),
    ...permissionFailures(inputs["permissions"]),
  ]);
}
