import { managementClient } from "../clients/management";
import type { ManagementConnectionInput } from "../config";
import { fetchDatabaseTokens } from "./api";
import type { LookupContext } from "./authorizations";
import { lookupManagementConnection } from "./connection";
import { type DatabaseTokenFilter, matchesDatabaseToken } from "./filters";
import { databaseTokenSummary } from "./summaries";
import type { DatabaseTokenSummary } from "./types";

export interface ListDatabaseTokensArgs extends DatabaseTokenFilter {
  /** Where to connect; default: stack config, then the environment (as the DatabaseToken provider). */
  connection?: ManagementConnectionInput;
}

/**
 * Database tokens of the cluster (behaviour B.1: one unpaged list), filtered here. Revoked
 * tokens are hidden unless `includeRevoked` (whether the server lists them at all is not public,
 * behaviour B.4). Never an access token.
 */
export async function listDatabaseTokens(
  args: ListDatabaseTokensArgs = {},
  context: LookupContext = {},
): Promise<DatabaseTokenSummary[]> {
  const connection = lookupManagementConnection(args.connection, context.config);
  const now = Date.now();
  return (await fetchDatabaseTokens(connection, context.send))
    .map((token) => databaseTokenSummary(token, now))
    .filter((summary) => matchesDatabaseToken(summary, args));
}

export interface GetDatabaseTokenArgs {
  /** Return a revoked token too (it is undefined otherwise), as `influxctl token get --include-revoked`. */
  includeRevoked?: boolean;
  connection?: ManagementConnectionInput;
}

/** One database token by ID; undefined on 404 (and for a revoked one unless `includeRevoked`). */
export async function getDatabaseToken(
  id: string,
  args: GetDatabaseTokenArgs = {},
  context: LookupContext = {},
): Promise<DatabaseTokenSummary | undefined> {
  const client = managementClient(lookupManagementConnection(args.connection, context.config), context.send);
  const found = await client.getToken(id);
  if (found === undefined) return undefined;
  const summary = databaseTokenSummary(found);
  return summary.revokedAt !== undefined && args.includeRevoked !== true ? undefined : summary;
}
