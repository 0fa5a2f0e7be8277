import { scanFirstValue } from "./go-json-scanner";

/**
 * Decoding JSON the way the v2 server's Go `encoding/json` does, close enough that the error texts
 * the server wraps (`invalid json structure: <msg>`, PATCH's raw 500) match in the common cases:
 * empty body => `EOF`, truncated => `unexpected EOF`, wrong type =>
 * `json: cannot unmarshal <kind> into Go struct field <Struct>.<path> of type <type>`.
 * Go matches object keys case-insensitively, so we do too. See emulator/DIFFERENCES.md for the rest.
 */
export class GoJsonError extends Error {}

export function parseGoJson(text: string): unknown {
  if (text.trim() === "") throw new GoJsonError("EOF");
  try {
    return JSON.parse(text);
  } catch {
    const scan = scanFirstValue(text);
    if (scan.error !== undefined) throw new GoJsonError(scan.error);
    // The first value is well formed: Go's Decoder reads it and leaves the rest unread.
    return JSON.parse(text.slice(0, scan.end));
  }
}

export function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/** The value of `name` in `obj`: exact key first, else the last case-insensitive match (Go's rule). */
export function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  let found: unknown;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) found = v;
  return found;
}

export function typeError(v: unknown, path: string, goType: string): GoJsonError {
  return new GoJsonError(
    `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type ${goType}`,
  );
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
