import type { ManagementConnectionInput } from "../config";

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
}
