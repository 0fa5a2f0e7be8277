import type { Reply, RequestContext } from "../http";
import type { AuthRecord, Bucket, Org } from "../store";
import { canDo, requirePermission } from "./auth";
import type { V2Deps } from "./context";
import { V2Error, v2Json } from "./errors";
import { parseId } from "./ids";

/** The lookups a provider needs around tokens (behaviour A.11): orgs and buckets (users: users.ts). */

export interface FindOptions {
  limit: number;
  offset: number;
  descending: boolean;
  /** Parsed `after` (only the users list pages by it; orgs and buckets ignore it here). */
  after?: string;
}

/** `influxdb.DecodeFindOptions`: default limit 20, 1..100. */
export function findOptions(q: URLSearchParams): FindOptions {
  const opts: FindOptions = { limit: 20, offset: 0, descending: false };
  const offset = q.get("offset");
  if (offset) {
    if (!/^[+-]?\d+$/.test(offset)) throw new V2Error("invalid", "offset is invalid");
    opts.offset = Number(offset);
  }
  const after = q.get("after");
  if (after) {
    try {
      opts.after = parseId(after);
    } catch (e) {
      throw new V2Error("invalid", `decoding after: ${(e as Error).message}`);
    }
  }
  const limit = q.get("limit");
  if (limit) {
    if (!/^[+-]?\d+$/.test(limit)) throw new V2Error("invalid", "limit is invalid");
    const l = Number(limit);
    if (l < 1 || l > 100) throw new V2Error("invalid", "limit must be between 1 and 100");
    opts.limit = l;
  }
  const descending = q.get("descending");
  if (descending) {
    const v = {
      "1": true,
      t: true,
      T: true,
      TRUE: true,
      true: true,
      True: true,
      "0": false,
      f: false,
      F: false,
      FALSE: false,
      false: false,
      False: false,
    }[descending];
    if (v === undefined) throw new V2Error("invalid", "descending is invalid");
    opts.descending = v;
  }
  return opts;
}

export function page<T>(items: T[], opts: FindOptions): T[] {
  const ordered = opts.descending ? [...items].reverse() : items;
  return ordered.slice(Math.max(0, opts.offset), Math.max(0, opts.offset) + opts.limit);
}

