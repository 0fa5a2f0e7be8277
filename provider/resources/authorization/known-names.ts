import { callFor } from "../../clients/call";
import { resolveV2Connection, type V2ConnectionInput } from "../../config";
import { type RequestFn, request, withRetry } from "../../http";
import { didYouMean } from "../../shared/errors";

export type NameKind = "org" | "user" | "bucket";

/** Listing more than this is not useful in an error message; the API's own page maximum. */
const LIMIT = 100;

const LISTS: Record<NameKind, { path: string; key: string; plural: string }> = {
  org: { path: "/api/v2/orgs", key: "orgs", plural: "organizations" },
  user: { path: "/api/v2/users", key: "users", plural: "users" },
  bucket: { path: "/api/v2/buckets", key: "buckets", plural: "buckets" },
};

const defaultSend: RequestFn = withRetry(request);

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
  send: RequestFn = defaultSend,
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
    return `The credential can read no ${what}${kind === "bucket" ? " in that organization" : ""}.`;
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
