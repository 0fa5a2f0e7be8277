import type * as dynamic from "@pulumi/pulumi/dynamic";
import { adoptedTokenChanged, refuseReplacingAdopted } from "../../lifecycle/adoption-guard";
import { connectionChange } from "../../lifecycle/connection-diff";
import { rotationDiff } from "../../lifecycle/rotation/diff";
import { containsUnknown, isUnknown } from "../../shared/unknown";

import { sameDatabasePermissions, sameInstant } from "./normalize";
import type { DatabaseTokenPermission } from "./types";

type Props = Record<string, unknown>;

/**
 * The DatabaseToken's replace/update rule, without any request (unknown values tolerated,
 * `__provider` ignored, as for the Authorization).
 *
 * | input                                            | a change...                                      |
 * | ------------------------------------------------ | ------------------------------------------------ |
 * | `permissions` (compared as a set)                | replaces                                         |
 * | `expiresAt` (compared as an instant)             | replaces: the management API cannot change it    |
 * | `connection.url`, `.accountId`, `.clusterId`     | replaces: another cluster holds another token    |
 * | `connection.token`                               | updates state only (no request)                  |
 * | `description`                                    | updates in place (one PATCH)                     |
 * | `rotationTrigger`, due `rotateAfter`             | replaces (../../lifecycle/rotation)              |
 * | `adoptedToken`                                   | updates state only                               |
 * | `adoptId`, `waitForActivation`                   | nothing: read at create only                     |
 *
 * A replacement while `adoptId` is still set is refused with an error.
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
