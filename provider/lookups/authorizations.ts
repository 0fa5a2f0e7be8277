import { v2Client } from "../clients/v2";
import type { ConfigSource, V2ConnectionInput } from "../config";
import { InfluxApiError, type RequestFn } from "../http";
import { fetchAuthorizations, type V2ListQuery } from "./api";
import { lookupV2Connection } from "./connection";
import { LookupArgumentError } from "./errors";
import { type AuthorizationFilter, matchesAuthorization } from "./filters";
import { authorizationSummary } from "./summaries";
import type { AuthorizationSummary } from "./types";

export interface ListAuthorizationsArgs extends AuthorizationFilter {
  /** Org name (server-side filter). Give this or `orgId`. */
  org?: string;
  /** Org ID (server-side filter; wins over `org` on the server, so give one). */
  orgId?: string;
  /** User name (server-side filter). */
  user?: string;
  /** User ID (server-side filter). */
  userId?: string;
  /** Where to connect; default: stack config, then the environment (as the providers). */
  connection?: V2ConnectionInput;
}

/** How a look-up reaches the server; the SDK passes the program's stack config. */
export interface LookupContext {
  config?: ConfigSource;
  /** Transport seam for tests. */
  send?: RequestFn;
}

const V2_ID = /^[0-9a-f]{16}$/;

function checkId(property: string, value: string | undefined): void {
  if (value !== undefined && !V2_ID.test(value)) {
    throw new LookupArgumentError(property, `"${value}" is not an ID (16 lowercase hex characters)`);
  }
}

/**
 * Authorizations the credential can read (the server silently hides the others, behaviour A.5),
 * filtered by org and user on the server, by status, action, type, resource and description here.
 * Never a token value.
 */
export async function listAuthorizations(
  args: ListAuthorizationsArgs = {},
  context: LookupContext = {},
): Promise<AuthorizationSummary[]> {
  if (args.org !== undefined && args.orgId !== undefined) {
    throw new LookupArgumentError("org", "give either org or orgId, not both");
  }
  if (args.user !== undefined && args.userId !== undefined) {
    throw new LookupArgumentError("user", "give either user or userId, not both");
  }
  checkId("orgId", args.orgId);
  checkId("userId", args.userId);
  const connection = lookupV2Connection(args.connection, context.config);
  const query: V2ListQuery = {};
  if (args.orgId !== undefined) query.orgID = args.orgId;
  if (args.org !== undefined) query.org = args.org;
  if (args.userId !== undefined) query.userID = args.userId;
  if (args.user !== undefined) query.user = args.user;
  let found: Awaited<ReturnType<typeof fetchAuthorizations>>;
  try {
    found = await fetchAuthorizations(connection, query, context.send);
  } catch (error) {
    // Unknown names answer 404 (behaviour A.5): say which argument was wrong.
    if (error instanceof InfluxApiError && error.isNotFound) {
      const property = /user/i.test(error.apiMessage) ? "user" : "org";
      throw new LookupArgumentError(property, `${error.apiMessage}; check the name, or give the ID instead`);
    }
    throw error;
  }
  return found.map(authorizationSummary).filter((summary) => matchesAuthorization(summary, args));
}

export interface GetAuthorizationArgs {
  connection?: V2ConnectionInput;
}

/**
 * One authorization by ID; undefined when the server answers 404 (deleted, or its user or org
 * was deleted: such a token no longer works, behaviour A.1, behaviour A.6). Never the token value.
 */
export async function getAuthorization(
  id: string,
  args: GetAuthorizationArgs = {},
  context: LookupContext = {},
): Promise<AuthorizationSummary | undefined> {
  checkId("id", id);
  const client = v2Client(lookupV2Connection(args.connection, context.config), context.send);
  const found = await client.getAuthorization(id);
  return found === undefined ? undefined : authorizationSummary(found);
}
