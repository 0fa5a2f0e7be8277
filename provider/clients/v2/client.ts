import type { V2Connection } from "../../config";
import {
  expectOptionalStrings,
  expectTokenObject,
  InfluxApiError,
  MalformedResponseError,
  type RequestFn,
  withoutNulls,
} from "../../http";
import { type CallOptions, callFor } from "../call";
import { credentialKey, ListedReads } from "../listed-reads";
import { cachedLookup } from "./lookup-cache";
import type { V2Authorization, V2AuthorizationPatch, V2AuthorizationPost } from "./types";

/** A name that does not resolve; the hooks turn it into a message naming the input property. */
export class LookupError extends Error {
  override readonly name = "LookupError";
}

export interface V2Client {
  /** The server's base URL (scopes the clean-up of tokens a lost create left behind). */
  readonly baseUrl?: string;
  /** A hash of the credential, never the credential: clean-ups act only on what it made. */
  readonly credentialKey?: string;
  createAuthorization(body: V2AuthorizationPost): Promise<V2Authorization>;
  /**
   * undefined when the server answers 404 (deleted out of band). With `listedIn` (the org
   * the caller expects it in), a burst of reads may share one list of that org (../listed-reads.ts).
   */
  getAuthorization(id: string, options?: { listedIn?: string }): Promise<V2Authorization | undefined>;
  updateAuthorization(id: string, patch: V2AuthorizationPatch): Promise<V2Authorization>;
  /** Every authorization of the org the credential may read (OSS does not page it); optional for test fakes. */
  listAuthorizations?(orgId: string): Promise<V2Authorization[]>;
  /** false when it was already gone (404). */
  deleteAuthorization(id: string): Promise<boolean>;
  orgIdByName(name: string): Promise<string>;
  userIdByName(name: string): Promise<string>;
  bucketIdByName(name: string, orgId: string): Promise<string>;
}

const AUTHORIZATIONS = "/api/v2/authorizations";

// One per process: the clients are made per call, the lists are shared by every read of a run.
const listedReads = new ListedReads<V2Authorization>();

