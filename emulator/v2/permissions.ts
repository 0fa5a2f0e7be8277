/**
 * The InfluxDB v2 permission model, as the OSS server implements it (behaviour A.9, behaviour A.10;
 * influxdb `authz.go`).
 */
export interface V2Resource {
  type: string;
  id?: string;
  orgID?: string;
}
export interface V2Permission {
  action: string;
  resource: V2Resource;
}

/** The 23 resource types OSS accepts, in the server's order (`AllResourceTypes`). */
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

export const ACTIONS = ["read", "write"] as const;

export function isResourceType(t: unknown): boolean {
  return typeof t === "string" && (RESOURCE_TYPES as readonly string[]).includes(t);
}
export function isAction(a: unknown): boolean {
  return a === "read" || a === "write";
}

/** Operator token: every type except `instance`, both actions, no org or id (`OperPermissions`). */
export const OPERATOR_PERMISSIONS: readonly V2Permission[] = RESOURCE_TYPES.filter(
  (t) => t !== "instance",
).flatMap((type) => ACTIONS.map((action) => ({ action, resource: { type } })));

/** `matchesV1`: does held permission `p` grant requested permission `r`? (behaviour A.10) */
export function matches(p: V2Permission, r: V2Permission): boolean {
  if (p.action !== r.action) return false;
  if (p.resource.type === "instance") return true;
  if (p.resource.type !== r.resource.type) return false;
  if (p.resource.orgID === undefined && p.resource.id === undefined) return true;
  if (
    p.resource.orgID !== undefined &&
    p.resource.id === undefined &&
    r.resource.orgID === p.resource.orgID
  ) {
    return true;
  }
  return p.resource.id !== undefined && r.resource.id === p.resource.id;
}

export function allowed(held: readonly V2Permission[], requested: V2Permission): boolean {
  return held.some((p) => matches(p, requested));
}

/** `Permission.String()`: `<action>:orgs/<org>/<type>/<id>` and the shorter forms. */
export function permissionString(p: V2Permission): string {
  const { type, id, orgID } = p.resource;
  let res: string;
  if (orgID !== undefined && id !== undefined) res = `orgs/${orgID}/${type}/${id}`;
  else if (orgID !== undefined) res = `orgs/${orgID}/${type}`;
  else if (id !== undefined) res = `${type}/${id}`;
  else res = type;
  return `${p.action}:${res}`;
}
