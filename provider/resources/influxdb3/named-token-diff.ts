import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isUnknown } from "../../shared/unknown";
import { effectiveName } from "./autoname";
import { connectionToken, replacingChanges } from "./compare";

type Props = Record<string, unknown>;

const differs = (a: unknown, b: unknown) =>
  isUnknown(a) || isUnknown(b) || JSON.stringify(a) !== JSON.stringify(b);

/** Why the token in state must be replaced even though no input changed (what a read found). */
export function staleReason(olds: Props, now: number): string | undefined {
  if (olds["status"] === "replaced" || olds["status"] === "expired") return "status";
  const expiresAt = olds["expiresAt"];
  if (typeof expiresAt === "string" && Date.parse(expiresAt) <= now) return "expiresAt";
  return undefined;
}

/**
 * The replace/update rule of AdminToken and ResourceToken. InfluxDB 3 has no endpoint that
 * changes a token, so every input change except the credential replaces.
 *
 * | input                                         | a change...                                            |
 * | --------------------------------------------- | ------------------------------------------------------ |
 * | `name`, `expiresIn`, `permissions`, `connection.url` | replaces                                        |
 * | `autonamePrefix`, `connection.token`          | updates state only (no request)                        |
 * | (read found it `replaced` or `expired`, or `expiresAt` passed) | replaces                              |
 *
 * Names are unique on the server: a replacement under the same name deletes the old token first;
 * an autonamed one gets a fresh name in `check` and is created first.
 */
export function diffNamedToken(olds: Props, news: Props, now: number = Date.now()): dynamic.DiffResult {
  const replaces = replacingChanges(olds, news);
  const stale = staleReason(olds, now);
  if (stale !== undefined) replaces.push(stale);
  const newName = isUnknown(news["name"]) ? undefined : effectiveName({ ...news, tokenName: undefined });
  const sameName = newName === undefined || newName === effectiveName(olds);
  const credentialChanged =
    differs(connectionToken(olds), connectionToken(news)) ||
    differs(olds["autonamePrefix"], news["autonamePrefix"]);
  return {
    changes: replaces.length > 0 || credentialChanged,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameName,
  };
}
