import type { V2ConnectionInput } from "../../config";
import type { AuthorizationInputs } from "./schema";

/**
 * Provider-side (plain) Authorization inputs after validation: the schema's own type. A type-only
 * import: nothing here loads zod or the schema at run time.
 */
export type { AuthorizationInputs };

export type PermissionInput = AuthorizationInputs["permissions"][number];

/** What a permission applies to; `anyOrg`: every org, sent without orgID, never with orgId/org. */
export type ResourceInput = PermissionInput["resource"];

/** What the provider stores as outputs (state); every key the SDK class declares. */
export type AuthorizationOutputs = {
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
};

export interface GrantedPermission {
  action: "read" | "write";
  resource: { type: string; id?: string; orgId?: string; name?: string; org?: string };
}
