/** Wire shapes of the InfluxDB 3 management API database tokens (Clustered, Cloud Dedicated). */
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
  /** Only in the POST response: the token value is never shown again. */
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
