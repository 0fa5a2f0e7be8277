/**
 * Removes credentials and token values from text that may reach a log, an error message or
 * Pulumi's diagnostics (issue 4: "no secrets in logs or error messages").
 *
 * Two layers: the exact values we know (the credential used for the request, token values seen in
 * responses) and patterns for token-shaped strings we may not know (an echoed header, a v2 token
 * of 88 base64 chars (BEHAVIOR.md A.3), a management `apiv1_` token (B.2)).
 */
export const REDACTED = "[REDACTED]";

const PATTERNS: RegExp[] = [
  // "Authorization: Token abc", "Bearer abc" echoed in a message: the header's spelling.
  /\b(Token|Bearer)\s+[^\s"',;]+/g,
  // In lower case only when what follows looks like a credential (16+ chars): InfluxDB 3 says
  // "cannot parse token permission" and "token name already exists", which must stay readable.
  /\b(token|bearer)\s+[A-Za-z0-9_\-.~+/=:]{16,}/g,
  // InfluxDB v2 tokens: 64 random bytes, URL-safe base64 with padding = 88 chars (A.3).
  /[A-Za-z0-9_-]{86}==/g,
  // Management API access tokens (B.2 example `apiv1_` + 64 chars).
  /\bapiv1_[A-Za-z0-9_-]{16,}/g,
  // InfluxDB 3 Core/Enterprise tokens (BEHAVIOR.md D.4: `apiv3_` + base64).
  /\bapiv3_[A-Za-z0-9_+/=-]{16,}/g,
];

/**
 * Token fields of an echoed JSON body or query string (`"token":"…"`, `"accessToken": "…"`,
 * `token=…`), whatever their value looks like (issue 6: token fields are redacted).
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
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, scheme: string | undefined) =>
      typeof scheme === "string" && /^(token|bearer)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  }
  return out;
}
