import { LookupError, type V2UsersClient } from "../../clients/v2";
import { InputValidationError } from "../../shared/errors";

/** v2 IDs are 16 lowercase hex chars (behaviour A.1); anything else is an org name. */
const ID_PATTERN = /^[0-9a-f]{16}$/;

export interface Membership {
  /** As given: an org ID or name. */
  given: string;
  orgId: string;
}

/**
 * The declared memberships with every name resolved to its org ID, as Authorization resolves
 * `org`; duplicates (the same org twice, by name and by ID) collapse to the first.
 */
export async function resolveMemberships(
  given: readonly string[],
  client: V2UsersClient,
): Promise<Membership[]> {
  const out: Membership[] = [];
  const seen = new Set<string>();
  for (const [index, value] of given.entries()) {
    let orgId: string;
    if (ID_PATTERN.test(value)) orgId = value;
    else {
      try {
        orgId = await client.orgIdByName(value);
      } catch (error) {
        if (!(error instanceof LookupError)) throw error;
        throw new InputValidationError("User", [
          {
            property: `orgMemberships[${index}]`,
            reason: `${error.message}; check the name (influx org list shows them) or give the org ID`,
          },
        ]);
      }
    }
    if (seen.has(orgId) || seen.has(value)) continue;
    seen.add(orgId);
    out.push({ given: value, orgId });
  }
  return out;
}

/** Adds the user to the orgs it should be in and removes it from the ones dropped. */
export async function applyMemberships(
  client: V2UsersClient,
  userId: string,
  current: readonly string[],
  desired: readonly Membership[],
): Promise<{ added: string[]; removed: string[] }> {
  const want = new Set(desired.map((m) => m.orgId));
  const have = new Set(current);
  const added = [...want].filter((id) => !have.has(id));
  const removed = [...have].filter((id) => !want.has(id));
  for (const orgId of added) await client.addMember(orgId, userId);
  for (const orgId of removed) await client.removeMember(orgId, userId);
  return { added, removed };
}
