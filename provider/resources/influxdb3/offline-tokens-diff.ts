import type * as dynamic from "@pulumi/pulumi/dynamic";
import { containsUnknown } from "../../shared/unknown";
import { connectionToken, connectionUrl, expirySeconds } from "./compare";
import { OFFLINE_DEFAULT_ADMIN_NAME } from "./offline-token-file";
import { canonicalPermissions, type ResourcePermission } from "./permissions";

type Props = Record<string, unknown>;

const differs = (a: unknown, b: unknown) =>
  containsUnknown(a) || containsUnknown(b) || JSON.stringify(a) !== JSON.stringify(b);

const adminName = (props: Props) => props["adminTokenName"] ?? OFFLINE_DEFAULT_ADMIN_NAME;

/** The permission tokens as a set: by name, permissions canonical, expiry in seconds. */
export function permissionTokensKey(value: unknown): string {
  if (containsUnknown(value)) return "unknown";
  if (!Array.isArray(value)) return "[]";
  const tokens = (value as Props[]).map((token) => ({
    name: token["name"],
    permissions: canonicalPermissions((token["permissions"] as ResourcePermission[]) ?? []),
    expiresIn: expirySeconds(token["expiresIn"]) ?? null,
  }));
  tokens.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return JSON.stringify(tokens);
}

const databasesKey = (value: unknown) =>
  containsUnknown(value) ? "unknown" : JSON.stringify([...new Set((value as string[]) ?? [])].sort());

/**
 * The replace/update rule of OfflineTokens. The tokens exist only in the files the server loads,
 * so a token definition change means new files, hence new token values:
 *
 * | input                                                      | a change...                           |
 * | ---------------------------------------------------------- | ------------------------------------- |
 * | `adminTokenName`, `adminTokenExpiresIn`, `permissionTokens` | replaces (every token generated anew) |
 * | `createDatabases`                                          | updates state only (file rewritten)   |
 * | `connection.url`, `connection.token`                       | updates state only                    |
 *
 * Nothing is sent at create or delete, so the replacement is created first.
 */
export function diffOfflineTokens(olds: Props, news: Props): dynamic.DiffResult {
  const replaces: string[] = [];
  if (differs(adminName(olds), adminName(news))) replaces.push("adminTokenName");
  const oldExpiry = expirySeconds(olds["adminTokenExpiresIn"]);
  const newExpiry = expirySeconds(news["adminTokenExpiresIn"]);
  if (oldExpiry === "unknown" || newExpiry === "unknown" || oldExpiry !== newExpiry) {
    replaces.push("adminTokenExpiresIn");
  }
  const oldTokens = permissionTokensKey(olds["permissionTokens"]);
  const newTokens = permissionTokensKey(news["permissionTokens"]);
  if (oldTokens === "unknown" || newTokens === "unknown" || oldTokens !== newTokens) {
    replaces.push("permissionTokens");
  }
  const stateOnly =
    databasesKey(olds["createDatabases"]) !== databasesKey(news["createDatabases"]) ||
    databasesKey(news["createDatabases"]) === "unknown" ||
    differs(connectionUrl(olds), connectionUrl(news)) ||
    differs(connectionToken(olds), connectionToken(news));
  return { changes: replaces.length > 0 || stateOnly, replaces, deleteBeforeReplace: false };
}
