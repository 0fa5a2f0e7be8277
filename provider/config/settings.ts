/**
 * Every `influxdb:*` setting of the provider, in one table, and the one reader of them.
 *
 * A value comes from, in order: the resource's `connection` input (read by ./connection.ts and
 * ./influxdb3.ts, not here) > stack config (delivered by the engine's `configure` call,
 * @pulumi/pulumi >= 3.139) > an environment variable (the influx and influxdb3 CLIs' names where
 * they have one). Everything is read at call time: nothing here is captured into the serialized
 * provider, so a changed setting applies to the next operation without a new state.
 */
import { ConfigurationError } from "./errors";

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface SettingSpec {
  /** Stack config key (`pulumi config set <key> ...`). */
  readonly configKey: string;
  /** Environment variable read when the stack config has no value. */
  readonly envVar: string;
  /** What the setting is, for error messages and the README table. */
  readonly description: string;
  /** A credential: set with `pulumi config set --secret`, never shown in a message. */
  readonly secret: boolean;
  /** The value used when neither source has one, as the README shows it; absent: no default. */
  readonly default?: string;
}

export const SETTINGS = {
  url: {
    configKey: "influxdb:url",
    envVar: "INFLUX_HOST",
    description: "InfluxDB v2 / Cloud / Cloud Serverless base URL, e.g. http://localhost:8086",
    secret: false,
  },
  token: {
    configKey: "influxdb:token",
    envVar: "INFLUX_TOKEN",
    description: "API token allowed to manage authorizations (v2)",
    secret: true,
  },
  org: {
    configKey: "influxdb:org",
    envVar: "INFLUX_ORG",
    description: "default organization name for Authorization",
    secret: false,
  },
  orgId: {
    configKey: "influxdb:orgId",
    envVar: "INFLUX_ORG_ID",
    description: "default organization ID for Authorization (wins over the name)",
    secret: false,
  },
  managementUrl: {
    configKey: "influxdb:managementUrl",
    envVar: "INFLUX_MANAGEMENT_URL",
    description: "InfluxDB 3 Clustered / Cloud Dedicated management API base URL (without /api/v0)",
    secret: false,
  },
  managementToken: {
    configKey: "influxdb:managementToken",
    envVar: "INFLUX_MANAGEMENT_TOKEN",
    description: "management token (or JWT) for the database token API",
    secret: true,
  },
  accountId: {
    configKey: "influxdb:accountId",
    envVar: "INFLUX_ACCOUNT_ID",
    description: "Cloud Dedicated account ID (absent: Clustered paths)",
    secret: false,
  },
  clusterId: {
    configKey: "influxdb:clusterId",
    envVar: "INFLUX_CLUSTER_ID",
    description: "Cloud Dedicated cluster ID (absent: Clustered paths)",
    secret: false,
  },
  // The influxdb3 CLI's own fallbacks for `--host` and `--token`.
  influxdb3Url: {
    configKey: "influxdb:influxdb3Url",
    envVar: "INFLUXDB3_HOST_URL",
    description: "InfluxDB 3 Core/Enterprise base URL, e.g. http://127.0.0.1:8181",
    secret: false,
  },
  influxdb3Token: {
    configKey: "influxdb:influxdb3Token",
    envVar: "INFLUXDB3_AUTH_TOKEN",
    description: "InfluxDB 3 admin token (the operator token or a named admin token)",
    secret: true,
  },
  // Absent: the edition is only detected from /ping where a resource needs it (the old behaviour).
  influxdb3Edition: {
    configKey: "influxdb:influxdb3Edition",
    envVar: "INFLUXDB3_EDITION",
    description:
      "InfluxDB 3 edition of the InfluxDB 3 servers: core, enterprise or cloud (wins over /ping detection)",
    secret: false,
  },
  retryMaxAttempts: {
    configKey: "influxdb:retryMaxAttempts",
    envVar: "INFLUXDB_RETRY_MAX_ATTEMPTS",
    description: "attempts per request in all, the first included (integer 1-20, default 4)",
    secret: false,
    default: "4",
  },
  retryMaxElapsedSeconds: {
    configKey: "influxdb:retryMaxElapsedSeconds",
    envVar: "INFLUXDB_RETRY_MAX_ELAPSED_SECONDS",
    description: "no retry starts after this many seconds since a request's first attempt (default 120)",
    secret: false,
    default: "120",
  },
  caCert: {
    configKey: "influxdb:caCert",
    envVar: "INFLUXDB_CA_CERT",
    description: "extra trusted CA certificates for https URLs: a PEM file path or the PEM text",
    secret: false,
  },
  skipTlsVerify: {
    configKey: "influxdb:skipTlsVerify",
    envVar: "INFLUXDB_SKIP_SSL_VERIFY",
    description:
      "true turns TLS certificate verification off (test servers only; default false, warned about)",
    secret: false,
    default: "false",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

// Module state of the installed package: the dynamic-provider host calls configure() once per
// provider, in the one Node process that runs every dynamic resource of the stack, and every
// provider receives the same stack configuration.
let stackConfig: ConfigSource | undefined;

/** Stores the stack configuration every setting is read from (tests set and clear it). */
export function setStackConfig(source: ConfigSource | undefined): void {
  stackConfig = source;
}

/** The dynamic provider `configure` hook (ResourceProvider.configure) of every resource. */
export async function configure(request: { config: ConfigSource }): Promise<void> {
  setStackConfig(request.config);
}

export interface ResolvedSetting {
  value: string;
  /** Where the value came from, for messages ("from stack config influxdb:url"). */
  source: string;
  /** The config key, environment variable or input path it came from (`influxdb:url`, `INFLUX_HOST`). */
  key: string;
}

/** Stack config, then the environment; blank values count as unset. Read at call time. */
export function readSetting(name: SettingName): ResolvedSetting | undefined {
  const spec = SETTINGS[name];
  const fromConfig = nonBlank(stackConfig?.get(spec.configKey));
  if (fromConfig !== undefined) {
    return { value: fromConfig, source: `stack config ${spec.configKey}`, key: spec.configKey };
  }
  const fromEnv = nonBlank(process.env[spec.envVar]);
  if (fromEnv !== undefined) {
    return { value: fromEnv, source: `environment variable ${spec.envVar}`, key: spec.envVar };
  }
  return undefined;
}

/** A resource's own `connection` value, which wins over every setting; blank counts as unset. */
export function fromInput(value: string | undefined, inputPath: string): ResolvedSetting | undefined {
  const given = nonBlank(value);
  return given === undefined
    ? undefined
    : { value: given, source: `resource input ${inputPath}`, key: inputPath };
}

/** A required setting that neither the resource input `inputPath` nor any source gave. */
export function notSetError(name: SettingName, inputPath: string): ConfigurationError {
  const spec = SETTINGS[name];
  return new ConfigurationError(
    `${spec.description} is not set: set the resource input ${inputPath}, or stack config ` +
      `"${spec.configKey}" (pulumi config set ${spec.secret ? "--secret " : ""}${spec.configKey} ...), ` +
      `or the environment variable ${spec.envVar}.`,
  );
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
