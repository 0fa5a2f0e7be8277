import type { ManagementConnection } from "../config";
import { InfluxApiError, type RequestFn, type RequestOptions, request, withRetry } from "../http";
import type { ManagementToken, ManagementTokenPatch, ManagementTokenPost } from "./types";

export interface ManagementClient {
  createToken(body: ManagementTokenPost): Promise<ManagementToken>;
  /** undefined when the server answers 404. */
  getToken(id: string): Promise<ManagementToken | undefined>;
  updateToken(id: string, patch: ManagementTokenPatch): Promise<ManagementToken>;
  /** false when it was already gone (404). */
  deleteToken(id: string): Promise<boolean>;
}

const defaultSend: RequestFn = withRetry(request);

/**
 * Clustered: `/api/v0/tokens`; Cloud Dedicated: `/api/v0/accounts/{a}/clusters/{c}/tokens`
 * (BEHAVIOR.md B.1). Every path segment is encoded.
 */
export function tokensPath(connection: ManagementConnection): string {
  const dedicated = connection.dedicated;
  return dedicated === undefined
    ? "/api/v0/tokens"
    : `/api/v0/accounts/${encodeURIComponent(dedicated.accountId)}/clusters/${encodeURIComponent(dedicated.clusterId)}/tokens`;
}

export function managementClient(
  connection: ManagementConnection,
  send: RequestFn = defaultSend,
): ManagementClient {
  const collection = tokensPath(connection);
  const byId = (id: string) => `${collection}/${encodeURIComponent(id)}`;
  const call = async (options: Omit<RequestOptions, "baseUrl" | "authorization">) =>
    (await send({ ...options, baseUrl: connection.url, authorization: `Bearer ${connection.token}` })).body;

  return {
    async createToken(body) {
      return expectToken(await call({ method: "POST", path: collection, body }), "POST", collection);
    },
    async getToken(id) {
      try {
        return expectToken(await call({ method: "GET", path: byId(id) }), "GET", byId(id));
      } catch (error) {
        if (error instanceof InfluxApiError && error.isNotFound) return undefined;
        throw error;
      }
    },
    async updateToken(id, patch) {
      return expectToken(await call({ method: "PATCH", path: byId(id), body: patch }), "PATCH", byId(id));
    },
    async deleteToken(id) {
      try {
        await call({ method: "DELETE", path: byId(id) });
        return true;
      } catch (error) {
        if (error instanceof InfluxApiError && error.isNotFound) return false;
        throw error;
      }
    },
  };
}

function expectToken(body: unknown, method: string, path: string): ManagementToken {
  const record = body as Partial<ManagementToken> | undefined;
  if (record === undefined || typeof record !== "object" || typeof record.id !== "string") {
    throw new Error(`InfluxDB management API ${method} ${path} answered without a token object`);
  }
  return {
    ...record,
    permissions: Array.isArray(record.permissions) ? record.permissions : [],
  } as ManagementToken;
}
