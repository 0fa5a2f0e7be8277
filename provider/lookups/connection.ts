import {
  type ConfigSource,
  ConfigurationError,
  type ManagementConnection,
  type ManagementConnectionInput,
  readSetting,
  resolveManagementConnection,
  resolveV2Connection,
  SETTINGS,
  type SettingName,
  type V2Connection,
  type V2ConnectionInput,
} from "../config";

/**
 * Where a look-up connects: the `connection` argument, then the given stack config (a Pulumi
 * program passes its `pulumi.Config`: no `configure()` reaches the program's process), then the
 * provider's settings (stack config inside the provider host, else the environment, the same
 * variables as the providers: INFLUX_HOST, INFLUX_TOKEN, INFLUX_MANAGEMENT_URL, ...).
 */
function pick(
  name: SettingName,
  given: string | undefined,
  config: ConfigSource | undefined,
): string | undefined {
  const trimmed = (value: unknown) =>
    typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  return trimmed(given) ?? trimmed(config?.get(SETTINGS[name].configKey)) ?? readSetting(name)?.value;
}

function missing(name: SettingName, property: string): ConfigurationError {
  const spec = SETTINGS[name];
  return new ConfigurationError(
    `${spec.description} is not set: pass ${property}, or set stack config "${spec.configKey}" ` +
      `or the environment variable ${spec.envVar}.`,
  );
}

export function lookupV2Connection(input?: V2ConnectionInput, config?: ConfigSource): V2Connection {
  // A connection naming its own server must bring its own credential (provider/config rule).
  if (input?.url !== undefined && input.url.trim() !== "") return resolveV2Connection(input);
  const url = pick("url", undefined, config);
  if (url === undefined) throw missing("url", "connection.url");
  const token = pick("token", input?.token, config);
  if (token === undefined) throw missing("token", "connection.token");
  return resolveV2Connection({ url, token });
}

export function lookupManagementConnection(
  input?: ManagementConnectionInput,
  config?: ConfigSource,
): ManagementConnection {
  if (input?.url !== undefined && input.url.trim() !== "") return resolveManagementConnection(input);
  const url = pick("managementUrl", undefined, config);
  if (url === undefined) throw missing("managementUrl", "connection.url");
  const token = pick("managementToken", input?.token, config);
  if (token === undefined) throw missing("managementToken", "connection.token");
  const accountId = pick("accountId", input?.accountId, config);
  const clusterId = pick("clusterId", input?.clusterId, config);
  return resolveManagementConnection({
    url,
    token,
    ...(accountId === undefined ? {} : { accountId }),
    ...(clusterId === undefined ? {} : { clusterId }),
  });
}
