import type * as dynamic from "@pulumi/pulumi/dynamic";
import { connectionChange } from "../../lifecycle/connection-diff";
import { containsUnknown, isUnknown } from "../../shared/unknown";

type Props = Record<string, unknown>;

/**
 * The User's replace/update rule. Old state (outputs) against new inputs, without any request
 * (diff runs in preview too, with unknown values). `__provider` is never compared.
 *
 * | input                                  | a change...                                                |
 * | -------------------------------------- | ---------------------------------------------------------- |
 * | `name`                                 | updates in place (PATCH: users can be renamed, behaviour E.1) |
 * | `status`                               | updates in place (PATCH)                                   |
 * | `password` (write-only)                | updates in place (POST …/password); compared with state     |
 * | `orgMemberships` (compared as a set)   | updates in place (POST/DELETE …/members)                   |
 * | `deleteWithTokens`                     | updates state only                                          |
 * | `connection.url`                       | replaces: another server holds another user                |
 * | `connection.token`                     | updates state only (no request)                             |
 *
 * An unknown value in an updating input reports a change; in `connection.url`, a replacement.
 */
export function diffUser(
  olds: Props,
  news: Props,
): Required<Pick<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">> {
  const replaces: string[] = [];
  let changes = false;

  const connection = connectionChange(olds.connection, news.connection);
  if (connection === "replace") replaces.push("connection");
  if (connection === "update") changes = true;

  if (isUnknown(news.name) || olds.name !== news.name) changes = true;
  if (isUnknown(news.status) || (olds.status ?? "active") !== (news.status ?? "active")) changes = true;
  if (isUnknown(news.password) || olds.password !== news.password) changes = true;
  if (membershipsChanged(olds.orgMemberships, news.orgMemberships)) changes = true;
  if ((olds.deleteWithTokens ?? false) !== (news.deleteWithTokens ?? false)) changes = true;

  return { changes: changes || replaces.length > 0, replaces, deleteBeforeReplace: false };
}

/** The memberships as a set of the values given (a name to its own ID is a change, sent as no request). */
export function membershipSet(value: unknown): string[] {
  return Array.isArray(value)
    ? [...new Set(value.filter((v): v is string => typeof v === "string"))].sort()
    : [];
}

function membershipsChanged(olds: unknown, news: unknown): boolean {
  if (containsUnknown(news)) return true;
  const before = membershipSet(olds);
  const after = membershipSet(news);
  return before.length !== after.length || before.some((v, i) => v !== after[i]);
}
