/**
 * What the look-ups return: plain data, never a token value (the API's `token`/`accessToken` is
 * dropped before anything leaves this folder).
 */
export interface AuthorizationPermissionSummary {
  action: "read" | "write";
  resource: {
    type: string;
    id?: string;
    orgId?: string;
    /** Filled by the server for buckets, orgs and users with an ID (behaviour A.2). */
    name?: string;
    /** Org name, filled by the server when orgId is set. */
    org?: string;
  };
}

export interface AuthorizationSummary {
  id: string;
  status: "active" | "inactive";
  description: string;
  orgId: string;
  org?: string;
  userId?: string;
  user?: string;
  permissions: AuthorizationPermissionSummary[];
  createdAt?: string;
  updatedAt?: string;
}

export interface DatabaseTokenSummary {
  id: string;
  description: string;
  permissions: Array<{ action: string; resource: string }>;
  createdAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  /** True when neither revoked nor past `expiresAt`. */
  active: boolean;
  /** Cloud Dedicated only. */
  accountId?: string;
  clusterId?: string;
}

/** A description filter: a substring (case-sensitive) or a regular expression. */
export type TextMatcher = string | RegExp;
