import type { InputFailure } from "../shared/errors";
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

/** The InfluxDB 3 rows of ./settings.ts under the names the InfluxDB 3 resources have used. */
export const INFLUXDB3_SETTINGS = { url: SETTINGS.influxdb3Url, token: SETTINGS.influxdb3Token } as const;

/** The InfluxDB 3 providers' `configure` hook: the same one as every provider's. */
export const configureInfluxdb3 = configure;

/** For tests: set or clear the stack config (shared by every setting). */
export const setInfluxdb3StackConfig = setStackConfig;