function orgResponse(o: Org) {
  return {
    // Go marshals a map[string]string with its keys sorted.
    links: {
      buckets: `/api/v2/buckets?org=${o.name}`,
      dashboards: `/api/v2/dashboards?org=${o.name}`,
      labels: `/api/v2/orgs/${o.id}/labels`,
      logs: `/api/v2/orgs/${o.id}/logs`,
      members: `/api/v2/orgs/${o.id}/members`,
      owners: `/api/v2/orgs/${o.id}/owners`,
      secrets: `/api/v2/orgs/${o.id}/secrets`,
      self: `/api/v2/orgs/${o.id}`,
      tasks: `/api/v2/tasks?org=${o.name}`,
    },
    id: o.id,
    name: o.name,
    description: o.description,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

const readOrg = (caller: AuthRecord, o: Org) =>
  canDo(caller, { action: "read", resource: { type: "orgs", id: o.id } });

/** GET /api/v2/orgs: unknown name => 404; readable filter; malformed orgID/userID ignored. */
export function listOrgs(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const q = ctx.query;
  const opts = findOptions(q);
  const name = q.get("org") || undefined;
  const orgID = tryId(q.get("orgID"));
  const userID = tryId(q.get("userID"));
  let orgs: Org[];
  if (orgID !== undefined) {
    const o = store.findOrg(orgID);
    if (!o) throw new V2Error("not found", "organization not found");
    orgs = [o];
  } else if (name !== undefined) {
    const o = store.findOrgByName(name);
    if (!o) throw new V2Error("not found", `organization name "${name}" not found`);
    orgs = [o];
  } else {
    // `userID`: the orgs the user is a member or an owner of (its user-resource mappings).
    const member = (o: Org) =>
      (store.data.orgMembers ?? []).some((m) => m.orgID === o.id && m.userID === userID);
    orgs = page(userID === undefined ? store.data.orgs : store.data.orgs.filter(member), opts);
  }
  return v2Json(200, {
    links: { self: "/api/v2/orgs" },
    orgs: orgs.filter((o) => readOrg(caller, o)).map(orgResponse),
  });
}

export function getOrg(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const id = parseId(ctx.params["orgID"] ?? "");
  const o = deps.store.findOrg(id);
  if (!o) throw new V2Error("not found", "organization not found");
  requirePermission(caller, { action: "read", resource: { type: "orgs", id: o.id } });
  return v2Json(200, orgResponse(o));
}

function bucketResponse(b: Bucket) {
  const retentionRules =
    b.retentionSeconds > 0 || b.shardGroupSeconds > 0
      ? [{ type: "expire", everySeconds: b.retentionSeconds, shardGroupDurationSeconds: b.shardGroupSeconds }]
      : [];
  return {
    id: b.id,
    orgID: b.orgID,
    type: b.type,
    ...(b.description ? { description: b.description } : {}),
    name: b.name,
    retentionRules,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    links: {
      labels: `/api/v2/buckets/${b.id}/labels`,
      members: `/api/v2/buckets/${b.id}/members`,
      org: `/api/v2/orgs/${b.orgID}`,
      owners: `/api/v2/buckets/${b.id}/owners`,
      self: `/api/v2/buckets/${b.id}`,
      write: `/api/v2/write?org=${b.orgID}&bucket=${b.id}`,
    },
    labels: [],
  };
}

/** System buckets need read on the org, user buckets read on the bucket (`AuthorizeReadBucket`). */
const readBucket = (caller: AuthRecord, b: Bucket) =>
  b.type === "system"
    ? canDo(caller, { action: "read", resource: { type: "orgs", id: b.orgID } })
    : canDo(caller, { action: "read", resource: { type: "buckets", id: b.id, orgID: b.orgID } });

/** GET /api/v2/buckets: name+org is an exact lookup (404 `bucket "<name>" not found`). */
export function listBuckets(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const { store } = deps;
  const q = ctx.query;
  const opts = findOptions(q);
  let orgID = q.get("orgID") ? parseId(q.get("orgID") as string) : undefined;
  const orgName = q.get("org") || undefined;
  const name = q.get("name") || undefined;
  const id = q.get("id") ? parseId(q.get("id") as string) : undefined;
  let buckets: Bucket[];
  if (id !== undefined) {
    const b = store.findBucket(id);
    if (!b) throw new V2Error("not found", "bucket not found");
    buckets = [b];
  } else {
    if (orgID === undefined && orgName !== undefined) {
      const o = store.findOrgByName(orgName);
      if (!o) throw new V2Error("not found", `organization name "${orgName}" not found`);
      orgID = o.id;
    }
    if (name !== undefined && orgID !== undefined) {
      const b = store.data.buckets.find((x) => x.orgID === orgID && x.name === name);
      if (!b) throw new V2Error("not found", `bucket "${name}" not found`);
      buckets = [b];
    } else {
      const matching = store.data.buckets.filter(
        (b) => (orgID === undefined || b.orgID === orgID) && (name === undefined || b.name === name),
      );
      // With an org, the store walks its org+name index; otherwise the ID index.
      const sorted = [...matching].sort((a, b) =>
        orgID !== undefined ? cmp(a.name, b.name) : cmp(a.id, b.id),
      );
      buckets = page(sorted, opts);
    }
  }
  const visible = buckets.filter((b) => readBucket(caller, b));
  return v2Json(200, {
    links: pagingLinks("/api/v2/buckets", q, opts, visible.length),
    buckets: visible.map(bucketResponse),
  });
}

export function getBucket(deps: V2Deps, ctx: RequestContext, caller: AuthRecord): Reply {
  const id = parseId(ctx.params["bucketID"] ?? "");
  const b = deps.store.findBucket(id);
  if (!b) throw new V2Error("not found", "bucket not found");
  if (b.type === "system")
    requirePermission(caller, { action: "read", resource: { type: "orgs", id: b.orgID } });
  else requirePermission(caller, { action: "read", resource: { type: "buckets", id: b.id, orgID: b.orgID } });
  return v2Json(200, bucketResponse(b));
}

/**
 * `influxdb.NewPagingLinks`: the filter's query params (`name` is spelled `bucket` there) and the
 * paging params, sorted by key as Go's url.Values.Encode does; `next` when the page is full,
 * `prev` when offset > 0. Field order is the PagingLinks struct's: prev, self, next.
 */
function pagingLinks(base: string, q: URLSearchParams, opts: FindOptions, count: number) {
  const values = new URLSearchParams();
  const filter: [string, string][] = [
    ["id", "id"],
    ["name", "bucket"],
    ["orgID", "orgID"],
    ["org", "org"],
  ];
  for (const [param, key] of filter) {
    const v = q.get(param);
    if (v) values.append(key, v);
  }
  values.append("descending", String(opts.descending));
  values.append("offset", String(opts.offset));
  values.append("limit", String(opts.limit));
  const after = q.get("after");
  if (after) values.append("after", after);
  const sortBy = q.get("sortBy");
  if (sortBy) values.append("sortBy", sortBy);
  values.sort();
  const at = (offset: number) => {
    const v = new URLSearchParams(values);
    v.set("offset", String(offset));
    v.sort();
    return `${base}?${v.toString()}`;
  };
  const self = `${base}?${values.toString()}`;
  const prev = opts.offset > 0 ? at(Math.max(0, opts.offset - opts.limit)) : undefined;
  const next = count >= opts.limit ? at(opts.offset + opts.limit) : undefined;
  return { ...(prev !== undefined ? { prev } : {}), self, ...(next !== undefined ? { next } : {}) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tryId(s: string | null): string | undefined {
  if (!s) return undefined;
  try {
    return parseId(s);
  } catch {
    return undefined;
  }
}
