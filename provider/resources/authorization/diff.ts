import type * as dynamic from "@pulumi/pulumi/dynamic";
import { defaultOrg } from "../../config";
import { adoptedTokenChanged, refuseReplacingAdopted } from "../../lifecycle/adoption-guard";
import { rotationDiff } from "../../lifecycle/rotation/diff";
import { containsUnknown, isUnknown } from "../../shared/unknown";
import {
  canonicalPermission,
  normalizedDescription,
  normalizedStatus,
  normalizedUrl,
  samePermissionSet,
} from "./normalize";
import type { PermissionInput } from "./types";

type Props = Record<string, unknown>;

/**
 * Compares the old state (outputs) with the new inputs without any request (DESIGN.md: diff may
 * run in preview, with unknowns). `__provider` is never compared: a change of the provider's code
 * alone is no change.
 *
 * Replaces (create the new token, then delete the old): permissions (immutable on the server,
 * A.7), org, user, and the server URL. Updates in place (one PATCH): status, description. A new
 * credential in `connection` is an update without request, so later reads and deletes use it.
 * An unknown value in a replacing input reports a replacement: the plan must not promise less
 * than `up` may do.
 *
 * Lifecycle inputs (issue 8): a changed `rotationTrigger` or a due `rotateAfter` replaces
 * (provider/rotation); a new `adoptedToken` updates state only; a replacement while `adoptId` is
 * still set is refused with an error (provider/adopt).
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

/**
 * A different server (URL, or Dedicated account/cluster) holds a different token: replace. A
 * rotated credential is an update, so later reads and deletes use it.
 */
export function connectionChange(
  olds: unknown,
  news: unknown,
  identityKeys: readonly string[] = ["url"],
): "replace" | "update" | undefined {
  if (isUnknown(news)) return "replace";
  const oldConnection = (olds ?? {}) as Props;
  const newConnection = (news ?? {}) as Props;
  for (const key of identityKeys) {
    if (isUnknown(newConnection[key])) return "replace";
    const normalize = key === "url" ? normalizedUrl : (value: unknown) => value;
    if (normalize(oldConnection[key]) !== normalize(newConnection[key])) return "replace";
  }
  for (const key of Object.keys({ ...oldConnection, ...newConnection })) {
    if (!identityKeys.includes(key) && oldConnection[key] !== newConnection[key]) return "update";
  }
  return undefined;
}
