import type { V2Connection } from "../../config";
import { InfluxApiError, MalformedResponseError, type RequestFn } from "../../http";
import { type CallOptions, callFor } from "../call";
import { credentialKey } from "../listed-reads";
import { v2Client } from "./client";
import type { V2TokenSummary, V2User, V2UserPatch } from "./types";

/**
 * The v2 users API and org memberships (docs/behaviour/v2-users.md, behaviour E.1 – E.4), for
 * the User resource. Requests go through the same call helper as every client: credential,
 * retries (a POST only after 429/503), redaction.
 */
export interface V2UsersClient {
  readonly baseUrl: string;
  /** A hash of the credential, never the credential: clean-ups act only on what it made. */
  readonly credentialKey: string;
  createUser(body: { name: string; status: "active" | "inactive" }): Promise<V2User>;
  /** undefined when the server answers 404 (deleted out of band). */
  getUser(id: string): Promise<V2User | undefined>;
  /** The user of that exact name, or undefined (404, or one the credential cannot read). */
  findUserByName(name: string): Promise<V2User | undefined>;
  /** Every user the credential may read, page by page (the list pages by ID, 100 at most each). */
  listUsers(): Promise<V2User[]>;
  updateUser(id: string, patch: V2UserPatch): Promise<V2User>;
  /** false when it was already gone (404). */
  deleteUser(id: string): Promise<boolean>;
  /** POST /api/v2/users/{id}/password: the only password route a token can use (behaviour E.2). */
  setPassword(id: string, password: string): Promise<void>;
  /** The member (not owner) user IDs of an org; undefined when the org is gone or unreadable (404). */
  memberIds(orgId: string): Promise<Set<string> | undefined>;
  /** Makes the user a member of the org; already a member is success. */
  addMember(orgId: string, userId: string): Promise<void>;
  /** Removes the user's mapping on the org; none is success (204 all the same). */
  removeMember(orgId: string, userId: string): Promise<void>;
  /** The orgs the user is mapped to in either role (`GET /api/v2/orgs?userID=`). */
  orgIdsOfUser(userId: string): Promise<string[]>;
  /** The authorizations of the user that the credential may read. */
  tokensOfUser(userId: string): Promise<V2TokenSummary[]>;
  orgIdByName(name: string): Promise<string>;
}

const USERS = "/api/v2/users";
const PAGE = 100;

export function v2UsersClient(connection: V2Connection, send?: RequestFn): V2UsersClient {
  const api = callFor(
    { url: connection.url, scheme: "Token", token: connection.token, transport: connection.transport },
    send,
  );
  const call = async (options: CallOptions) => (await api(options)).body;
  const byId = (id: string) => `${USERS}/${encodeURIComponent(id)}`;
  const members = (orgId: string) => `/api/v2/orgs/${encodeURIComponent(orgId)}/members`;
  const lookups = v2Client(connection, send);

  const memberIds = async (orgId: string) => {
    const body = await orUndefinedOn404(() => call({ method: "GET", path: members(orgId) }));
    if (body === undefined) return undefined;
    return new Set(
      listOf(body, "users", `GET ${members(orgId)}`).map((u) => expectUser(u, "GET members").id),
    );
  };

  return {
    baseUrl: connection.url,
    credentialKey: credentialKey(connection.token),
    async createUser(body) {
      return expectUser(await call({ method: "POST", path: USERS, body }), "POST");
    },
    getUser(id) {
      return orUndefinedOn404(async () => expectUser(await call({ method: "GET", path: byId(id) }), "GET"));
    },
    async findUserByName(name) {
      // 404 `user not found` for an unknown name; 200 [] for one the credential cannot read (behaviour E.1).
      const body = await orUndefinedOn404(() => call({ method: "GET", path: USERS, query: { name } }));
      if (body === undefined) return undefined;
      return listOf(body, "users", `GET ${USERS}`)
        .map((u) => expectUser(u, "GET"))
        .find((u) => u.name === name);
    },
    async listUsers() {
      const all: V2User[] = [];
      let after: string | undefined;
      for (;;) {
        const query: Record<string, string> = { limit: String(PAGE) };
        if (after !== undefined) query.after = after;
        const page = listOf(await call({ method: "GET", path: USERS, query }), "users", `GET ${USERS}`).map(
          (u) => expectUser(u, "GET"),
        );
        all.push(...page);
        if (page.length < PAGE) return all;
        after = page[page.length - 1]!.id;
      }
    },
    async updateUser(id, patch) {
      return expectUser(await call({ method: "PATCH", path: byId(id), body: patch }), "PATCH");
    },
    async deleteUser(id) {
      return (
        (await orUndefinedOn404(() => call({ method: "DELETE", path: byId(id) }).then(() => true))) ?? false
      );
    },
    async setPassword(id, password) {
      await call({ method: "POST", path: `${byId(id)}/password`, body: { password }, secrets: [password] });
    },
    memberIds,
    async addMember(orgId, userId) {
      try {
        await call({ method: "POST", path: members(orgId), body: { id: userId } });
      } catch (error) {
        // A lost answer (the POST may have gone through), or 500 "mapping ... already exists"
        // (behaviour E.3): the list says whether the user is a member now.
        if (!(error instanceof InfluxApiError) || (error.status !== undefined && error.status < 500))
          throw error;
        if ((await memberIds(orgId))?.has(userId)) return;
        throw error;
      }
    },
    async removeMember(orgId, userId) {
      await orUndefinedOn404(() =>
        call({ method: "DELETE", path: `${members(orgId)}/${encodeURIComponent(userId)}` }),
      );
    },
    async orgIdsOfUser(userId) {
      const body = await orUndefinedOn404(() =>
        call({ method: "GET", path: "/api/v2/orgs", query: { userID: userId, limit: String(PAGE) } }),
      );
      if (body === undefined) return [];
      return listOf(body, "orgs", "GET /api/v2/orgs")
        .map((org) => org.id)
        .filter((id): id is string => typeof id === "string");
    },
    async tokensOfUser(userId) {
      const body = await call({ method: "GET", path: "/api/v2/authorizations", query: { userID: userId } });
      return listOf(body, "authorizations", "GET /api/v2/authorizations")
        .filter((a) => typeof a.id === "string")
        .map((a) => ({
          id: a.id as string,
          description: typeof a.description === "string" ? a.description : "",
          ...(typeof a.orgID === "string" ? { orgID: a.orgID } : {}),
        }));
    },
    orgIdByName: (name) => lookups.orgIdByName(name),
  };
}

async function orUndefinedOn404<T>(fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof InfluxApiError && error.isNotFound) return undefined;
    throw error;
  }
}

function listOf(body: unknown, key: string, what: string): Array<Record<string, unknown>> {
  const list = body !== null && typeof body === "object" ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list))
    throw new MalformedResponseError(`InfluxDB API ${what} answered without a ${key} list`);
  return list.filter((item) => item !== null && typeof item === "object");
}

/** The server's user, checked before anything reads it (a proxy's page becomes a clear error). */
function expectUser(body: unknown, method: string): V2User {
  const record = body as Record<string, unknown> | null;
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.id !== "string" ||
    typeof record.name !== "string"
  ) {
    throw new MalformedResponseError(
      `InfluxDB API ${method} ${USERS} answered a malformed user (no id or name)`,
    );
  }
  return {
    id: record.id,
    name: record.name,
    status: typeof record.status === "string" ? record.status : "active",
  };
}
