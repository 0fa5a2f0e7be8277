/**
 * The CLI's own wording for its credentials. The library's messages speak of stack config and
 * `connection.token`, which a shell user never sets: the CLI checks its environment first and says
 * which variable to set, and names that variable when the server refuses the credential.
 */
import { UsageError } from "./args";

export interface CliCredential {
  /** The variable that holds the server's URL, and the flag that overrides it. */
  urlVar: string;
  urlFlag: string;
  /** The variable that holds the token. */
  tokenVar: string;
  /** What the token must be allowed to do. */
  needs: string;
}

export const CREDENTIALS: Record<"v2" | "management" | "influxdb3", CliCredential> = {
  v2: {
    urlVar: "INFLUX_HOST",
    urlFlag: "host",
    tokenVar: "INFLUX_TOKEN",
    needs: "a token allowed to read authorizations",
  },
  management: {
    urlVar: "INFLUX_MANAGEMENT_URL",
    urlFlag: "management-url",
    tokenVar: "INFLUX_MANAGEMENT_TOKEN",
    needs: "a management token",
  },
  influxdb3: {
    urlVar: "INFLUXDB3_HOST_URL",
    urlFlag: "host",
    tokenVar: "INFLUXDB3_AUTH_TOKEN",
    needs: "an admin token",
  },
};

/** The server and the credential a command needs, before any request: URL first, then token. */
export function requireServer(
  env: NodeJS.ProcessEnv,
  api: keyof typeof CREDENTIALS,
  flags: Record<string, unknown>,
): void {
  const { urlVar, urlFlag, tokenVar, needs } = CREDENTIALS[api];
  if (!env[urlVar] && typeof flags[urlFlag] !== "string") {
    throw new UsageError(
      `no server: set ${urlVar} to its URL (export ${urlVar}=http://...), or give --${urlFlag}`,
    );
  }
  if (env[tokenVar] === undefined || env[tokenVar] === "") {
    throw new UsageError(`no credential: set ${tokenVar} to ${needs} (export ${tokenVar}=...)`);
  }
}

/** v2 IDs are 16 lowercase hex characters, never all zeros (the server answers "invalid ID"). */
export function requireV2Id(id: string): void {
  if (!/^[0-9a-f]{16}$/.test(id) || /^0+$/.test(id)) {
    throw new UsageError(
      `"${id}" is not an authorization ID: 16 lowercase hex characters, not all zeros (list them with: list)`,
    );
  }
}

/** Management API token IDs are UUIDs. */
export function requireUuid(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new UsageError(`"${id}" is not a database token ID (a UUID; list them with: list-database-tokens)`);
  }
}
