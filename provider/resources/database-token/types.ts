import type { ManagementConnectionInput } from "../../config";
import type { WaitForActivation } from "./activation/options";

export interface DatabaseTokenPermission {
  action: "read" | "write";
  /** A database name (1-64 chars) or "*" for all databases (BEHAVIOR.md B.2). */
  resource: string;
}

/** Provider-side (plain) DatabaseToken inputs after validation. */
export interface DatabaseTokenInputs {
  description: string;
  permissions?: DatabaseTokenPermission[];
  expiresAt?: string;
  connection?: ManagementConnectionInput;
  /** Take over this existing token at create instead of making one (provider/adopt). */
  adoptId?: string;
  /** The adopted token's value, when the user has it (the API never returns it again). */
  adoptedToken?: string;
  /** Replace the token on the first `up` after createdAt + this period, e.g. "90d" (provider/rotation). */
  rotateAfter?: string;
  /** Any value; changing it from one recorded value to another replaces the token. */
  rotationTrigger?: unknown;
  /** Hold `create` until the cluster accepts the new token (provider/activation). */
  waitForActivation?: boolean | WaitForActivation;
}

/** What the provider stores as outputs (state); every key the SDK class declares. */
export interface DatabaseTokenOutputs {
  description: string;
  permissions: DatabaseTokenPermission[];
  accessToken?: string;
  createdAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  /** Cloud Dedicated only. */
  accountId?: string;
  clusterId?: string;
  connection?: ManagementConnectionInput;
  /** True when `create` took over an existing token (`adoptId`). */
  adopted: boolean;
  /** False when `accessToken` is unknown: adopted without `adoptedToken`. */
  tokenKnown: boolean;
  rotateAfter?: string;
  rotationTrigger?: unknown;
  rotationDueAt?: string;
}
