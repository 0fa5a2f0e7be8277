/**
 * `Authorization` header parsing of the InfluxDB 3 server (behaviour D.3): exactly
 * `<scheme> <token>` with one space; scheme `Bearer`, `Token` or `Basic`, case-sensitive. For
 * Basic, the token is the part after the `:` of `user:token`, and a second `:` is refused.
 */
export type ParsedAuth = { kind: "missing" } | { kind: "malformed" } | { kind: "token"; token: Buffer };

export const MALFORMED_AUTH_MESSAGE =
  "Authorization header was malformed, the request was not in the form of 'Authorization: <auth-scheme> <token>', supported auth-schemes are Bearer, Token and Basic";

export const UNAUTHENTICATED_MESSAGE = "the request was not authenticated";

export function parseAuthorizationHeader(header: string | undefined): ParsedAuth {
  if (header === undefined) return { kind: "missing" };
  const parts = header.split(" ");
  if (parts.length !== 2) return { kind: "malformed" };
  const [scheme, value] = parts as [string, string];
  if (scheme === "Bearer" || scheme === "Token") return { kind: "token", token: Buffer.from(value, "utf8") };
  if (scheme !== "Basic") return { kind: "malformed" };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return { kind: "malformed" };
  const decoded = Buffer.from(value, "base64");
  const colon = decoded.indexOf(":");
  if (colon < 0 || decoded.indexOf(":", colon + 1) >= 0) return { kind: "malformed" };
  return { kind: "token", token: decoded.subarray(colon + 1) };
}
