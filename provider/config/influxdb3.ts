import type { InputFailure } from "../shared/errors";
import { type ConfigSource, ConfigurationError, configure as configureShared } from ".";
import { credentialIn, urlProblem, urlReason } from "./url-rules";

/**
 * Connection settings of the InfluxDB 3 Core/Enterprise resources, in order: the resource's
 * `connection` input > stack config > the `influxdb3` CLI's environment variables
 * (`INFLUXDB3_HOST_URL`, `INFLUXDB3_AUTH_TOKEN`: the CLI's `--host`/`--token` fallbacks).
 * Read at call time; nothing is captured into the serialized provider.
 */
export const INFLUXDB3_SETTINGS = {
  url: {
    configKey: "influxdb:influxdb3Url",
    envVar: "INFLUXDB3_HOST_URL",
    description: "InfluxDB 3 Core/Enterprise base URL, e.g. http://127.0.0.1:8181",
    secret: false,
  },
  token: {
    configKey: "influxdb:influxdb3Token",
    envVar: "INFLUXDB3_AUTH_TOKEN",
    description: "InfluxDB 3 admin token (the operator token or a named admin token)",
    secret: true,
  },
} as const;

type Influxdb3Setting = keyof typeof INFLUXDB3_SETTINGS;

// Module state of the installed package, like provider/config/settings.ts.
let stackConfig: ConfigSource | undefined;

/** The `configure` hook of the InfluxDB 3 providers: keeps the stack config for both setting tables. */
export async function configureInfluxdb3(request: { config: ConfigSource }): Promise<void> {
  stackConfig = request.config;
  await configureShared(request);
}

/** For tests: set or clear the stack config the InfluxDB 3 settings read. */
export function setInfluxdb3StackConfig(source: ConfigSource | undefined): void {
  stackConfig = source;
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

interface Setting {
  value: string;
  source: string;
  /** The config key or environment variable it came from. */
  key: string;
}

function readSetting(name: Influxdb3Setting): Setting | undefined {
  const spec = INFLUXDB3_SETTINGS[name];
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

/** The optional per-resource `connection` input (stored as a secret). */
export interface Influxdb3ConnectionInput {
  url?: string;
  token?: string;
}

export interface Influxdb3Connection {
  url: string;
  /** Absent only where a token is optional (the operator-token bootstrap). */
  token?: string;
}

function missing(name: Influxdb3Setting): ConfigurationError {
  const spec = INFLUXDB3_SETTINGS[name];
  return new ConfigurationError(
    `${spec.description} is not set: set the resource input connection.${name}, or stack config ` +
      `"${spec.configKey}" (pulumi config set ${spec.secret ? "--secret " : ""}${spec.configKey} ...), ` +
      `or the environment variable ${spec.envVar}.`,
  );
}

/** Why the URL from `source` cannot be used, naming where its credential belongs; never its value. */
function urlSettingReason(value: string, source: string): string | undefined {
  const problem = urlProblem(value);
  if (problem === undefined) return undefined;
  const token = INFLUXDB3_SETTINGS.token;
  const fix = credentialIn(
    source.startsWith("resource input")
      ? "connection.token"
      : `stack config ${token.configKey} (or ${token.envVar}, or the resource's connection.token)`,
  );
  return `the URL from ${source} ${urlReason(problem, fix, "http://127.0.0.1:8181")}`;
}

function validUrl(value: string, source: string): string {
  const reason = urlSettingReason(value, source);
  if (reason !== undefined) throw new ConfigurationError(`${INFLUXDB3_SETTINGS.url.description}: ${reason}.`);
  return value.replace(/\/+$/, "");
}

/**
 * Check-time failures of the URL setting a resource without its own `connection.url` uses, so a
 * bad `influxdb:influxdb3Url` / `INFLUXDB3_HOST_URL` fails at preview, naming the setting.
 */
export function influxdb3UrlSettingFailures(): InputFailure[] {
  const setting = readSetting("url");
  if (setting === undefined) return [];
  const reason = urlSettingReason(setting.value, setting.source);
  return reason === undefined ? [] : [{ property: setting.key, reason }];
}

/**
 * Resolves where to send requests and with which token. A resource that names its own server
 * (`connection.url`) never falls back to the stack's token: it would send it to another host.
 */
export function resolveInfluxdb3Connection(
  input: Influxdb3ConnectionInput | undefined,
  options: { tokenRequired: boolean },
): Influxdb3Connection {
  const inputUrl = nonBlank(input?.url);
  const inputToken = nonBlank(input?.token);
  const url =
    inputUrl !== undefined
      ? { value: inputUrl, source: "resource input connection.url" }
      : readSetting("url");
  if (url === undefined) throw missing("url");
  const token = inputToken ?? (inputUrl === undefined ? readSetting("token")?.value : undefined);
  if (token === undefined && options.tokenRequired) {
    if (inputUrl !== undefined) {
      throw new ConfigurationError(
        `connection.url is set but connection.token is not: a resource that names its own server must also give ` +
          `its admin token (the stack's ${INFLUXDB3_SETTINGS.token.configKey} is never sent to another server).`,
      );
    }
    throw missing("token");
  }
  return { url: validUrl(url.value, url.source), ...(token === undefined ? {} : { token }) };
}
