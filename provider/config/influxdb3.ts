import { didYouMean, type InputFailure } from "../shared/errors";
import { isUnknown } from "../shared/unknown";
import { urlSettingFailures, validUrl } from "./connection";
import { ConfigurationError } from "./errors";
import { configure, fromInput, notSetError, readSetting, SETTINGS, setStackConfig } from "./settings";
import { resolveTransport, type Transport } from "./transport";

/**
 * The connection of the InfluxDB 3 Core/Enterprise resources, in order: the resource's
 * `connection` input > stack config `influxdb:influxdb3Url` / `influxdb:influxdb3Token` > the
 * `influxdb3` CLI's environment variables `INFLUXDB3_HOST_URL` / `INFLUXDB3_AUTH_TOKEN`. The
 * transport settings (retry budget, CA, TLS verification) are the same as for every other API.
 */

/** The optional per-resource `connection` input (stored as a secret). */
export interface Influxdb3ConnectionInput {
  url?: string;
  token?: string;
}

export interface Influxdb3Connection {
  url: string;
  /** Absent only where a token is optional (the operator-token bootstrap). */
  token?: string;
  /** Retry budget, TLS, credential name; absent (connections built by hand in tests): the defaults. */
  transport?: Transport;
}

/**
 * Check-time failures of the URL setting a resource without its own `connection.url` uses, so a
 * bad `influxdb:influxdb3Url` / `INFLUXDB3_HOST_URL` fails at preview, naming the setting, and a
 * missing one (`required`) names connection.url and the setting to set.
 */
export function influxdb3UrlSettingFailures(required = false): InputFailure[] {
  return urlSettingFailures("influxdb3Url", required);
}

/**
 * Resolves where to send requests, with which token and how. A resource that names its own
 * server (`connection.url`) never falls back to the stack's token: it would send it to another host.
 */
export function resolveInfluxdb3Connection(
  input: Influxdb3ConnectionInput | undefined,
  options: { tokenRequired: boolean },
): Influxdb3Connection {
  const inputUrl = fromInput(input?.url, "connection.url");
  const url = inputUrl ?? readSetting("influxdb3Url");
  if (url === undefined) throw notSetError("influxdb3Url", "connection.url");
  const token =
    fromInput(input?.token, "connection.token") ??
    (inputUrl === undefined ? readSetting("influxdb3Token") : undefined);
  if (token === undefined && options.tokenRequired) {
    if (inputUrl !== undefined) {
      throw new ConfigurationError(
        `connection.url is set but connection.token is not: a resource that names its own server must also give ` +
          `its admin token (the stack's ${SETTINGS.influxdb3Token.configKey} is never sent to another server).`,
      );
    }
    throw notSetError("influxdb3Token", "connection.token");
  }
  return {
    url: validUrl(url, "influxdb3Url"),
    ...(token === undefined ? {} : { token: token.value }),
    transport: resolveTransport(token?.source ?? ""),
  };
}

/** The values of `influxdb:influxdb3Edition` (docs/configuration.md). */
export const INFLUXDB3_EDITIONS = ["core", "enterprise", "cloud"] as const;
export type Influxdb3Edition = (typeof INFLUXDB3_EDITIONS)[number];

export interface ConfiguredInfluxdb3Edition {
  edition: Influxdb3Edition;
  /** Where it came from, for messages ("stack config influxdb:influxdb3Edition"). */
  source: string;
  key: string;
}

/**
 * The configured edition, case-insensitively; undefined when the setting is absent, unknown in
 * preview (the plugin configured from another resource's output) or invalid (check reports that).
 */
export function configuredInfluxdb3Edition(): ConfiguredInfluxdb3Edition | undefined {
  const setting = readSetting("influxdb3Edition");
  if (setting === undefined || isUnknown(setting.value)) return undefined;
  const edition = setting.value.toLowerCase();
  return (INFLUXDB3_EDITIONS as readonly string[]).includes(edition)
    ? { edition: edition as Influxdb3Edition, source: setting.source, key: setting.key }
    : undefined;
}

/** Check-time failure of an invalid `influxdb:influxdb3Edition`, naming where it came from. */
export function influxdb3EditionFailures(): InputFailure[] {
  const setting = readSetting("influxdb3Edition");
  if (setting === undefined || isUnknown(setting.value)) return [];
  if (configuredInfluxdb3Edition() !== undefined) return [];
  const hint = didYouMean(setting.value, INFLUXDB3_EDITIONS);
  return [
    {
      property: setting.key,
      reason:
        `is "${setting.value}" (from ${setting.source}), not one of ${INFLUXDB3_EDITIONS.join(", ")}` +
        `${hint === undefined ? "" : ` (did you mean ${hint}?)`}: set it with ` +
        `\`pulumi config set ${SETTINGS.influxdb3Edition.configKey} enterprise\`, or remove it to detect the ` +
        "edition from /ping",
    },
  ];
}

/** The InfluxDB 3 rows of ./settings.ts under the names the InfluxDB 3 resources have used. */
export const INFLUXDB3_SETTINGS = {
  url: SETTINGS.influxdb3Url,
  token: SETTINGS.influxdb3Token,
  edition: SETTINGS.influxdb3Edition,
} as const;

/** The InfluxDB 3 providers' `configure` hook: the same one as every provider's. */
export const configureInfluxdb3 = configure;

/** For tests: set or clear the stack config (shared by every setting). */
export const setInfluxdb3StackConfig = setStackConfig;
