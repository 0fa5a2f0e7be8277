import { z } from "zod";
import { urlSettingFailures } from "../../config";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { rotationFields } from "../../lifecycle/rotation/schema";
import { input, type Known, named, oneOf } from "../../shared/declaration";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import { databaseNameProblem } from "../../shared/validated";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { waitForActivationField } from "./activation/options";
import { sameInstant } from "./instant";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// RFC 3339 section 5.6 `date-time`, with each field checked for range below: JavaScript's own
// parser takes "T24:00:00" as the next day's midnight, which would be sent and stored as a
// different date than the one written (docs/behaviour/input-rules.md).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const RFC3339_SHAPE =
  'is not an RFC 3339 date-time: write YYYY-MM-DDThh:mm:ss with "Z" or an offset such as +02:00, e.g. "2027-06-30T00:00:00Z"';

/** Why `value` is not a strict RFC 3339 date-time, or undefined when it is one. */
export function rfc3339Problem(value: string): string | undefined {
  const match = RFC3339.exec(value);
  if (match === null) return RFC3339_SHAPE;
  const [year, month, day, hour, minute, second, , offsetHour, offsetMinute] = match
    .slice(1)
    .map((field) => (field === undefined ? undefined : Number(field)));
  if (month! < 1 || month! > 12) return "is not an RFC 3339 date-time: months are 01 to 12";
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > daysInMonth) {
    return `is not an RFC 3339 date-time: that month has days 01 to ${daysInMonth}`;
  }
  if (hour! > 23) {
    return "is not an RFC 3339 date-time: hours are 00 to 23 (for the end of a day, write the next day at T00:00:00)";
  }
  if (minute! > 59) return "is not an RFC 3339 date-time: minutes are 00 to 59";
  if (second! > 59)
    return "is not an RFC 3339 date-time: seconds are 00 to 59 (leap seconds are not accepted)";
  if (offsetHour !== undefined && (offsetHour > 23 || offsetMinute! > 59)) {
    return "is not an RFC 3339 date-time: an offset is +hh:mm or -hh:mm with hours 00 to 23 and minutes 00 to 59";
  }
  return Number.isNaN(Date.parse(value)) ? RFC3339_SHAPE : undefined;
}

export function isRfc3339(value: string): boolean {
  return rfc3339Problem(value) === undefined;
}

const action = oneOf(["read", "write"], (value) => `"${value}" is not an action; use "read" or "write"`);

// A database name by the documented naming rules (the API spec says only 1-64 characters), or
// "*" for every database (docs/behaviour/input-rules.md).
const database = z.string().superRefine((value, ctx) => {
  if (value === "*") return;
  const problem = databaseNameProblem(value);
  if (problem === undefined) return;
  ctx.addIssue({
    code: "custom",
    message: value === "" ? 'give a database name, or "*" for all databases' : `${quoted(value)} ${problem}`,
  });
});

/** A value of a non-secret input, quoted for a message (long ones cut). */
function quoted(value: string): string {
  return JSON.stringify(value.length > 70 ? `${value.slice(0, 70)}…` : value);
}

const expiresAt = z.string().superRefine((value, ctx) => {
  const problem = rfc3339Problem(value);
  if (problem === undefined) return;
  ctx.addIssue({ code: "custom", message: `${quoted(value)} ${problem}` });
});

/** `secret`: the field is part of a secret input (connection), so its value is never repeated. */
const uuid = (what: string, secret: boolean) =>
  z.string().superRefine((value, ctx) => {
    if (UUID.test(value)) return;
    ctx.addIssue({
      code: "custom",
      message: `${secret ? "is" : `"${value}" is`} not a ${what} (a UUID like 11111111-1111-4111-8111-111111111111)`,
    });
  });

const permission = named(
  strictObject({
    action: input(orUnknown(action), { description: "`read` or `write`." }),
    resource: input(orUnknown(database), {
      description:
        'A database name, or `"*"` for every database. Names follow InfluxDB\'s database naming rules: ' +
        "1-64 letters, digits, `_`, `-` and `/`, starting with a letter or a digit.",
    }),
  }),
  { typeName: "DatabaseTokenPermissionArgs", description: "One permission: an action on a database." },
);

const connection = named(
  strictObject({
    url: input(
      orUnknown(
        httpUrlField(
          credentialIn("connection.token (or stack config influxdb:managementToken)"),
          "https://cluster.example.com",
          "/api/v0",
        ),
      ).optional(),
      {
        description: "Management API base URL (without `/api/v0`). Changing it replaces the token.",
        change: "replace",
      },
    ),
    token: input(z.string().min(1).optional(), {
      description: "Management token or JWT. Changing it updates state only (no request).",
      change: "state",
      secret: true,
    }),
    accountId: input(orUnknown(uuid("Cloud Dedicated account ID", true)).optional(), {
      description: "Cloud Dedicated account ID (UUID); with `clusterId`. Changing it replaces the token.",
      change: "replace",
    }),
    clusterId: input(orUnknown(uuid("Cloud Dedicated cluster ID", true)).optional(), {
      description: "Cloud Dedicated cluster ID (UUID); with `accountId`. Changing it replaces the token.",
      change: "replace",
    }),
  }),
  {
    typeName: "DatabaseTokenConnectionArgs",
    description:
      "Where the management API is, for one resource; overrides stack config and the environment. " +
      "Stored as a secret.",
  },
);

