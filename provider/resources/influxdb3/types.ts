import type { Influxdb3ConnectionInput } from "../../config/influxdb3";
import type { ResourcePermission } from "./permissions";

/**
 * Whether the token in state still works, as the last read saw it (BEHAVIOR.md D.12):
 * - `active`: the row exists with our id and hash prefix and is not expired;
 * - `expired`: the row is there but its expiry has passed (it keeps its name until deleted);
 * - `replaced`: the name now belongs to another token (re-created or regenerated out of band),
 *   so the secret in state is stale.
 */
export type TokenStatus = "active" | "expired" | "replaced";

/** Inputs of OperatorToken (`_admin`). */
export interface OperatorTokenInputs {
  connection?: Influxdb3ConnectionInput;
  /** Any value; changing it regenerates the secret in place (same id, new token, old one dead at once). */
  rotationTrigger?: string | number;
  /** Adopt a server that is already bootstrapped: the current operator token value (secret). */
  existingToken?: string;
}

export interface OperatorTokenOutputs extends OperatorTokenInputs {
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
}

/** Inputs shared by AdminToken and ResourceToken. */
export interface NamedTokenInputs {
  /** Explicit server-side name. Unset: autonamed `<resource name>-<suffix>`. */
  name?: string;
  /** Set by the SDK class to the Pulumi resource name; the prefix of the autoname. */
  autonamePrefix?: string;
  /** Filled in by `check` when `name` is unset; kept across updates, renewed on replacement. */
  autoName?: string;
  /** Duration (`90d`, `12h`, `1h30m`, `3600s`) or seconds; unset = never expires. Never 0. */
  expiresIn?: string | number;
  connection?: Influxdb3ConnectionInput;
}

export interface ResourceTokenInputs extends NamedTokenInputs {
  permissions: ResourcePermission[];
}

export interface NamedTokenOutputs extends NamedTokenInputs {
  /** The effective server-side name (also the Pulumi ID: DELETE takes a name, D.12). */
  tokenName: string;
  tokenId: number;
  token: string;
  hashPrefix: string;
  createdAt: string;
  /** Absolute expiry from the create response (RFC 3339); unset = never. */
  expiresAt?: string;
  status: TokenStatus;
}

export interface ResourceTokenOutputs extends NamedTokenOutputs {
  permissions: ResourcePermission[];
  /** The server's rendering from `system.tokens`, e.g. `db:sensors:read,write` (Enterprise). */
  permissionsText?: string;
}
