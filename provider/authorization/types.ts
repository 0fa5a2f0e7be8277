import type { V2ConnectionInput } from "../config";
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
}

export interface GrantedPermission {
  action: "read" | "write";
  resource: { type: string; id?: string; orgId?: string; name?: string; org?: string };
}
