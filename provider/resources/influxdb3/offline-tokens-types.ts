import type { OfflineTokensInputs } from "./offline-tokens-schema";

export type { OfflineTokensInputs };

/**
 * Whether the server loaded a token of the files, as the last refresh saw it in `system.tokens`
 * (behaviour D.11, D.8):
 * - `unchecked`: not checked (no `connection.url`, or no refresh yet);
 * - `loaded`: a row of that name with this token's hash prefix, not expired;
 * - `expired`: that row, with its expiry passed;
 * - `not-loaded`: no row of that name (the server was not started with the file, or the token was
 *   deleted through the API and comes back at the next restart); for the admin token also a 401;
 * - `name-taken`: a row of that name with another hash: the server kept an older token of that
 *   name and skipped the file's.
 */
export type OfflineTokenStatus = "unchecked" | "loaded" | "expired" | "not-loaded" | "name-taken";

export type OfflineTokensOutputs = OfflineTokensInputs & {
  /** The admin token's effective name (`_admin` unless `adminTokenName` is set). */
  adminName: string;
  /** The admin token (secret). */
  adminToken: string;
  /** The `--admin-token-file` content (secret). */
  adminTokenFile: string;
  /** Permission token values by name (secret); empty without `permissionTokens`. */
  permissionTokenValues: Record<string, string>;
  /** The `--permission-tokens-file` content (secret); unset without permission tokens or databases. */
  permissionTokensFile?: string;
  /** First 9 hex chars of each token's SHA-512 by name, as `system.tokens` shows them. */
  hashPrefixes: Record<string, string>;
  /** Absolute expiry (RFC 3339) by name, for the tokens that expire. */
  expiresAt: Record<string, string>;
  /** What the last refresh found, by name. */
  loadStatus: Record<string, OfflineTokenStatus>;
};
