import type * as dynamic from "@pulumi/pulumi/dynamic";
import { adoptedTokenChanged, refuseReplacingAdopted } from "../../lifecycle/adoption-guard";
import { rotationDiff } from "../../lifecycle/rotation/diff";
import { containsUnknown, isUnknown } from "../../shared/unknown";
import { connectionChange } from "../authorization/diff";
import { sameDatabasePermissions, sameInstant } from "./normalize";
import type { DatabaseTokenPermission } from "./types";

type Props = Record<string, unknown>;

/**
 * No request, unknowns tolerated, `__provider` ignored (see ../authorization/diff.ts).
 * Replaces: permissions, expiresAt (not patchable, B.3), the server or Dedicated cluster.
 * In place: description (PATCH); a rotated credential (stored, no request).
 * Lifecycle (issue 8): a changed `rotationTrigger` or a due `rotateAfter` replaces; a new
 * `adoptedToken` is stored; `adoptId` and `waitForActivation` matter only at create (ignored here);
 * a replacement while `adoptId` is set is refused (see ../adopt/diff.ts).
 */
export function diffDatabaseToken(
  olds: Props,
  news: Props,
  now: number = Date.now(),
): Required<Pick<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">> {
  const replaces: string[] = [];
  let changes = false;

  if (permissionsChanged(olds.permissions, news.permissions)) replaces.push("permissions");
  if (isUnknown(news.expiresAt) || !sameInstant(olds.expiresAt, news.expiresAt)) replaces.push("expiresAt");

  const connection = connectionChange(olds.connection, news.connection, ["url", "accountId", "clusterId"]);
  if (connection === "replace") replaces.push("connection");
  if (connection === "update") changes = true;

  if (isUnknown(news.description) || olds.description !== news.description) changes = true;

  const rotation = rotationDiff(olds, news, now);
  replaces.push(...rotation.replaces);
  if (rotation.changes || adoptedTokenChanged(olds, news, "accessToken")) changes = true;
  refuseReplacingAdopted("DatabaseToken", replaces, news);
  return { changes: changes || replaces.length > 0, replaces, deleteBeforeReplace: false };
}

function permissionsChanged(olds: unknown, news: unknown): boolean {
  if (containsUnknown(news)) return true;
  const list = (value: unknown) => (value === undefined ? [] : value);
  const before = list(olds);
  const after = list(news);
  if (!Array.isArray(before) || !Array.isArray(after)) return true;
  const valid = (items: unknown[]) => items.every((p) => p !== null && typeof p === "object");
  if (!valid(before) || !valid(after)) return true;
  return !sameDatabasePermissions(before as DatabaseTokenPermission[], after as DatabaseTokenPermission[]);
}
