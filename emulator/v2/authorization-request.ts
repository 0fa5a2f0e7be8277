import { V2Error } from "./errors";
import { field, GoJsonError, isObject, jsonKind, parseGoJson, typeError } from "./go-json";
import { parseId } from "./ids";
import { isAction, isResourceType, type V2Permission } from "./permissions";

export interface PostAuthorizationRequest {
  status: string;
  orgID?: string;
  userID?: string;
  description: string;
  permissions: V2Permission[];
}

const S = "postAuthorizationRequest";

/**
 * Step 1-3 of POST (behaviour A.4): decode (400 `invalid json structure: …`), default status,
 * validate in the server's order. Unknown fields (`token`, `id`, a resource's `name`) are dropped:
 * the server's Resource has only type/id/orgID (behaviour A.4 item 8).
 */
export function decodePostAuthorization(body: Buffer): PostAuthorizationRequest {
  const req: PostAuthorizationRequest = { status: "", description: "", permissions: [] };
  try {
    decodeInto(req, parseGoJson(body.toString("utf8")));
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof V2Error)
      throw new V2Error("invalid", `invalid json structure: ${e.message}`);
    throw e;
  }
  if (req.status === "") req.status = "active";
  validate(req);
  return req;
}

function decodeInto(req: PostAuthorizationRequest, v: unknown): void {
  if (v === null) return;
  if (!isObject(v))
    throw new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type authorization.${S}`);
  // Go keeps decoding after a type error and reports the first one; ID errors abort immediately.
  let first: GoJsonError | undefined;
  const note = (e: GoJsonError) => {
    first ??= e;
  };
  const status = field(v, "status");
  if (typeof status === "string") req.status = status;
  else if (status !== undefined && status !== null) note(typeError(status, `${S}.status`, "influxdb.Status"));
  const orgID = field(v, "orgID");
  if (typeof orgID === "string") req.orgID = parseId(orgID);
  else if (orgID !== undefined && orgID !== null) note(typeError(orgID, `${S}.orgID`, "platform.ID"));
  const userID = field(v, "userID");
  if (typeof userID === "string") req.userID = parseId(userID);
  else if (userID !== undefined && userID !== null) note(typeError(userID, `${S}.userID`, "*platform.ID"));
  const description = field(v, "description");
  if (typeof description === "string") req.description = description;
  else if (description !== undefined && description !== null)
    note(typeError(description, `${S}.description`, "string"));
  const permissions = field(v, "permissions");
  if (Array.isArray(permissions)) {
    for (const p of permissions) {
      const decoded = decodePermission(p, note);
      if (decoded) req.permissions.push(decoded);
    }
  } else if (permissions !== undefined && permissions !== null) {
    note(typeError(permissions, `${S}.permissions`, "[]influxdb.Permission"));
  }
  if (first) throw first;
}

function decodePermission(p: unknown, note: (e: GoJsonError) => void): V2Permission | undefined {
  const out: V2Permission = { action: "", resource: { type: "" } };
  if (p === null) return out;
  if (!isObject(p)) {
    note(typeError(p, `${S}.permissions`, "influxdb.Permission"));
    return undefined;
  }
  const action = field(p, "action");
  if (typeof action === "string") out.action = action;
  else if (action !== undefined && action !== null)
    note(typeError(action, "Permission.permissions.action", "influxdb.Action"));
  const resource = field(p, "resource");
  if (isObject(resource)) {
    const type = field(resource, "type");
    if (typeof type === "string") out.resource.type = type;
    else if (type !== undefined && type !== null) {
      note(typeError(type, "Resource.permissions.resource.type", "influxdb.ResourceType"));
    }
    for (const key of ["id", "orgID"] as const) {
      const value = field(resource, key);
      if (typeof value === "string") out.resource[key] = parseId(value);
      else if (value !== undefined && value !== null) {
        note(typeError(value, `Resource.permissions.resource.${key}`, "*platform.ID"));
      }
    }
  } else if (resource !== undefined && resource !== null) {
    note(typeError(resource, "Permission.permissions.resource", "influxdb.Resource"));
  }
  return out;
}

function validate(req: PostAuthorizationRequest): void {
  if (req.permissions.length === 0) throw new V2Error("invalid", "authorization must include permissions");
  for (const p of req.permissions) {
    if (!isResourceType(p.resource.type)) {
      throw new V2Error(
        "invalid",
        "invalid resource type for permission: unknown resource type for permission",
      );
    }
    if (!isAction(p.action)) {
      throw new V2Error("invalid", "invalid action type for permission: unknown action for permission");
    }
  }
  if (req.orgID === undefined) throw new V2Error("invalid", "org id required: invalid ID");
  if (req.status !== "active" && req.status !== "inactive") {
    throw new V2Error("invalid", "invalid status: must be active or inactive");
  }
}

export interface AuthorizationUpdate {
  status?: string;
  description?: string;
}

/** PATCH body: any decode error is a raw Go error => 500 `internal error` (behaviour A.7 quirk). */
export function decodeAuthorizationUpdate(body: Buffer): AuthorizationUpdate {
  try {
    const v = parseGoJson(body.toString("utf8"));
    const upd: AuthorizationUpdate = {};
    if (v === null) return upd;
    if (!isObject(v)) {
      throw new GoJsonError(
        `json: cannot unmarshal ${jsonKind(v)} into Go value of type influxdb.AuthorizationUpdate`,
      );
    }
    const status = field(v, "status");
    if (typeof status === "string") upd.status = status;
    else if (status !== undefined && status !== null) {
      throw typeError(status, "AuthorizationUpdate.status", "influxdb.Status");
    }
    const description = field(v, "description");
    if (typeof description === "string") upd.description = description;
    else if (description !== undefined && description !== null) {
      throw typeError(description, "AuthorizationUpdate.description", "string");
    }
    return upd;
  } catch (e) {
    if (e instanceof GoJsonError) throw new V2Error("internal error", e.message);
    throw e;
  }
}
