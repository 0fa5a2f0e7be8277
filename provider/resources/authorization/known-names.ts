import { callFor } from "../../clients/call";
import { resolveV2Connection, type V2ConnectionInput } from "../../config";
import { InfluxApiError, type RequestFn } from "../../http";
import { didYouMean } from "../../shared/errors";

export type NameKind = "org" | "user" | "bucket";

/** Listing more than this is not useful in an error message; the API's own page maximum. */
const LIMIT = 100;

const LISTS: Record<NameKind, { path: string; key: string; plural: string }> = {
  org: { path: "/api/v2/orgs", key: "orgs", plural: "organizations" },
  user: { path: "/api/v2/users", key: "users", plural: "users" },
  bucket: { path: "/api/v2/buckets", key: "buckets", plural: "buckets" },
};

/**
 * The names that do exist, for the error about one that does not: the server only
 * says "not found", and the user then has to open the UI to see what the right name was. Lists
 * what the credential may read (behaviour A.11: listings are filtered by permission); on Cloud
 * the user list is empty without an operator token, and Serverless has no user list at all.
 */
export async function knownNames(
  connectionInput: V2ConnectionInput | undefined,
  kind: NameKind,
  orgId?: string,
  send?: RequestFn,
): Promise<{ names: string[]; more: boolean }> {
  const connection = resolveV2Connection(connectionInput);
  const list = LISTS[kind];
  const { body } = await callFor(
    { ...connection, scheme: "Token" },
    send,
  )({
    method: "GET",
    path: list.path,
    query: { limit: String(LIMIT), ...(kind === "bucket" && orgId !== undefined ? { orgID: orgId } : {}) },
  });
  const items = (body as Record<string, unknown> | undefined)?.[list.key];
  const names = Array.isArray(items)
    ? items
        .map((item) => (item as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === "string")
    : [];
  return { names: [...new Set(names)].sort(), more: names.length >= LIMIT };
}

/**
 * The sentence appended to a "not found" message: the names that exist, and the closest one.
 * Undefined when listing failed: the original message is still right, just less helpful.
 */
export async function existingNamesHint(
  connectionInput: V2ConnectionInput | undefined,
  kind: NameKind,
  missing: string,
  orgId?: string,
  send?: RequestFn,
): Promise<string | undefined> {
  let found: { names: string[]; more: boolean };
  try {
    found = await knownNames(connectionInput, kind, orgId, send);
  } catch {
    return undefined;
  }
  const what = LISTS[kind].plural;
  if (found.names.length === 0) {
    const none = `The credential can read no ${what}${kind === "bucket" ? " in that organization" : ""}`;
    return `${none}: ${await whyNothingReadable(connectionInput, kind, send)}.`;
  }
  const suggestion = didYouMean(missing, found.names);
  const capitalized = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    (suggestion === undefined ? "" : `Did you mean "${suggestion}"? `) +
    `${capitalized} the credential can read: ${found.names.map((n) => JSON.stringify(n)).join(", ")}` +
    (found.more ? ` (the first ${LIMIT})` : "") +
    "."
  );
}

/**
 * Why a listing came back empty. An inactive token still authenticates and its lists come back
 * empty (behaviour A.5, A.11), which reads exactly like a name that does not exist. `GET /api/v2/me`
 * tells the two apart: its permission check refuses an inactive token with `token is inactive`
 * (the same rule as behaviour A.7), an active one at most for lacking read on its own user. Sent
 * only on this error path, once.
 */
async function whyNothingReadable(
  connectionInput: V2ConnectionInput | undefined,
  kind: NameKind,
  send?: RequestFn,
): Promise<string> {
  const permission = `read:${LISTS[kind].key}`;
  let state: "active" | "inactive" | "unclear";
  try {
    const connection = resolveV2Connection(connectionInput);
    await callFor({ ...connection, scheme: "Token" }, send)({ method: "GET", path: "/api/v2/me" });
    state = "active";
  } catch (error) {
    const denied = error instanceof InfluxApiError && (error.status === 401 || error.status === 403);
    if (denied && /inactive/i.test(error.apiMessage)) state = "inactive";
    // Refused for a missing permission (read on its own user): the token is active.
    else if (denied && /is unauthorized/.test(error.apiMessage)) state = "active";
    else state = "unclear";
  }
  if (state === "inactive") {
    return (
      "the credential (or its user) is inactive, and an inactive token reads nothing: set its status to " +
      '"active", or use an active credential'
    );
  }
  if (state === "active") {
    return `the credential is active but lacks ${permission} (or read on that one), or the name is wrong`;
  }
  return `the credential may be inactive, or lack ${permission}, or the name is wrong`;
}