/** `send`: the request function (tests fake the server with it); default: the transport with retries. */
export function v2Client(connection: V2Connection, send?: RequestFn): V2Client {
  const api = callFor(
    { url: connection.url, scheme: "Token", token: connection.token, transport: connection.transport },
    send,
  );
  const call = async (options: CallOptions) => (await api(options)).body;

  const byId = (id: string) => `${AUTHORIZATIONS}/${encodeURIComponent(id)}`;

  const getOne = async (id: string) => {
    try {
      return expectAuthorization(await call({ method: "GET", path: byId(id) }), "GET");
    } catch (error) {
      if (error instanceof InfluxApiError && error.isNotFound) return undefined;
      throw error;
    }
  };

  const listAll = async (orgId: string) => {
    const body = await call({ method: "GET", path: AUTHORIZATIONS, query: { orgID: orgId } });
    if (
      body === null ||
      typeof body !== "object" ||
      !Array.isArray((body as Record<string, unknown>).authorizations)
    ) {
      throw new MalformedResponseError(
        `InfluxDB API GET ${AUTHORIZATIONS} answered without an authorizations list`,
      );
    }
    return ((body as Record<string, unknown>).authorizations as unknown[]).map((item, index) =>
      expectAuthorization(item, `GET (list item ${index})`),
    );
  };

  return {
    baseUrl: connection.url,
    credentialKey: credentialKey(connection.token),
    async createAuthorization(body) {
      listedReads.written();
      return expectAuthorization(await call({ method: "POST", path: AUTHORIZATIONS, body }), "POST");
    },
    getAuthorization(id, options) {
      const orgId = options?.listedIn;
      if (orgId === undefined) return getOne(id);
      const scope = `${connection.url}|${credentialKey(connection.token)}|${orgId}`;
      return listedReads.read(
        scope,
        id,
        () => getOne(id),
        () => listAll(orgId),
      );
    },
    async updateAuthorization(id, patch) {
      listedReads.written();
      return expectAuthorization(await call({ method: "PATCH", path: byId(id), body: patch }), "PATCH");
    },
    listAuthorizations: listAll,
    async deleteAuthorization(id) {
      listedReads.written();
      try {
        await call({ method: "DELETE", path: byId(id) });
        return true;
      } catch (error) {
        if (error instanceof InfluxApiError && error.isNotFound) return false;
        throw error;
      }
    },
    orgIdByName(name) {
      return cachedLookup(`${connection.url}|org|${name}`, async () => {
        // 404 for a missing org, 200 with [] for one the token cannot read (lists are filtered by permission).
        const body = await notFoundAsEmpty(() =>
          call({ method: "GET", path: "/api/v2/orgs", query: { org: name } }),
        );
        const match = listOf(body, "orgs").find((org) => org.name === name);
        if (typeof match?.id !== "string") {
          throw new LookupError(`organization "${name}" not found (or the token cannot read it)`);
        }
        return match.id;
      });
    },
    userIdByName(name) {
      return cachedLookup(`${connection.url}|user|${name}`, async () => {
        const body = await notFoundAsEmpty(() =>
          call({ method: "GET", path: "/api/v2/users", query: { name } }),
        );
        const match = listOf(body, "users").find((user) => user.name === name);
        if (typeof match?.id !== "string") {
          throw new LookupError(`user "${name}" not found (or the token cannot read it)`);
        }
        return match.id;
      });
    },
    bucketIdByName(name, orgId) {
      return cachedLookup(`${connection.url}|bucket|${orgId}|${name}`, async () => {
        const body = await notFoundAsEmpty(() =>
          call({ method: "GET", path: "/api/v2/buckets", query: { name, orgID: orgId } }),
        );
        const match = listOf(body, "buckets").find(
          (bucket) => bucket.name === name && bucket.orgID === orgId,
        );
        if (typeof match?.id !== "string") {
          throw new LookupError(
            `bucket "${name}" not found in organization ${orgId} (or the token cannot read it)`,
          );
        }
        return match.id;
      });
    },
  };
}

async function notFoundAsEmpty(fetch: () => Promise<unknown>): Promise<unknown> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof InfluxApiError && error.isNotFound) return undefined;
    throw error;
  }
}

function listOf(body: unknown, key: string): Array<Record<string, unknown>> {
  if (body === null || typeof body !== "object") return [];
  const list = (body as Record<string, unknown>)[key];
  return Array.isArray(list) ? list.filter((item) => item !== null && typeof item === "object") : [];
}

/**
 * The server's answer, checked before anything reads it: a proxy's page or a truncated body
 * becomes a clear error instead of a TypeError deep in a hook (fuzzed in test/unit/fuzz).
 */
function expectAuthorization(body: unknown, method: string): V2Authorization {
  const fail = (what: string) =>
    new MalformedResponseError(
      `InfluxDB API ${method} ${AUTHORIZATIONS} answered a malformed authorization: ${what}`,
    );
  const { record, permissions } = expectTokenObject(
    body,
    ["token", "status", "description", "orgID", "org", "userID", "user", "createdAt", "updatedAt"],
    fail,
  );
  permissions.forEach((p: unknown, index) => {
    const permission = p as Record<string, unknown> | null;
    if (permission === null || typeof permission !== "object" || typeof permission.action !== "string") {
      throw fail(`permissions[${index}] has no action`);
    }
    const resource = permission.resource as Record<string, unknown> | null;
    if (resource === null || typeof resource !== "object" || Array.isArray(resource)) {
      throw fail(`permissions[${index}].resource is not an object`);
    }
    expectOptionalStrings(
      resource,
      ["type", "id", "orgID", "name", "org"],
      fail,
      `permissions[${index}].resource.`,
    );
  });
  return {
    ...withoutNulls(record),
    permissions: (permissions as Record<string, unknown>[]).map((p) => ({
      ...p,
      resource: withoutNulls(p.resource as Record<string, unknown>),
    })),
  } as unknown as V2Authorization;
}
