import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isUnknown } from "../../shared/unknown";
import { effectiveName } from "./autoname";
import { connectionToken, connectionUrl, replacingChanges } from "./compare";

type Props = Record<string, unknown>;

const differs = (a: unknown, b: unknown) =>
  isUnknown(a) || isUnknown(b) || JSON.stringify(a) !== JSON.stringify(b);

/** Why the token in state must be replaced even though no input changed (D.12 read rules). */
export function staleReason(olds: Props, now: number): string | undefined {
  if (olds["status"] === "replaced" || olds["status"] === "expired") return "status";
  const expiresAt = olds["expiresAt"];
  if (typeof expiresAt === "string" && Date.parse(expiresAt) <= now) return "expiresAt";
  return undefined;
}

/**
 * AdminToken / ResourceToken: no update endpoint exists (D.12), so every input change except the
 * credential replaces. Names are unique on the server: a replacement under the same name must delete
 * the old token first; an autonamed one gets a fresh name in `check` and is created first.
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

/**
 * OperatorToken: the server has exactly one `_admin`, so nothing replaces it except a move to
 * another server; rotation and a stale secret are updates (regenerate in place, D.14.6).
 */
export function diffOperatorToken(olds: Props, news: Props): dynamic.DiffResult {
  const replaces = differs(connectionUrl(olds), connectionUrl(news)) ? ["connection"] : [];
  const changes =
    replaces.length > 0 ||
    differs(olds["rotationTrigger"], news["rotationTrigger"]) ||
    differs(olds["existingToken"], news["existingToken"]) ||
    differs(connectionToken(olds), connectionToken(news)) ||
    olds["status"] === "replaced";
  return { changes, replaces, deleteBeforeReplace: true };
}
