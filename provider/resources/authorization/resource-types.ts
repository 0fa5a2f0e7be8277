/**
 * Resource types the InfluxDB OSS v2 server accepts (behaviour A.9, authz.go `ResourceType.Valid`).
 * The spec's extra `flows`, `functions`, `subscriptions` are rejected by OSS with 400, so check
 * refuses them too rather than fail at create time.
 */
export const RESOURCE_TYPES = [
  "authorizations",
  "buckets",
  "dashboards",
  "orgs",
  "sources",
  "tasks",
  "telegrafs",
  "users",
  "variables",
  "scrapers",
  "secrets",
  "labels",
  "views",
  "documents",
  "notificationRules",
  "notificationEndpoints",
  "checks",
  "dbrp",
  "notebooks",
  "annotations",
  "remotes",
  "replications",
  "instance",
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * The types a new token can hold: all but `instance`, which stays in RESOURCE_TYPES because tokens
 * read from a server (look-ups, `Authorization.get`) may hold it, while the server refuses it in
 * every token it creates (docs/behaviour/input-rules.md). The SDK's `AuthorizationResourceType` is
 * generated from this list.
 */
export type GrantableType = Exclude<ResourceType, "instance">;
export const GRANTABLE_TYPES: readonly GrantableType[] = RESOURCE_TYPES.filter(
  (type): type is GrantableType => type !== "instance",
);

/** Types whose `name` the provider can resolve to an ID (the lookups of A.11). */
export const NAMED_TYPES = ["buckets", "orgs", "users"] as const;
