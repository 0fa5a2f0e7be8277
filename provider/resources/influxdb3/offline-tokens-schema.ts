import { z } from "zod";
import { configuredInfluxdb3Edition, influxdb3EditionFailures } from "../../config/influxdb3";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { input, type Known, named } from "../../shared/declaration";
import type { InputFailure } from "../../shared/errors";
import { isUnknown } from "../../shared/unknown";
import { databaseNameProblem, type Validation } from "../../shared/validated";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { parseExpiresIn } from "./duration";
import { OFFLINE_DEFAULT_ADMIN_NAME } from "./offline-token-file";
import { permissionFailures } from "./permissions";
import { nameFailures, permissionSchema } from "./schema";

/**
 * Inputs of `OfflineTokens`: token files for `influxdb3 serve` made without any server call
 * (behaviour D.11), validated at `check` with the rules the server applies when it loads them.
 */

const DURATION =
  "`90d`, `12h`, `1h30m`, `3600s` (units s, m, h, d, w, y) or seconds, turned into an absolute " +
  "`expiry_millis` when the resource is created. Unset: never expires. Never 0.";

const connection = orUnknown(
  named(
    strictObject({
      url: input(
        orUnknown(
          httpUrlField(credentialIn("connection.token"), "http://127.0.0.1:8181", "/api/v3"),
        ).optional(),
        {
          description:
            "The server started with the files, e.g. `http://127.0.0.1:8181`. Set: `pulumi refresh` checks in " +
            "`system.tokens` that it loaded each token. Unset: nothing is ever sent. A change updates state only.",
          change: "state",
        },
      ),
      token: input(orUnknown(z.string().min(1)).optional(), {
        description:
          "The admin token the check authenticates with. Unset: the admin token of this resource. " +
          "A change updates state only.",
        change: "state",
        secret: true,
      }),
    }),
    {
      typeName: "OfflineTokensConnectionArgs",
      description:
        "The server that loads the files, for the refresh check only (never used at create). The stack's " +
        "`influxdb:influxdb3Url` is not used: the resource is usually created before its server exists.",
    },
  ),
);

const permissionToken = orUnknown(
  named(
    strictObject({
      name: input(orUnknown(z.string()), {
        description: "Server-side name, unique across all tokens of the server.",
      }),
      permissions: input(orUnknown(z.array(permissionSchema)), {
        description:
          "What the token may do, as a ResourceToken's; database names must exist when the server starts.",
      }),
      expiresIn: input(orUnknown(z.union([z.string(), z.number()])).optional(), {
        description: `Lifetime: ${DURATION}`,
      }),
    }),
    {
      typeName: "OfflinePermissionTokenArgs",
      description: "One resource token of the Enterprise `--permission-tokens-file`.",
    },
  ),
);

/** Output-only keys: given as inputs they are a mistake. */
export const OFFLINE_OUTPUTS = [
  "adminName",
  "adminToken",
  "adminTokenFile",
  "permissionTokenValues",
  "permissionTokensFile",
  "hashPrefixes",
  "expiresAt",
  "loadStatus",
];
/** The outputs that hold a credential. */
export const OFFLINE_SECRET_OUTPUTS = [
  "adminToken",
  "adminTokenFile",
  "permissionTokenValues",
  "permissionTokensFile",
];

export const offlineTokensSchema = named(
  strictObject(
    {
      adminTokenName: input(orUnknown(z.string()).optional(), {
        description:
          "Name of the admin token in the admin token file. Unset: `_admin`, the operator token's name (as " +
          "`influxdb3 create token --admin --offline` without `--name`). Changing it **replaces** the resource " +
          "(every token is generated again).",
        change: "replace",
      }),
      adminTokenExpiresIn: input(orUnknown(z.union([z.string(), z.number()])).optional(), {
        description: `Lifetime of the admin token: ${DURATION} Changing it **replaces** the resource.`,
        change: "replace",
      }),
      permissionTokens: input(orUnknown(z.array(permissionToken)).optional(), {
        description:
          "InfluxDB 3 **Enterprise** only: resource tokens for `--permission-tokens-file`. Compared as a set by " +
          "name; any change of a name, permission or expiry **replaces** the resource (every token is " +
          "generated again).",
        change: "replace",
      }),
      createDatabases: input(orUnknown(z.array(orUnknown(z.string()))).optional(), {
        description:
          "Enterprise only: databases the server creates when it loads the permission tokens file " +
          "(`create_databases`), so the tokens may name them. A change updates state only (the file content " +
          "is rewritten with the same tokens).",
        change: "state",
      }),
      connection: input(connection.optional(), {
        description: "Optional: where to check, at refresh, that the server loaded the tokens (secret).",
        change: "fields",
        secret: true,
      }),
    },
    { outputs: OFFLINE_OUTPUTS },
  ),
  { typeName: "OfflineTokensArgs", description: "The inputs of an `OfflineTokens`." },
);

