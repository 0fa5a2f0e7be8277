import type { InputFailure } from "../shared/errors";
import { isUnknown } from "../shared/unknown";
import { ConfigurationError } from "./errors";
import {
  fromInput,
  notSetError,
  type ResolvedSetting,
  readSetting,
  SETTINGS,
  type SettingName,
} from "./settings";
import { resolveTransport, type Transport } from "./transport";
import { apiPrefixReason, credentialIn, urlProblem, urlReason } from "./url-rules";

export { ConfigurationError };

/** The optional per-resource `connection` input of Authorization (secret in state). */
export interface V2ConnectionInput {
  url?: string;
  token?: string;
}

/** The optional per-resource `connection` input of DatabaseToken (secret in state). */
export interface ManagementConnectionInput {
  url?: string;
  token?: string;
  accountId?: string;
  clusterId?: string;
}

export interface V2Connection {
  url: string;
  token: string;
  /** Retry budget, TLS, credential name; absent (connections built by hand in tests): the defaults. */
  transport?: Transport;
}

export interface ManagementConnection {
  url: string;
  token: string;
  /** Both set: Cloud Dedicated paths; both unset: Clustered paths (`/api/v0/tokens`). */
  dedicated?: { accountId: string; clusterId: string };
  /** Retry budget, TLS, credential name; absent (connections built by hand in tests): the defaults. */
  transport?: Transport;
}

/**
 * The URL settings, the credential setting that goes with each, and the path prefix its client
 * adds to every request (a base URL ending in it doubles the prefix).
 */
const URL_SETTINGS = {
  url: { token: "token", example: "http://localhost:8086", apiPrefix: "/api/v2" },
  managementUrl: { token: "managementToken", example: "https://cluster.example.com", apiPrefix: "/api/v0" },
  influxdb3Url: { token: "influxdb3Token", example: "http://127.0.0.1:8181", apiPrefix: "/api/v3" },
} as const satisfies Partial<Record<SettingName, { token: SettingName; example: string; apiPrefix: string }>>;

export type UrlSetting = keyof typeof URL_SETTINGS;

/** Why the URL from `setting` cannot be used, naming where its credential belongs; never its value. */
function urlSettingReason(setting: ResolvedSetting, name: UrlSetting): string | undefined {
  const problem = urlProblem(setting.value);
  if (problem === undefined) {
    const prefixed = apiPrefixReason(setting.value, URL_SETTINGS[name].apiPrefix, URL_SETTINGS[name].example);
    return prefixed === undefined ? undefined : `the URL from ${setting.source} ${prefixed}`;
  }
  const token = SETTINGS[URL_SETTINGS[name].token];
  const fix = credentialIn(
    setting.source.startsWith("resource input")
      ? "connection.token"
      : `stack config ${token.configKey} (or ${token.envVar}, or the resource's connection.token)`,
  );
  return `the URL from ${setting.source} ${urlReason(problem, fix, URL_SETTINGS[name].example)}`;
}

/** The URL from `setting` without trailing slashes; a ConfigurationError naming its source if unusable. */
export function validUrl(setting: ResolvedSetting, name: UrlSetting): string {
  const reason = urlSettingReason(setting, name);
  if (reason !== undefined) throw new ConfigurationError(`${SETTINGS[name].description}: ${reason}.`);
  return setting.value.replace(/\/+$/, "");
}

/**
 * Check-time failures of the URL setting a resource without its own `connection.url` would use
 * (stack config, then environment), so that a bad setting fails at preview, before any request.
 * The property named is the setting (`influxdb:url` or `INFLUX_HOST`). An absent setting is
 * reported only when `required` (then on `connection.url`, the input that would replace it): the
 * resource could not reach any server, and create would fail on it after the other resources.
 */
export function urlSettingFailures(name: UrlSetting, required = false): InputFailure[] {
  const setting = readSetting(name);
  if (setting === undefined) return required ? [notSetFailure(name)] : [];
  // A provider configured from another resource's output (the plugin) sees it unknown in preview.
  if (isUnknown(setting.value)) return [];
  const reason = urlSettingReason(setting, name);
  return reason === undefined ? [] : [{ property: setting.key, reason }];
}

function notSetFailure(name: UrlSetting): InputFailure {
  const spec = SETTINGS[name];
  const token = SETTINGS[URL_SETTINGS[name].token];
  return {
    property: "connection.url",
    reason:
      `is not set, and neither is stack config ${spec.configKey} nor the environment variable ${spec.envVar}: ` +
      `the ${spec.description.replace(/, e\.g\. .*$/, "")} is needed. Set it with ` +
      `\`pulumi config set ${spec.configKey} ${URL_SETTINGS[name].example}\` (or export ${spec.envVar}), ` +
      `or give this resource connection.url and connection.token (the stack's ${token.configKey} is not ` +
      "sent to a URL the resource names itself)",
  };
}

