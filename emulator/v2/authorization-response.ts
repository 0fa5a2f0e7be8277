import type { AuthRecord, Store } from "../store";
import { REDACTED_TOKEN, type TokenVisibility } from "./context";
import { V2Error } from "./errors";
import type { V2Permission } from "./permissions";

interface ResourceResponse {
  type: string;
  id?: string;
  orgID?: string;
  name?: string;
  org?: string;
}

/**
 * `newPermissionsResponse` (behaviour A.2): `name` only for buckets/orgs/users with an id,
 * `org` when orgID is set; when the id (or org) lookup finds nothing, the rest is skipped, so a
 * permission on a deleted bucket has neither `name` nor `org`.
 */
export function permissionsResponse(store: Store, ps: readonly V2Permission[]) {
  return ps.map((p) => {
    const resource: ResourceResponse = { type: p.resource.type };
    if (p.resource.id !== undefined) resource.id = p.resource.id;
    if (p.resource.orgID !== undefined) resource.orgID = p.resource.orgID;
    const out = { action: p.action, resource };
    if (p.resource.id !== undefined) {
      const name = nameForResource(store, p.resource.type, p.resource.id);
      if (name === undefined) return out;
      if (name !== "") resource.name = name;
    }
    if (p.resource.orgID !== undefined) {
      const org = store.findOrg(p.resource.orgID);
      if (!org) return out;
      resource.org = org.name;
    }
    return out;
  });
}

/** undefined = not found; "" = a type whose name the server does not look up. */
function nameForResource(store: Store, type: string, id: string): string | undefined {
  switch (type) {
    case "buckets":
      return store.findBucket(id)?.name;
    case "orgs":
      return store.findOrg(id)?.name;
    case "users":
      return store.findUser(id)?.name;
    default:
      return "";
  }
}

/**
 * `authResponse` in the server's key order. `token`: the plaintext right after creation; later
 * what the visibility mode says (behaviour A.3): plain (OSS <= 2.8), "" (OSS 2.9+ hashed), or Cloud's redaction.
 */
export function authResponse(
  store: Store,
  a: AuthRecord,
  token: { plaintext: string } | { visibility: TokenVisibility },
) {
  const org = store.findOrg(a.orgID);
  if (!org) throw new V2Error("not found", "organization not found");
  const user = store.findUser(a.userID);
  if (!user) throw new V2Error("not found", "user not found");
  let value: string;
  if ("plaintext" in token) value = token.plaintext;
  else if (token.visibility === "plain") value = a.token ?? "";
  else if (token.visibility === "redacted") value = REDACTED_TOKEN;
  else value = "";
  return {
    id: a.id,
    token: value,
    status: a.status,
    description: a.description,
    orgID: a.orgID,
    org: org.name,
    userID: a.userID,
    user: user.name,
    permissions: permissionsResponse(store, a.permissions),
    links: { self: `/api/v2/authorizations/${a.id}`, user: `/api/v2/users/${a.userID}` },
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
