import type { ResourcePermission } from "./permissions";
import type { NamedTokenInputs, OperatorTokenInputs, ResourceTokenInputs } from "./schema";

/**
 * Provider-side (plain) inputs after validation: the schemas' own types. A type-only import:
 * nothing here loads zod or the schemas at run time. `NamedTokenInputs` are AdminToken's, shared by
 * ResourceToken; their `autonamePrefix` is set by the SDK class (the Pulumi resource name) and
 * `autoName` by `check` when `name` is unset (kept across updates, renewed on replacement).
 */
export type { NamedTokenInputs, OperatorTokenInputs, ResourceTokenInputs };

/**
 * Whether the token in state still works, as the last read saw it (behaviour D.12):
 * - `active`: the row exists with our id and hash prefix and is not expired;
 * - `expired`: the row is there but its expiry has passed (it keeps its name until deleted);
 * - `replaced`: the name now belongs to another token (re-created or regenerated out of band),
 *   so the secret in state is stale.
 */
export type TokenStatus = "active" | "expired" | "replaced";

export type OperatorTokenOutputs = OperatorTokenInputs & {
  name: string;
  tokenId: number;
  /** The secret; known only from the bootstrap/regenerate response (or `existingToken`). */
  token: string;
  /** First 9 hex chars of SHA-512(token), as `system.tokens` shows them (D.4). */
  hashPrefix: string;
  createdAt: string;
  updatedAt?: string;
  /** `core` or `enterprise`, from `/ping` (D.12). */
  edition?: string;
  status: TokenStatus;
};

export type NamedTokenOutputs = NamedTokenInputs & {
  /** The effective server-side name (also the Pulumi ID: DELETE takes a name, D.12). */
  tokenName: string;
  tokenId: number;
  token: string;
  hashPrefix: string;
  createdAt: string;
  /** Absolute expiry from the create response (RFC 3339); unset = never. */
  expiresAt?: string;
  status: TokenStatus;
};

export type ResourceTokenOutputs = NamedTokenOutputs & {
  permissions: ResourcePermission[];
  /** The server's rendering from `system.tokens`, e.g. `db:sensors:read,write` (Enterprise). */
  permissionsText?: string;
};
