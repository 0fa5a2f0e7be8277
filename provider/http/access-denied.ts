/**
 * 401/403 messages that say which credential was used (by the name of its setting, never its
 * value) and which permission the server says is missing, so the fix is clear without a debugger.
 *
 * The v2 server's texts (mirrored by emulator/v2/auth.ts): `unauthorized access` (unknown token),
 * `token is inactive`, `User is inactive` (403), `<action>:<resource> is unauthorized` (the
 * credential lacks that permission), `permission <p> is not allowed: ...` (403: a token may not
 * grant more than its creator holds). The management API only says `forbidden`.
 */
export function describeAccessDenied(status: number, message: string, credentialName?: string): string {
  const used = `Credential used: ${credentialName ?? "the configured API credential"}; its value is never shown`;
  const missing = /(?:^|\s)((?:read|write):\S+) is unauthorized/.exec(message)?.[1];
  const notGrantable = /permission (\S+) is not allowed/.exec(message)?.[1];
  if (notGrantable !== undefined) {
    return `${used}; it does not hold ${notGrantable} itself, so it cannot grant it: use a credential holding every permission it grants`;
  }
  if (missing !== undefined) return `${used}; it lacks the permission ${missing}`;
  if (/unauthorized access/i.test(message)) {
    return `${used}; the server does not know it (mistyped, deleted or from another instance?)`;
  }
  if (/inactive/i.test(message)) return `${used}; it, or its user, is inactive`;
  return status === 401
    ? `${used}; the server did not accept it`
    : `${used}; the server did not name the missing permission (the credential needs the right to manage tokens)`;
}
