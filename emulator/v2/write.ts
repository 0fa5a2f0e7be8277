import { gunzipSync } from "node:zlib";
import type { Reply, RequestContext } from "../http";
import type { DatabaseTokenRecord, Store } from "../store";
import type { V2Caller } from "./auth";
import { unauthorizedAccess, V2Error } from "./errors";
import { parseId } from "./ids";
import { lineProtocolErrors } from "./line-protocol";
import { allowed } from "./permissions";

const PRECISIONS = ["ns", "us", "ms", "s"];

/**
 * POST /api/v2/write?org=&bucket= (`http/write_handler.go`): it checks the token's write permission
 * on the bucket and answers 204; points are accepted and dropped. Its errors go through
 * `HandleHTTPError`, so they are compact JSON. Database tokens (InfluxDB 3 Clustered/Dedicated)
 * are accepted too, with `bucket` = database name (behaviour B.4).
 */
export function write(store: Store, now: Date, ctx: RequestContext, caller: V2Caller): Reply {
  const q = ctx.query;
  const precision = q.get("precision") || "ns";
  if (!PRECISIONS.includes(precision)) {
    throw new V2Error("invalid", "invalid precision; valid precision units are ns, us, ms, and s", true);
  }
  const bucketParam = q.get("bucket") ?? "";
  if (bucketParam === "") throw new V2Error("not found", "bucket not found", true);

  if (caller.kind === "database-token") {
    checkDatabaseToken(caller.token, bucketParam, now);
  } else {
    const orgID = findOrgId(store, q);
    const bucket = findBucket(store, orgID, bucketParam);
    if (caller.auth.status !== "active") {
      throw new V2Error("forbidden", "insufficient permissions for write: token is inactive", true);
    }
    const p = { action: "write", resource: { type: "buckets", id: bucket.id, orgID } };
    if (!allowed(caller.auth.permissions, p)) {
      throw new V2Error("forbidden", "insufficient permissions for write", true);
    }
  }
  // Parsing comes after the permission check, as in handleWrite.
  const errors = lineProtocolErrors(decodeBody(ctx));
  if (errors.length > 0) throw new V2Error("invalid", errors.join("\n"), true);
  return { status: 204 };
}

/** `queryOrganization`: `org` is an ID or a name, `orgID` must be an ID. */
function findOrgId(store: Store, q: URLSearchParams): string {
  let id: string | undefined;
  let name: string | undefined;
  const org = q.get("org");
  if (org) {
    try {
      id = parseId(org);
    } catch {
      name = org;
    }
  }
  const orgID = q.get("orgID");
  if (orgID) id = compact(() => parseId(orgID));
  if (id !== undefined) {
    if (!store.findOrg(id)) throw new V2Error("not found", "organization not found", true);
    return id;
  }
  if (name === undefined) throw new V2Error("invalid", "Please provide either orgID or org", true);
  const o = store.findOrgByName(name);
  if (!o) throw new V2Error("not found", `organization name "${name}" not found`, true);
  return o.id;
}

/** `findBucket`: an ID-looking value is tried as an ID first, then as a name. */
function findBucket(store: Store, orgID: string, bucket: string) {
  try {
    const id = parseId(bucket);
    const b = store.findBucket(id);
    if (b && b.orgID === orgID) return b;
  } catch {
    // not an ID: look it up by name
  }
  const b = store.data.buckets.find((x) => x.orgID === orgID && x.name === bucket);
  if (!b) throw new V2Error("not found", `bucket "${bucket}" not found`, true);
  return b;
}

/**
 * A database token works only once active (creation + activation delay), before `expiresAt`,
 * and while not revoked; otherwise 401, like a token the cluster has not synchronized yet.
 * It needs `write` on the database or on `*`.
 */
function checkDatabaseToken(t: DatabaseTokenRecord, database: string, now: Date): void {
  const nowMs = now.getTime();
  if (t.revokedAt !== undefined) throw unauthorizedAccess();
  if (Date.parse(t.activeAt) > nowMs) throw unauthorizedAccess();
  if (t.expiresAt !== undefined && Date.parse(t.expiresAt) <= nowMs) throw unauthorizedAccess();
  const ok = t.permissions.some(
    (p) => p.action === "write" && (p.resource === database || p.resource === "*"),
  );
  if (!ok) throw new V2Error("forbidden", "insufficient permissions for write", true);
}

/** `Content-Encoding: gzip` bodies are accepted, as `points.BatchReadCloser` does. */
function decodeBody(ctx: RequestContext): string {
  if ((ctx.headers["content-encoding"] ?? "").toLowerCase() !== "gzip") return ctx.body.toString("utf8");
  try {
    return gunzipSync(ctx.body).toString("utf8");
  } catch {
    throw new V2Error("invalid", "gzip: invalid header", true);
  }
}

function compact<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof V2Error) throw new V2Error(e.code, e.message, true);
    throw e;
  }
}
