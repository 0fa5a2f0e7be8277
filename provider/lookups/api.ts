import { type ManagementToken, tokensPath } from "../clients/management";
import type { V2Authorization } from "../clients/v2";
import type { ManagementConnection, V2Connection } from "../config";
import { type RequestFn, request, withRetry } from "../http";

/**
 * The two list calls the API clients do not have (the clients serve the resource hooks; the
 * look-ups are read-only), built on the same transport: retries, timeouts, redacted errors.
 */
const defaultSend: RequestFn = withRetry(request);

/** The filters `GET /api/v2/authorizations` itself takes (behaviour A.5); IDs win over names. */
export interface V2ListQuery {
  orgID?: string;
  org?: string;
  userID?: string;
  user?: string;
}

/** Every authorization the credential may read that matches the query (no paging exists, behaviour A.5). */
export async function fetchAuthorizations(
  connection: V2Connection,
  query: V2ListQuery,
  send: RequestFn = defaultSend,
): Promise<V2Authorization[]> {
  const path = "/api/v2/authorizations";
  const { body } = await send({
    method: "GET",
    baseUrl: connection.url,
    path,
    query: { ...query },
    authorization: `Token ${connection.token}`,
  });
  const list = (body as { authorizations?: unknown } | undefined)?.authorizations;
  if (!Array.isArray(list)) {
    throw new Error(`InfluxDB API GET ${path} answered without an "authorizations" list`);
  }
  return list.filter(isAuthorization).map((a) => ({ ...a, permissions: a.permissions ?? [] }));
}

/** The management list is a bare array without paging (behaviour B.1). */
export async function fetchDatabaseTokens(
  connection: ManagementConnection,
  send: RequestFn = defaultSend,
): Promise<ManagementToken[]> {
  const path = tokensPath(connection);
  const { body } = await send({
    method: "GET",
    baseUrl: connection.url,
    path,
    authorization: `Bearer ${connection.token}`,
  });
  if (!Array.isArray(body)) throw new Error(`InfluxDB management API GET ${path} answered without a list`);
  return body
    .filter(isToken)
    .map((t) => ({ ...t, permissions: Array.isArray(t.permissions) ? t.permissions : [] }));
}

function isAuthorization(value: unknown): value is V2Authorization {
  return value !== null && typeof value === "object" && typeof (value as { id?: unknown }).id === "string";
}

function isToken(value: unknown): value is ManagementToken {
  return value !== null && typeof value === "object" && typeof (value as { id?: unknown }).id === "string";
}
