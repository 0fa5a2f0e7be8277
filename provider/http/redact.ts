/**
 * Removes credentials and token values from text that may reach a log, an error message or
 * Pulumi's diagnostics: no secret may reach a log or an error message.
 *
 * Two layers: the exact values we know (the credential used for the request, token values seen in
 * responses) and patterns for token-shaped strings we may not know (an echoed header, a v2 token
 * of 88 base64 chars, a management `apiv1_` token, an InfluxDB 3 `apiv3_` token).
 *
 * Token IDs are not secrets and stay readable: a notice such as "deleted token 0a1b2c3d4e5f6071"
 * is useless if the ID is hidden. v2 authorization IDs are 16 hex chars, management token IDs are
 * UUIDs, InfluxDB 3 token IDs are integers and its token names are chosen by the user; none of
 * them can be told apart from an arbitrary credential by shape alone, so prose ("token <id or
 * name>") is left alone and only a header's spelling or a known token format is redacted.
 */
export const REDACTED = "[REDACTED]";

/** A v2 ID (16 hex), a UUID or an integer: what a notice names, never a credential. */
const IDENTIFIER = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|\d+)$/;

/** Text matched by a pattern, and what it becomes. */
type Rule = [RegExp, (match: string, ...groups: string[]) => string];

/** "Token 0a1b2c3d4e5f6071:" names a token; trailing punctuation belongs to the sentence. */
function schemeValue(scheme: string, value: string, keepIds: boolean): string {
  if (keepIds && IDENTIFIER.test(value.replace(/[.:)!?]+$/, ""))) return `${scheme}${value}`;
  return `${scheme}${REDACTED}`;
}

const RULES: Rule[] = [
  // An echoed header, in any case (HTTP/2 and many proxies lower-case header names): whatever
  // follows the scheme is the credential, even when it looks like an ID.
  [
    /\b(authorization["']?\s*[:=]\s*["']?(?:token|bearer)\s+)([^\s"',;]+)/gi,
    (_match, scheme = "") => `${scheme}${REDACTED}`,
  ],
  // "Token abc", "Bearer abc" standing alone: the header's capitalised spelling. An ID right after
  // "Token" is prose ("Token 0a1b2c3d4e5f6071 was deleted") and stays.
  [
    /\b(Token\s+|Bearer\s+)([^\s"',;]+)/g,
    (_match, scheme = "", value = "") => schemeValue(scheme, value, scheme.startsWith("Token")),
  ],
  // Lower-case "bearer" before a credential-looking value (16+ chars). Lower-case "token" is not
  // matched at all: InfluxDB 3 says "cannot parse token permission" and "token name already
  // exists", and notices say "deleted token <id>" or "token <name>", which must stay readable.
  [/\b(bearer\s+)([A-Za-z0-9_\-.~+/=:]{16,})/g, (_match, scheme = "") => `${scheme}${REDACTED}`],
  // InfluxDB v2 tokens: 64 random bytes, URL-safe base64 with padding = 88 chars.
  [/[A-Za-z0-9_-]{86}==/g, () => REDACTED],
  // Management API access tokens (the API's documented example: `apiv1_` + 64 chars).
  [/\bapiv1_[A-Za-z0-9_-]{16,}/g, () => REDACTED],
  // InfluxDB 3 Core/Enterprise tokens: `apiv3_` + base64.
  [/\bapiv3_[A-Za-z0-9_+/=-]{16,}/g, () => REDACTED],
];

/**
 * Token fields of an echoed JSON body or query string (`"token":"…"`, `"accessToken": "…"`,
 * `token=…`), whatever their value looks like: a field named token holds one.
 */
const FIELDS =
  /("(?:token|accessToken|access_token|password)"\s*:\s*")((?:[^"\\]|\\.)+)(")|\b((?:token|access_token)=)([^&\s"']+)/gi;

/** Replaces every known secret value and every token-shaped string in `text`. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  // Longest first, so a secret containing another one is replaced whole. Values shorter than
  // 4 chars would mangle ordinary words and cannot be credentials worth hiding.
  const known = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  for (const secret of known) out = out.split(secret).join(REDACTED);
  out = out.replace(FIELDS, (_match, open?: string, _value?: string, close?: string, key?: string) =>
    open !== undefined ? `${open}${REDACTED}${close}` : `${key}${REDACTED}`,
  );
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace);
  return out;
}
