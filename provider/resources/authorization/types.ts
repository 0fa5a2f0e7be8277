import type { V2ConnectionInput } from "../../config";
import type { ResourceType } from "./resource-types";

/** Provider-side (plain) Authorization inputs after validation. */
export interface AuthorizationInputs {
  org?: string;
  orgId?: string;
  user?: string;
  userId?: string;
  description?: string;
  status?: "active" | "inactive";
  permissions: PermissionInput[];
  connection?: V2ConnectionInput;
  /** Take over this existing authorization at create instead of making one (provider/adopt). */
  adoptId?: string;
  /** The adopted token's value, when the user has it (the API never returns it again). */
  adoptedToken?: string;
  /** Replace the token on the first `up` after createdAt + this period, e.g. "90d" (provider/rotation). */
  rotateAfter?: string;
  /** Any value; changing it from one recorded value to another replaces the token. */
  rotationTrigger?: unknown;
}

export interface PermissionInput {
  action: "read" | "write";
  resource: ResourceInput;
}

export interface ResourceInput {
  type: ResourceType;
  id?: string;
  name?: string;
  orgId?: string;
  org?: string;
  /** Every org: sent without orgID (operator-style); never combined with orgId/org. */
  anyOrg?: true;
}

/** What the provider stores as outputs (state); every key the SDK class declares. */
export interface AuthorizationOutputs {
  orgId: string;
  org?: string;
  userId?: string;
  user?: string;
  description: string;
  status: "active" | "inactive";
  /** Normalized input permissions: sorted, without duplicates. */
  permissions: PermissionInput[];
  /** The permissions as the server stores them, names resolved to IDs (what the token can do). */
  grantedPermissions: GrantedPermission[];
  token?: string;
  createdAt?: string;
  updatedAt?: string;
  connection?: V2ConnectionInput;
  /** True when `create` took over an existing token (`adoptId`) instead of making one. */
  adopted: boolean;
  /** False when `token` is unknown: an adopted token whose value was not given as `adoptedToken`. */
  tokenKnown: boolean;
  rotateAfter?: string;
  rotationTrigger?: unknown;
  /** createdAt + rotateAfter: the first `up` from then on replaces the token. */
  rotationDueAt?: string;
}

export interface GrantedPermission {
  action: "read" | "write";
  resource: { type: string; id?: string; orgId?: string; name?: string; org?: string };
}
