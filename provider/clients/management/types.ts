/** Wire shapes of the InfluxDB 3 management API database tokens (BEHAVIOR.md B.2, B.3). */
export interface ManagementPermission {
  action: string;
  /** A database name or "*" for all databases. */
  resource: string;
}

export interface ManagementToken {
  id: string;
  description: string;
  permissions: ManagementPermission[];
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  /** Only in the POST response (B.2). */
  accessToken?: string;
  /** Cloud Dedicated only. */
  accountId?: string;
  clusterId?: string;
}

export interface ManagementTokenPost {
  description: string;
  permissions: ManagementPermission[];
  expiresAt?: string;
}

export interface ManagementTokenPatch {
  description?: string;
  permissions?: ManagementPermission[];
}
