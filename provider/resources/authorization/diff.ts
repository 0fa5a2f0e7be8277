import type * as dynamic from "@pulumi/pulumi/dynamic";
import { defaultOrg } from "../../config";
import { adoptedTokenChanged, refuseReplacingAdopted } from "../../lifecycle/adoption-guard";
import { connectionChange } from "../../lifecycle/connection-diff";
import { rotationDiff } from "../../lifecycle/rotation/diff";
import { containsUnknown, isUnknown } from "../../shared/unknown";
import { canonicalPermission, normalizedDescription, normalizedStatus, samePermissionSet } from "./normalize";
import type { PermissionInput } from "./types";

type Props = Record<string, unknown>;

/**
 * The Authorization's replace/update rule. Old state (outputs) against new inputs, without any
 * request (diff runs in preview too, with unknown values). `__provider` is never compared: a new
 * version of the provider's code alone is no change.
 *
 * | input                                | a change...                                               |
 * | ------------------------------------ | --------------------------------------------------------- |
 * | `permissions` (compared as a set)    | replaces: the API cannot change them (create new first)   |
 * | `orgId` / `org`, `userId` / `user`   | replaces (compared in the form given: a name to its ID is no change) |
 * | `connection.url`                     | replaces: another server holds another token               |
 * | `connection.token`                   | updates state only (no request)                            |
 * | `status`, `description`              | updates in place (one PATCH)                               |
 * | `rotationTrigger`, due `rotateAfter` | replaces (../../lifecycle/rotation)                        |
 * | `adoptedToken`                       | updates state only; `adoptId` is read at create only       |
 *
 * An unknown value in a replacing input reports a replacement: the plan must not promise less
 * than `up` may do. A replacement while `adoptId` is still set is refused with an error.
 */
export function diffAuthorization(
  olds: Props,
  news: Props,
  now: number = Date.now(),
): Required<Pick<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">> {
  const replaces: string[] = [];
  let changes = false;

  if (permissionsChanged(olds.permissions, news.permissions)) replaces.push("permissions");
  const org = orgChange(olds, news);
  if (org !== undefined) replaces.push(org);
  const user = userChange(olds, news);
  if (user !== undefined) replaces.push(user);

  const connection = connectionChange(olds.connection, news.connection);
  if (connection === "replace") replaces.push("connection");
  if (connection === "update") changes = true;

  if (isUnknown(news.status) || normalizedStatus(olds.status) !== normalizedStatus(news.status))
    changes = true;
  if (
    isUnknown(news.description) ||
    normalizedDescription(olds.description) !== normalizedDescription(news.description)
  ) {
    changes = true;
  }

  const rotation = rotationDiff(olds, news, now);
  replaces.push(...rotation.replaces);
  if (rotation.changes || adoptedTokenChanged(olds, news, "token")) changes = true;
  refuseReplacingAdopted("Authorization", replaces, news);

  return { changes: changes || replaces.length > 0, replaces, deleteBeforeReplace: false };
}

function permissionsChanged(olds: unknown, news: unknown): boolean {
  if (containsUnknown(news)) return true;
  if (!Array.isArray(olds) || !Array.isArray(news)) return true;
  const valid = (list: unknown[]) =>
    list.every(
      (p) => p !== null && typeof p === "object" && typeof (p as PermissionInput).resource === "object",
    );
  if (!valid(olds) || !valid(news)) return true;
  return !samePermissionSet(olds.map(canonicalPermission), news.map(canonicalPermission));
}

/**
 * Org and user are compared in the form the new inputs use: `orgId` against the stored ID,
 * `org` against the stored name, so switching from a name to its own ID is no change.
 */
function orgChange(olds: Props, news: Props): "orgId" | "org" | undefined {
  if (news.orgId !== undefined)
    return isUnknown(news.orgId) || news.orgId !== olds.orgId ? "orgId" : undefined;
  if (news.org !== undefined) return isUnknown(news.org) || news.org !== olds.org ? "org" : undefined;
  // Neither given: the org comes from stack config / env (provider/config); a new default org is a new token.
  const fallback = defaultOrg();
  if (fallback.orgId !== undefined) return fallback.orgId !== olds.orgId ? "orgId" : undefined;
  if (fallback.org !== undefined) return fallback.org !== olds.org ? "org" : undefined;
  return undefined;
}

function userChange(olds: Props, news: Props): "userId" | "user" | undefined {
  if (news.userId !== undefined)
    return isUnknown(news.userId) || news.userId !== olds.userId ? "userId" : undefined;
  if (news.user !== undefined) return isUnknown(news.user) || news.user !== olds.user ? "user" : undefined;
  // Neither given: the token belongs to the caller's user; finding out who that is needs a request.
  return undefined;
}
