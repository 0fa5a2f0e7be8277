import type { DatabasePermission } from "../store";
import { badRequest } from "./errors";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `accountId`, `clusterId`, `tokenId` are UUIDs in both specs (behaviour B.1). */
export function parseUuid(value: string, what: string): string {
  if (!UUID.test(value))
    throw badRequest(`invalid ${what}: must be a UUID, e.g. 11111111-1111-4111-8111-111111111111`);
  return value.toLowerCase();
}

export function parseBody(body: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("request body must be a JSON object");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw badRequest("request body must be a JSON object");
  return v as Record<string, unknown>;
}

export function parseDescription(v: unknown): string {
  if (typeof v !== "string") throw badRequest("description must be a string");
  return v;
}

/** `action` read|write; `resource` a database name of 1-64 chars or `*` (behaviour B.2). */
export function parsePermissions(v: unknown): DatabasePermission[] {
  if (!Array.isArray(v)) throw badRequest("permissions must be an array of {action, resource}");
  return v.map((p, i) => {
    if (typeof p !== "object" || p === null || Array.isArray(p))
      throw badRequest(`permissions[${i}] must be an object`);
    const { action, resource } = p as Record<string, unknown>;
    if (action !== "read" && action !== "write")
      throw badRequest(`permissions[${i}].action must be "read" or "write"`);
    if (typeof resource !== "string" || resource.length < 1 || resource.length > 64) {
      throw badRequest(`permissions[${i}].resource must be a database name of 1 to 64 characters, or "*"`);
    }
    return { action, resource };
  });
}

/** RFC 3339 date-time, normalised to the ISO form the API answers with. */
export function parseExpiresAt(v: unknown): string {
  if (typeof v !== "string" || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw badRequest("expiresAt must be an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z");
  }
  return new Date(Date.parse(v)).toISOString();
}
