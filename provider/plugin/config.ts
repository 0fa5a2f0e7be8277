/**
 * Provider configuration of the plugin: `influxdb-tokens:<key>` (stack config, or the inputs of
 * an explicit provider resource) with the keys and environment variables of the dynamic
 * providers' `influxdb:<key>` (provider/config SETTINGS). The hooks read `influxdb:<key>` from the
 * config source they were configured with; this source answers those reads from the plugin's own
 * configuration.
 *
 * One configuration per process: the engine starts a separate plugin process for every provider
 * (the default one and each explicit provider resource: "Provider loads a new copy of the provider",
 * pkg/resource/plugin/host.go), so two providers of one program never share it
 * (test/e2e/plugin proves it with two servers).
 */
import type { ConfigSource } from "../config";
import { SETTINGS } from "../config";
import { type Props, unwrapSecrets } from "./properties";

export const PACKAGE = "influxdb-tokens";
/** The dynamic providers' config namespace, which the hooks read. */
const HOOK_NAMESPACE = "influxdb";

/** The setting keys (`url`, `token`, ...), as `influxdb-tokens:<key>` and `influxdb:<key>` use them. */
export function settingKeys(): string[] {
  return Object.values(SETTINGS).map((spec) => spec.configKey.slice(HOOK_NAMESPACE.length + 1));
}

/** A setting value as the hooks read it: a string (numbers and booleans as their JSON text). */
function asSetting(value: unknown): string | undefined {
  const plain = unwrapSecrets(value);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain === "string") return plain;
  return typeof plain === "object" ? JSON.stringify(plain) : String(plain);
}

/**
 * The configuration the engine sent to Configure: `args` (the provider's inputs, secrets wrapped)
 * wins over `variables` (`influxdb-tokens:<key>` → JSON-or-plain text).
 */
export function providerSettings(
  variables: Map<string, string> | Iterable<[string, string]>,
  args: Props | undefined,
): Map<string, string> {
  const settings = new Map<string, string>();
  for (const [fullKey, raw] of variables) {
    const key = fullKey.startsWith(`${PACKAGE}:`) ? fullKey.slice(PACKAGE.length + 1) : fullKey;
    const text = asSetting(raw);
    if (text !== undefined) settings.set(key, text);
  }
  for (const [key, value] of Object.entries(args ?? {})) {
    if (key.startsWith("__") || key === "version" || key === "pluginDownloadURL") continue;
    const text = asSetting(value);
    if (text !== undefined) settings.set(key, text);
  }
  return settings;
}

/** A config source answering the hooks' `influxdb:<key>` reads from the plugin's settings. */
export function hookConfigSource(settings: () => ReadonlyMap<string, string>): ConfigSource {
  return {
    get(key: string): string | undefined {
      const prefix = `${HOOK_NAMESPACE}:`;
      if (!key.startsWith(prefix)) return undefined;
      return settings().get(key.slice(prefix.length));
    },
  };
}

/** CheckConfig failures: keys that are no setting (a typo would otherwise be ignored silently). */
export function unknownConfigKeys(news: Props, schemaKeys: readonly string[]): string[] {
  const known = new Set([...settingKeys(), ...schemaKeys, "version", "pluginDownloadURL"]);
  return Object.keys(news).filter((key) => !key.startsWith("__") && !known.has(key));
}
