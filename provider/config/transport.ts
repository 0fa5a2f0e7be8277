import { readFileSync } from "node:fs";
import { ConfigurationError } from "./errors";
import { readSetting, SETTINGS } from "./settings";

/**
 * How requests travel (issue 6): the retry budget, TLS trust, and the name of the credential for
 * 401/403 messages. Read at call time from stack config, then the environment.
 */
export interface Transport {
  retry: { maxAttempts: number; maxElapsedMs: number };
  tls: { ca?: string; skipVerify: boolean };
  /** e.g. `stack config influxdb:token`: named in 401/403 errors, never the value. */
  credentialName: string;
}

export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_MAX_ELAPSED_SECONDS = 120;

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
  if (setting === undefined) return false;
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