export type OfflineTokensInputs = Known<z.output<typeof offlineTokensSchema>>;

/** `_admin` is allowed as the admin token's name here: that is what an offline admin token is by default. */
function tokenNameFailures(name: unknown, property: string, admin: boolean): InputFailure[] {
  if (typeof name !== "string" || isUnknown(name)) return [];
  if (name === "") return [{ property, reason: "must not be empty" }];
  if (name === OFFLINE_DEFAULT_ADMIN_NAME) {
    return admin
      ? []
      : [
          {
            property,
            reason: "`_admin` is the operator token's name; give this permission token another name",
          },
        ];
  }
  return nameFailures(name, property);
}

function expiryFailures(value: unknown, property: string): InputFailure[] {
  if (value === undefined || isUnknown(value)) return [];
  const parsed = parseExpiresIn(value as string | number);
  return parsed.ok ? [] : [{ property, reason: parsed.reason }];
}

const at = (prefix: string, failures: InputFailure[]) =>
  failures.map((failure) => ({ ...failure, property: `${prefix}.${failure.property}` }));

function permissionTokenFailures(tokens: unknown, adminName: unknown): InputFailure[] {
  if (!Array.isArray(tokens)) return [];
  const failures: InputFailure[] = [];
  const seen = new Map<string, string>();
  if (typeof adminName === "string" && !isUnknown(adminName)) seen.set(adminName, "adminTokenName");
  else if (adminName === undefined) seen.set(OFFLINE_DEFAULT_ADMIN_NAME, "adminTokenName (unset: _admin)");
  tokens.forEach((raw: unknown, index) => {
    if (isUnknown(raw) || raw === null || typeof raw !== "object") return;
    const token = raw as Record<string, unknown>;
    const prefix = `permissionTokens[${index}]`;
    const name = token["name"];
    failures.push(...tokenNameFailures(name, `${prefix}.name`, false));
    if (typeof name === "string" && !isUnknown(name) && name !== OFFLINE_DEFAULT_ADMIN_NAME) {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        failures.push({
          property: `${prefix}.name`,
          reason: `"${name}" is also the name of ${earlier}: names are unique across all tokens of a server (the server skips a file token whose name exists)`,
        });
      } else {
        seen.set(name, `${prefix}.name`);
      }
    }
    failures.push(...at(prefix, permissionFailures(token["permissions"])));
    failures.push(...expiryFailures(token["expiresIn"], `${prefix}.expiresIn`));
  });
  return failures;
}

function databaseFailures(names: unknown): InputFailure[] {
  if (!Array.isArray(names)) return [];
  return names.flatMap((name: unknown, index): InputFailure[] => {
    if (typeof name !== "string" || isUnknown(name)) return [];
    const problem = name === "" ? "must not be empty" : databaseNameProblem(name);
    return problem === undefined
      ? []
      : [{ property: `createDatabases[${index}]`, reason: `"${name}" ${problem}` }];
  });
}

/** What the `influxdb:influxdb3Edition` setting rules out (behaviour D.15, D.11). */
function editionFailures(inputs: Record<string, unknown>): InputFailure[] {
  const invalid = influxdb3EditionFailures();
  if (invalid.length > 0) return invalid;
  const configured = configuredInfluxdb3Edition();
  if (configured?.edition === "cloud") {
    return [
      {
        property: configured.key,
        reason:
          `is cloud (from ${configured.source}): InfluxDB 3 Cloud is started by InfluxData, so nobody can give it ` +
          "token files; remove this OfflineTokens and use the admin token from the Cloud console",
      },
    ];
  }
  const enterpriseOnly = ["permissionTokens", "createDatabases"].filter(
    (key) => Array.isArray(inputs[key]) && (inputs[key] as unknown[]).length > 0,
  );
  if (configured?.edition === "core" && enterpriseOnly.length > 0) {
    return enterpriseOnly.map((key) => ({
      property: key,
      reason:
        `needs InfluxDB 3 Enterprise, but ${configured.key} is core (from ${configured.source}): Core has no ` +
        "--permission-tokens-file (every Core token is an admin token); remove it or correct the setting",
    }));
  }
  return [];
}

export function validateOfflineTokens(raw: unknown): Validation<OfflineTokensInputs> {
  const parsed = offlineTokensSchema.safeParse(withoutNulls(raw));
  if (!parsed.success) return { ok: false, failures: toFailures(parsed.error.issues) };
  const inputs = parsed.data as Record<string, unknown>;
  const failures = [
    ...editionFailures(inputs),
    ...tokenNameFailures(inputs["adminTokenName"], "adminTokenName", true),
    ...expiryFailures(inputs["adminTokenExpiresIn"], "adminTokenExpiresIn"),
    ...permissionTokenFailures(inputs["permissionTokens"], inputs["adminTokenName"]),
    ...databaseFailures(inputs["createDatabases"]),
  ];
  return failures.length > 0 ? { ok: false, failures } : { ok: true, inputs: inputs as OfflineTokensInputs };
}
