import { z } from "zod";
import { readSetting, urlSettingFailures } from "../../config";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { MARKER_PREFIX } from "../../lifecycle/create";
import { input, type Known, named, oneOf } from "../../shared/declaration";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import type { Validation } from "../../shared/validated";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { CLOUD_REASON } from "./messages";

/** influxd's password length rule, counted in bytes as Go's len() does (behaviour E.2). */
export const PASSWORD_BYTES = { min: 8, max: 72 } as const;

const status = oneOf(
  ["active", "inactive"],
  (value) => `"${value}" is not a status; use "active" or "inactive"`,
);

const name = z.string().superRefine((value, ctx) => {
  if (value.trim() === "") {
    // The server refuses "" (400 `key required`); a blank name would be a user nobody can log in as.
    ctx.addIssue({ code: "custom", message: "must not be empty; give the user's login name" });
  } else if (value.startsWith(MARKER_PREFIX)) {
    ctx.addIssue({
      code: "custom",
      message: `must not start with "${MARKER_PREFIX}": the provider names users it is creating that way; choose another name`,
    });
  }
});

const password = z.string().superRefine((value, ctx) => {
  const bytes = Buffer.byteLength(value, "utf8");
  // The value is a secret: the reason gives its length only.
  if (bytes < PASSWORD_BYTES.min || bytes > PASSWORD_BYTES.max) {
    ctx.addIssue({
      code: "custom",
      message: `must be ${PASSWORD_BYTES.min} to ${PASSWORD_BYTES.max} bytes long (InfluxDB refuses other lengths); this one has ${bytes}`,
    });
  }
});

const orgRef = z.string().superRefine((value, ctx) => {
  if (value.trim() === "")
    ctx.addIssue({ code: "custom", message: "must be an org ID or an org name, not empty" });
});

const connection = named(
  strictObject({
    url: input(
      orUnknown(
        httpUrlField(
          credentialIn("connection.token (or stack config influxdb:token)"),
          "http://localhost:8086",
          "/api/v2",
        ),
      ).optional(),
      {
        description:
          "Base URL of an InfluxDB OSS v2 server, e.g. `http://localhost:8086`. Changing it **replaces** the user (another server).",
        change: "replace",
      },
    ),
    token: input(z.string().min(1).optional(), {
      description:
        "API token allowed to manage users and org members (an operator token, or one with write:users and write:orgs). " +
        "Changing it updates state only (no request).",
      change: "state",
      secret: true,
    }),
  }),
  {
    typeName: "UserConnectionArgs",
    description:
      "Where the v2 API is, for one resource; overrides stack config and the environment. Stored as a secret.",
  },
);

/** Output-only keys: given as inputs they are a mistake. */
export const USER_OUTPUTS = ["userId", "orgIds"];

/** No output-only key holds a credential; `password` and `connection` are secret inputs, stored secret. */
export const USER_SECRET_OUTPUTS: string[] = [];

export const userSchema = named(
  strictObject(
    {
      name: input(orUnknown(name), {
        description:
          "The user's login name, unique on the server. Changing it **updates in place** (one PATCH renames the user; " +
          "its ID and tokens stay). A name another user already has fails naming that user.",
        change: "update",
      }),
      status: input(orUnknown(status).optional(), {
        description:
          "`active` (default) or `inactive`: an inactive user's tokens stop working (403). Changing it **updates in place** (PATCH).",
        change: "update",
      }),
      password: input(orUnknown(password).optional(), {
        description:
          `Password for logging in to the UI or the CLI, ${PASSWORD_BYTES.min} to ${PASSWORD_BYTES.max} bytes (stored as a secret). ` +
          "Write-only: the server never shows it, so refresh cannot see a change made elsewhere. Changing it " +
          "**updates in place** (POST /api/v2/users/{id}/password); removing it keeps the server's password.",
        change: "update",
        secret: true,
      }),
      orgMemberships: input(orUnknown(z.array(orUnknown(orgRef))).optional(), {
        description:
          "Orgs the user is a member of, each an org ID (16 lowercase hex characters) or an org name (resolved to its ID). " +
          "Compared as a set. Changing it **updates in place**: the user is added to new orgs and removed from dropped ones.",
        change: "update",
      }),
      deleteWithTokens: input(z.boolean().optional(), {
        description:
          "`true`: `destroy` deletes the user even while it still owns tokens (they stay on the server and stop working). " +
          "Default: the delete is refused naming those tokens. Changing it updates state only (no request).",
        change: "state",
      }),
      connection: input(orUnknown(connection).optional(), {
        description: "Per-resource connection (secret); default: stack config, then environment.",
        change: "fields",
        secret: true,
      }),
    },
    { outputs: USER_OUTPUTS },
  ),
  {
    typeName: "UserArgs",
    description:
      "The inputs of a `User`: its name, status, password and org memberships on an InfluxDB OSS v2 server, and how to reach it.",
  },
);

/** User inputs after validation, as the schema infers them. */
export type UserInputs = Known<z.output<typeof userSchema>>;

/**
 * Validates User inputs (without the SDK's `__` keys). Unknown values pass; create and update
 * refuse any still unknown (validOrThrow).
 */
export function validateUser(raw: Record<string, unknown>): Validation<UserInputs> {
  const result = userSchema.safeParse(withoutNulls(raw));
  if (!result.success) return { ok: false, failures: toFailures(result.error.issues) };
  const inputs = result.data as UserInputs;
  const failures: InputFailure[] = [];
  const connection = inputs.connection as unknown;
  if (!isUnknown(connection) && inputs.connection?.url === undefined) {
    failures.push(...urlSettingFailures("url", true));
  }
  failures.push(...cloudFailures(inputs));
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, inputs };
}

/**
 * InfluxDB Cloud (TSM) and Cloud Serverless both live under `cloud2.influxdata.com`: Serverless has
 * no `/api/v2/users` at all, and on Cloud only InfluxData's operator token may create users (behaviour E.5).
 */
export function isCloudUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === "cloud2.influxdata.com" || host.endsWith(".cloud2.influxdata.com");
  } catch {
    return false;
  }
}

function cloudFailures(inputs: UserInputs): InputFailure[] {
  const own = inputs.connection?.url;
  if (typeof own === "string" && !isUnknown(own)) {
    return isCloudUrl(own) ? [{ property: "connection.url", reason: CLOUD_REASON }] : [];
  }
  if (own !== undefined) return [];
  const setting = readSetting("url");
  if (setting === undefined || isUnknown(setting.value) || !isCloudUrl(setting.value)) return [];
  return [{ property: setting.key, reason: `the URL from ${setting.source} ${CLOUD_REASON}` }];
}