/**
 * Check-time failure of an Authorization that names no organization, when no setting gives one
 * either: create would have to fail on it (./connection.ts missingOrgError, the same words).
 */
export function missingOrgFailures(): InputFailure[] {
  const fallback = defaultOrg();
  if (fallback.orgId !== undefined || fallback.org !== undefined) return [];
  return [
    {
      property: "orgId",
      reason:
        "is not set, and neither is org: the Authorization names no organization. Give orgId (16 hex " +
        `characters) or org (its name), or set a default for the stack: \`pulumi config set ${SETTINGS.org.configKey} my-org\` ` +
        `(or ${SETTINGS.orgId.configKey} with the ID), or the environment variable ${SETTINGS.org.envVar} / ${SETTINGS.orgId.envVar}`,
    },
  ];
}

/**
 * A resource that names its own server must bring its own credential: falling back to the stack's
 * token would send that token to a different host.
 */
function requireTokenWithUrl(
  input: { url?: string; token?: string } | undefined,
  name: SettingName,
  tokenName: SettingName,
): void {
  if (
    fromInput(input?.url, "connection.url") !== undefined &&
    fromInput(input?.token, "connection.token") === undefined
  ) {
    throw new ConfigurationError(
      `connection.url is set but connection.token is not: a resource that names its own server must also give ` +
        `its credential (the stack's ${SETTINGS[tokenName].configKey} is never sent to another ${name}).`,
    );
  }
}

export function resolveV2Connection(input?: V2ConnectionInput): V2Connection {
  requireTokenWithUrl(input, "url", "token");
  const url = fromInput(input?.url, "connection.url") ?? readSetting("url");
  if (url === undefined) throw notSetError("url", "connection.url");
  const token = fromInput(input?.token, "connection.token") ?? readSetting("token");
  if (token === undefined) throw notSetError("token", "connection.token");
  return { url: validUrl(url, "url"), token: token.value, transport: resolveTransport(token.source) };
}

export function resolveManagementConnection(input?: ManagementConnectionInput): ManagementConnection {
  requireTokenWithUrl(input, "managementUrl", "managementToken");
  const url = fromInput(input?.url, "connection.url") ?? readSetting("managementUrl");
  if (url === undefined) throw notSetError("managementUrl", "connection.url");
  const token = fromInput(input?.token, "connection.token") ?? readSetting("managementToken");
  if (token === undefined) throw notSetError("managementToken", "connection.token");
  const accountId = fromInput(input?.accountId, "connection.accountId") ?? readSetting("accountId");
  const clusterId = fromInput(input?.clusterId, "connection.clusterId") ?? readSetting("clusterId");
  if ((accountId === undefined) !== (clusterId === undefined)) {
    const [given, absent] =
      accountId === undefined ? (["clusterId", "accountId"] as const) : (["accountId", "clusterId"] as const);
    throw new ConfigurationError(
      `Cloud Dedicated needs both ${SETTINGS.accountId.configKey} and ${SETTINGS.clusterId.configKey}: ` +
        `${given} is set (${(given === "accountId" ? accountId : clusterId)?.source}) but ${absent} is not; set ` +
        `connection.${absent}, stack config "${SETTINGS[absent].configKey}" or ${SETTINGS[absent].envVar} ` +
        `(or unset ${given} for InfluxDB Clustered).`,
    );
  }
  const base = {
    url: validUrl(url, "managementUrl"),
    token: token.value,
    transport: resolveTransport(token.source),
  };
  return accountId !== undefined && clusterId !== undefined
    ? { ...base, dedicated: { accountId: accountId.value, clusterId: clusterId.value } }
    : base;
}

/** The default organization of an Authorization that names none (stack config, then env). */
export function defaultOrg(): { orgId?: string; org?: string } {
  const orgId = readSetting("orgId");
  if (orgId !== undefined) return { orgId: orgId.value };
  const org = readSetting("org");
  if (org !== undefined) return { org: org.value };
  return {};
}

export function missingOrgError(): ConfigurationError {
  return new ConfigurationError(
    `The Authorization names no organization: set its input orgId or org, or stack config ` +
      `"${SETTINGS.orgId.configKey}" / "${SETTINGS.org.configKey}", or the environment variable ` +
      `${SETTINGS.orgId.envVar} / ${SETTINGS.org.envVar}.`,
  );
}
