import type { ManagementConnection } from "../../config";
import {
  expectTokenObject,
  InfluxApiError,
  MalformedResponseError,
  type RequestFn,
  withoutNulls,
} from "../../http";
import { type CallOptions, callFor } from "../call";
import { credentialKey, ListedReads } from "../listed-reads";
import type { ManagementToken, ManagementTokenPatch, ManagementTokenPost } from "./types";

export interface ManagementClient {
  /** The server's base URL and token path (scopes the clean-up of tokens a lost create left behind). */
  readonly baseUrl?: string;
  /** A hash of the credential, never the credential: clean-ups act only on what it made. */
  readonly credentialKey?: string;
  createToken(body: ManagementTokenPost): Promise<ManagementToken>;
  /**
   * undefined when the server answers 404. With `listed`, a burst of reads may share one list of
   * the cluster (../listed-reads.ts).
   */
  getToken(id: string, options?: { listed?: boolean }): Promise<ManagementToken | undefined>;
  updateToken(id: string, patch: ManagementTokenPatch): Promise<ManagementToken>;
  /** Every token of the cluster (the API does not page it); optional for test fakes. */
  listTokens?(): Promise<ManagementToken[]>;
  /** false when it was already gone (404). */
  deleteToken(id: string): Promise<boolean>;
}

// One per process: the clients are made per call, the lists are shared by every read of a run.
const listedReads = new ListedReads<ManagementToken>();

/**
 * Clustered: `/api/v0/tokens`; Cloud Dedicated: `/api/v0/accounts/{a}/clusters/{c}/tokens`
 * (the management API's token operations). Every path segment is encoded.
 */
export function tokensPath(connection: ManagementConnection): string {
  const dedicated = connection.dedicated;
  return dedicated === undefined
    ? "/api/v0/tokens"
    : `/api/v0/accounts/${encodeURIComponent(dedicated.accountId)}/clusters/${encodeURIComponent(dedicated.clusterId)}/tokens`;
}

/** `send`: the request function (tests fake the server with it); default: the transport with retries. */
export function managementClient(connection: ManagementConnection, send?: RequestFn): ManagementClient {
  const collection = tokensPath(connection);
  const byId = (id: string) => `${collection}/${encodeURIComponent(id)}`;
  const api = callFor(
    { url: connection.url, scheme: "Bearer", token: connection.token, transport: connection.transport },
    send,
  );
  const call = async (options: CallOptions) => (await api(options)).body;

  const getOne = async (id: string) => {
    try {
      return expectToken(await call({ method: "GET", path: byId(id) }), "GET", byId(id));
    } catch (error) {
      if (error instanceof InfluxApiError && error.isNotFound) return undefined;
      throw error;
    }
  };

  const listAll = async () => {
    const body = await call({ method: "GET", path: collection });
    if (!Array.isArray(body)) {
      throw new MalformedResponseError(
        `InfluxDB management API GET ${collection} answered without a list of tokens`,
      );
    }
    return body.map((item, index) => expectToken(item, `GET (list item ${index})`, collection));
  };

  return {
    baseUrl: `${connection.url}${collection}`,
    credentialKey: credentialKey(connection.token),
    async createToken(body) {
      listedReads.written();
      return expectToken(await call({ method: "POST", path: collection, body }), "POST", collection);
    },
    getToken(id, options) {
      if (options?.listed !== true) return getOne(id);
      const scope = `${connection.url}${collection}|${credentialKey(connection.token)}`;
      return listedReads.read(scope, id, () => getOne(id), listAll);
    },
    async updateToken(id, patch) {
      listedReads.written();
      return expectToken(await call({ method: "PATCH", path: byId(id), body: patch }), "PATCH", byId(id));
    },
    listTokens: listAll,
    async deleteToken(id) {
      listedReads.written();
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

/**
 * The server's answer, checked before anything reads it: malformed JSON becomes a clear error,
 * not a TypeError in a hook (fuzzed in test/unit/fuzz).
 */
function expectToken(body: unknown, method: string, path: string): ManagementToken {
  const fail = (what: string) =>
    new MalformedResponseError(
      `InfluxDB management API ${method} ${path} answered a malformed token: ${what}`,
    );
  const { record, permissions } = expectTokenObject(
    body,
    ["description", "createdAt", "expiresAt", "revokedAt", "accessToken", "accountId", "clusterId"],
    fail,
  );
  permissions.forEach((p: unknown, index) => {
    const permission = p as Record<string, unknown> | null;
    if (
      permission === null ||
      typeof permission !== "object" ||
      typeof permission.action !== "string" ||
      typeof permission.resource !== "string"
    ) {
      throw fail(`permissions[${index}] is not {action, resource} strings`);
    }
  });
  return {
    ...withoutNulls(record),
    permissions: (permissions as Record<string, unknown>[]).map((p) => ({
      action: p.action,
      resource: p.resource,
    })),
  } as unknown as ManagementToken;
}