/** Output-only keys: given as inputs they are a mistake (an input of that name does not exist). */
export const DATABASE_TOKEN_OUTPUTS = [
  "accessToken",
  "createdAt",
  "revokedAt",
  "accountId",
  "clusterId",
  "adopted",
  "tokenKnown",
  "rotationDueAt",
];

/** The outputs that hold a credential: secret in state, in the SDK and in the package schema. */
export const DATABASE_TOKEN_SECRET_OUTPUTS = ["accessToken"];

export const databaseTokenSchema = named(
  strictObject(
    {
      description: input(
        z.string({ error: "is required: describe what the token is for (the API requires it)" }).min(1),
        {
          description:
            "What the token is for (required by the API). Changing it **updates in place** (PATCH).",
          change: "update",
        },
      ),
      permissions: input(orUnknown(z.array(orUnknown(permission))).optional(), {
        description:
          "Database permissions; may be empty. Compared as a set. Any change **replaces** the token.",
        change: "replace",
      }),
      expiresAt: input(orUnknown(expiresAt).optional(), {
        description:
          "RFC 3339 expiry, e.g. `2027-06-30T00:00:00Z` (strict: hours 00-23, a real calendar day, `Z` or " +
          "an offset); must be in the future when set or changed. Omit for a token that never expires. " +
          "Changing it **replaces** the token.",
        change: "replace",
      }),
      connection: input(orUnknown(connection).optional(), {
        description: "Per-resource connection (secret); default: stack config, then environment.",
        change: "fields",
        secret: true,
      }),
      // Adoption, rotation and activation: ./adopt.ts, provider/lifecycle/rotation, ./activation.
      adoptId: input(orUnknown(uuid("database token ID", false)).optional(), {
        description:
          "ID (UUID) of an existing database token to take over instead of creating one. Read only when " +
          "the resource is created: `up` checks that its permissions and expiry match the declared ones " +
          "(and fails naming every difference), then sets the description as declared. Revoked or expired " +
          "tokens cannot be adopted. Later changes are ignored; `destroy` revokes the token. A replacement " +
          "is refused while this is set: remove it (and `adoptedToken`) first.",
        change: "create",
      }),
      adoptedToken: input(z.string().min(1).optional(), {
        description:
          "The adopted token's value, if you have it (secret). Without it `accessToken` stays empty and " +
          "`tokenKnown` is false. Only with `adoptId`; changing it later **updates state only**.",
        change: "state",
        secret: true,
      }),
      rotateAfter: input(rotationFields.rotateAfter, {
        description:
          'Rotation period, e.g. `"90d"`: see `AuthorizationArgs.rotateAfter`. Due: **replaces** (create first).',
        change: "rotation",
      }),
      rotationTrigger: input(rotationFields.rotationTrigger, {
        description: "Any value; a change from one value to another **replaces** the token (create first).",
        change: "rotation",
      }),
      // waitForActivation names a URL: kept secret like connection.
      waitForActivation: input(waitForActivationField, {
        description:
          "Hold `create` until the cluster accepts the new token (new tokens answer 401 for seconds to " +
          "minutes). `true` uses the defaults. The provider probes `POST <url>/api/v2/write?bucket=<database>` " +
          "with the new token and an empty body (nothing is written) until the answer is not 401, showing " +
          "progress; on timeout it revokes the token and fails. Matters only at create; changing it is no change.",
        change: "create",
        secret: true,
      }),
    },
    { outputs: DATABASE_TOKEN_OUTPUTS },
  ).superRefine((value, ctx) => {
    if (value.adoptedToken !== undefined && value.adoptId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["adoptedToken"],
        message: "is only used with adoptId (the value of the token being adopted); remove it or set adoptId",
      });
    }
  }),
  {
    typeName: "DatabaseTokenArgs",
    description:
      "The inputs of a `DatabaseToken`: its description, permissions and expiry, how to reach the " +
      "management API, and its adoption, rotation and activation.",
  },
);

/** DatabaseToken inputs after validation, as the schema infers them (re-exported by ./types.ts). */
export type DatabaseTokenInputs = Known<z.output<typeof databaseTokenSchema>>;

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
  // Unknown values (preview) pass here as they are; create and update take the inputs through
  // validOrThrow, which refuses any that is still unknown, so the type says what they act on.
  const inputs = result.data as DatabaseTokenInputs;
  // Without its own URL the resource uses the stack's: a bad or missing one fails here, before
  // any request.
  const connection = inputs.connection as unknown;
  if (!isUnknown(connection) && inputs.connection?.url === undefined) {
    const failures = urlSettingFailures("managementUrl", true);
    if (failures.length > 0) return { ok: false, failures };
  }
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
