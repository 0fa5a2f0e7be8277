import { BodyError, text } from "./http-io";

/**
 * serde-style decoding of the token request bodies (behaviour D.5): 400 `serde json error: <msg>`.
 * The messages follow serde_json's wording; the `at line L column C` position is approximated as the
 * end of the body (see DIFFERENCES.md).
 */
function serdeError(message: string, body: string): BodyError {
  const lines = body.split("\n");
  const position = `at line ${lines.length} column ${(lines[lines.length - 1] ?? "").length}`;
  return new BodyError(text(400, `serde json error: ${message} ${position}`));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") {
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  }
  return Array.isArray(value) ? "sequence" : "map";
}

function parseObject(body: string, struct: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw serdeError(body.trim() === "" ? "EOF while parsing a value" : "expected value", body);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw serdeError(`invalid type: ${describe(value)}, expected struct ${struct}`, body);
  }
  return value as Record<string, unknown>;
}

function requiredString(obj: Record<string, unknown>, field: string, body: string): string {
  if (!(field in obj)) throw serdeError(`missing field \`${field}\``, body);
  const value = obj[field];
  if (typeof value !== "string")
    throw serdeError(`invalid type: ${describe(value)}, expected a string`, body);
  return value;
}

function stringList(obj: Record<string, unknown>, field: string, body: string): string[] {
  if (!(field in obj)) throw serdeError(`missing field \`${field}\``, body);
  const value = obj[field];
  if (!Array.isArray(value)) throw serdeError(`invalid type: ${describe(value)}, expected a sequence`, body);
  for (const item of value) {
    if (typeof item !== "string")
      throw serdeError(`invalid type: ${describe(item)}, expected a string`, body);
  }
  return value as string[];
}

/** `expiry_secs: u64 | null`, optional (behaviour D.5). Negative or fractional values are serde errors. */
function optionalU64(obj: Record<string, unknown>, field: string, body: string): number | null | undefined {
  if (!(field in obj)) return undefined;
  const value = obj[field];
  if (value === null) return null;
  if (typeof value === "number" && Number.isInteger(value)) {
    if (value < 0) throw serdeError(`invalid value: integer \`${value}\`, expected u64`, body);
    if (value >= 2 ** 64) throw serdeError("number out of range", body);
    return value;
  }
  throw serdeError(`invalid type: ${describe(value)}, expected u64`, body);
}

export interface NamedAdminRequest {
  token_name: string;
  /** undefined = absent, null = explicit null; both mean "never expires" (behaviour D.10). */
  expiry_secs: number | null | undefined;
}

export function parseNamedAdminRequest(body: string): NamedAdminRequest {
  const obj = parseObject(body, "CreateNamedAdminTokenRequest");
  return {
    token_name: requiredString(obj, "token_name", body),
    expiry_secs: optionalU64(obj, "expiry_secs", body),
  };
}

export interface ResourceTokenRequest extends NamedAdminRequest {
  permissions: Array<{ resource_type: string; resource_names: string[]; actions: string[] }>;
}

export function parseResourceTokenRequest(body: string): ResourceTokenRequest {
  const obj = parseObject(body, "CreateTokenWithPermissionsRequest");
  const token_name = requiredString(obj, "token_name", body);
  if (!("permissions" in obj)) throw serdeError("missing field `permissions`", body);
  const list = obj["permissions"];
  if (!Array.isArray(list)) throw serdeError(`invalid type: ${describe(list)}, expected a sequence`, body);
  const permissions = list.map((item: unknown) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw serdeError(`invalid type: ${describe(item)}, expected struct PermissionDetailsApi`, body);
    }
    const perm = item as Record<string, unknown>;
    return {
      resource_type: requiredString(perm, "resource_type", body),
      resource_names: stringList(perm, "resource_names", body),
      actions: stringList(perm, "actions", body),
    };
  });
  return { token_name, permissions, expiry_secs: optionalU64(obj, "expiry_secs", body) };
}
