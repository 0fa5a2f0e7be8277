import { readFileSync } from "node:fs";
import { ConfigurationError } from "./errors";
import { readSetting, SETTINGS } from "./settings";

/**
 * How every request of a connection travels, whichever API it calls: the retry budget, TLS
 * trust, and the name of the credential for 401/403 messages. Read at call time from stack
 * config, then the environment; ../clients/call.ts hands it to each request.
 */
export interface Transport {
  /** `influxdb:retryMaxAttempts` and `influxdb:retryMaxElapsedSeconds` (in ms here). */
  retry: { maxAttempts: number; maxElapsedMs: number };
  /** `influxdb:caCert` as PEM text (a file is read here) and `influxdb:skipTlsVerify`. */
  tls: { ca?: string; skipVerify: boolean };
  /**
   * Where the connection's credential came from, e.g. `stack config influxdb:token`: named in
   * 401/403 errors, never the value. Empty when the connection has no credential.
   */
  credentialName: string;
}

export const DEFAULT_MAX_ATTEMPTS = Number(SETTINGS.retryMaxAttempts.default);
export const DEFAULT_MAX_ELAPSED_SECONDS = Number(SETTINGS.retryMaxElapsedSeconds.default);

function numberSetting(
  name: "retryMaxAttempts" | "retryMaxElapsedSeconds",
  fallback: number,
  min: number,
  max: number,
): number {
  const setting = readSetting(name);
  if (setting === undefined) return fallback;
  const value = Number(setting.value);
  if (!/^\d+(\.\d+)?$/.test(setting.value) || value < min || value > max) {
    throw new ConfigurationError(
      `${SETTINGS[name].configKey}: the value from ${setting.source} must be a number from ${min} to ${max} ` +
        `(${SETTINGS[name].description}); set stack config "${SETTINGS[name].configKey}" or ${SETTINGS[name].envVar}.`,
    );
  }
  return value;
}

function booleanSetting(name: "skipTlsVerify"): boolean {
  const setting = readSetting(name);
  if (setting === undefined) return false; // the table's default: verification stays on
  const value = setting.value.toLowerCase();
  if (["true", "1", "yes"].includes(value)) return true;
  if (["false", "0", "no"].includes(value)) return false;
  throw new ConfigurationError(
    `${SETTINGS[name].configKey}: the value from ${setting.source} must be true or false ` +
      `(stack config "${SETTINGS[name].configKey}" or ${SETTINGS[name].envVar}).`,
  );
}

/** PEM text, given inline or as a file path (read at call time). */
function caCertificates(): string | undefined {
  const setting = readSetting("caCert");
  if (setting === undefined) return undefined;
  if (setting.value.includes("-----BEGIN CERTIFICATE-----")) return setting.value;
  let text: string;
  try {
    text = readFileSync(setting.value, "utf8");
  } catch (error) {
    throw new ConfigurationError(
      `${SETTINGS.caCert.configKey}: the file named by ${setting.source} cannot be read ` +
        `(${(error as { code?: string }).code ?? String(error)}); give the path of a PEM file or the PEM text.`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new ConfigurationError(
      `${SETTINGS.caCert.configKey}: the file named by ${setting.source} holds no PEM certificate.`,
    );
  }
  return text;
}

export function resolveTransport(credentialName: string): Transport {
  const maxAttempts = Math.floor(numberSetting("retryMaxAttempts", DEFAULT_MAX_ATTEMPTS, 1, 20));
  const maxElapsedSeconds = numberSetting("retryMaxElapsedSeconds", DEFAULT_MAX_ELAPSED_SECONDS, 0, 3600);
  const ca = caCertificates();
  return {
    retry: { maxAttempts, maxElapsedMs: maxElapsedSeconds * 1000 },
    tls: { ...(ca === undefined ? {} : { ca }), skipVerify: booleanSetting("skipTlsVerify") },
    credentialName,
  };
}
