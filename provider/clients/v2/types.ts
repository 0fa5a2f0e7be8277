/** Wire shapes of the v2 authorization API (`/api/v2/authorizations` in the v2 OpenAPI spec). */
export interface V2Resource {
  type: string;
  id?: string;
  orgID?: string;
  /** Filled by the server for buckets/orgs/users with an id; a name sent on POST is dropped. */
  name?: string;
  /** Org name, filled by the server when orgID is set. */
  org?: string;
}

export interface V2Permission {
  action: "read" | "write";
  resource: V2Resource;
}

export interface V2Authorization {
  id: string;
  /** Plain on POST; "" (hashed, OSS 2.9+) or "redacted" (Cloud) or plain on GET/PATCH. */
  token?: string;
  status: "active" | "inactive";
  description?: string;
  orgID: string;
  org?: string;
  userID?: string;
  user?: string;
  permissions: V2Permission[];
  createdAt?: string;
  updatedAt?: string;
}

export interface V2AuthorizationPost {
  orgID: string;
  userID?: string;
  description?: string;
  status?: "active" | "inactive";
  permissions: Array<{ action: "read" | "write"; resource: { type: string; id?: string; orgID?: string } }>;
}

export interface V2AuthorizationPatch {
  status?: "active" | "inactive";
  description?: string;
}

/** Wire shapes of the v2 users API (`/api/v2/users`, `/api/v2/orgs/{id}/members`; behaviour E.1 – E.3). */
export interface V2User {
  id: string;
  name: string;
  /** `active` or `inactive`; POST stores any text, PATCH accepts only these two (behaviour E.1). */
  status: string;
}

export interface V2UserPatch {
  name?: string;
  status?: "active" | "inactive";
}

/** What a delete refusal names about a token of the user (never its value). */
export interface V2TokenSummary {
  id: string;
  description: string;
  orgID?: string;
}
