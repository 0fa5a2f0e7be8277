import type { V2Connection } from "../config";
import { InfluxApiError, type RequestFn, type RequestOptions, request, withRetry } from "../http";
import { cachedLookup } from "./lookup-cache";
import type { V2Authorization, V2AuthorizationPatch, V2AuthorizationPost } from "./types";

/** A name that does not resolve; the hooks turn it into a message naming the input property. */
export class LookupError extends Error {
  override readonly name = "LookupError";
}

export interface V2Client {
  createAuthorization(body: V2AuthorizationPost): Promise<V2Authorization>;
  /** undefined when the server answers 404 (deleted out of band, A.6). */
  getAuthorization(id: string): Promise<V2Authorization | undefined>;
  updateAuthorization(id: string, patch: V2AuthorizationPatch): Promise<V2Authorization>;
  /** false when it was already gone (404, A.8). */
  deleteAuthorization(id: string): Promise<boolean>;
  orgIdByName(name: string): Promise<string>;
  userIdByName(name: string): Promise<string>;
  bucketIdByName(name: string, orgId: string): Promise<string>;
}

const defaultSend: RequestFn = withRetry(request);

const AUTHORIZATIONS = "/api/v2/authorizations";

export function v2Client(connection: V2Connection, send: RequestFn = defaultSend): V2Client {
  const call = async (options: Omit<RequestOptions, "baseUrl" | "authorization">) =>
    (await send({ ...options, baseUrl: connection.url, authorization: `Token ${connection.token}` })).body;

  const byId = (id: string) => `${AUTHORIZATIONS}/${encodeURIComponent(id)}`;

  return {
    async createAuthorization(body) {
      return expectAuthorization(await call({ method: "POST", path: AUTHORIZATIONS, body }), "POST");
    },
    async getAuthorization(id) {
      try {
        return expectAuthorization(await call({ method: "GET", path: byId(id) }), "GET");
      } catch (error) {
        if (error instanceof InfluxApiError && error.isNotFound) return undefined;
        throw error;
      }
    },
    async updateAuthorization(id, patch) {
      return expectAuthorization(await call({ method: "PATCH", path: byId(id), body: patch }), "PATCH");
    },
    async deleteAuthorization(id) {
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
        // 404 for a missing org, 200 with [] for one the token cannot read (A.11).
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

function expectAuthorization(body: unknown, method: string): V2Authorization {
  const record = body as Partial<V2Authorization> | undefined;
  if (record === undefined || typeof record !== "object" || typeof record.id !== "string") {
    throw new Error(`InfluxDB API ${method} ${AUTHORIZATIONS} answered without an authorization object`);
  }
  return {
    ...record,
    permissions: Array.isArray(record.permissions) ? record.permissions : [],
  } as V2Authorization;
}
