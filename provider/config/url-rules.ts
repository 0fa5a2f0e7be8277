/**
 * What makes a server URL unusable, shared by the resource inputs (checked at preview) and the
 * stack settings / environment variables (checked at preview and again when read). Free of zod:
 * the settings are read by processes that never validate inputs.
 *
 * A URL may hold a credential (`http://user:password@host`). Such a value is stored in state,
 * shown by `preview --diff` and printed in log lines, and no message may repeat it: the reasons
 * below never contain the value or any part of it (docs/behaviour/input-rules.md).
 */
export type UrlProblem = "not-a-url" | "not-http" | "no-scheme" | "user-info" | "maybe-user-info";

/** The problem with `value` as a server base URL, or undefined when it is fine. */
export function urlProblem(value: string): UrlProblem | undefined {
  // `localhost:8086` parses as the scheme "localhost:", `127.0.0.1:8086` not at all: both are a
  // host and port whose scheme was left out, which deserves its own fix.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && value.trim() !== "") {
    try {
      const withScheme = new URL(`http://${value}`);
      if (withScheme.username !== "" || withScheme.password !== "") return "user-info";
      if (withScheme.host !== "" && !/\s/.test(value)) return "no-scheme";
    } catch {
      // Not a host either: judged below as it is.
    }
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // An "@" before the path: probably user info the parser could not take (e.g. a space in it).
    return /^[^/?#]*\/\/[^/?#]*@/.test(value) ? "maybe-user-info" : "not-a-url";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "not-http";
  if (parsed.username !== "" || parsed.password !== "") return "user-info";
  return undefined;
}

/** The usual fix for user info: where the credential belongs instead (`connection.token`, ...). */
export function credentialIn(where: string): string {
  return `put the credential in ${where}, not in the URL`;
}

/**
 * The reason for `problem`; `fix` says what to do with user info (usually `credentialIn(...)`),
 * `example` is a well-formed URL.
 */
export function urlReason(problem: UrlProblem, fix: string, example: string): string {
  switch (problem) {
    case "user-info":
      return (
        `must not hold credentials (a user name or password: "user:password@" or "user@" before the host): ${fix} ` +
        "(the value is not repeated here)"
      );
    case "maybe-user-info":
      return (
        `is not a URL, and its "@" suggests credentials (a user name or password), which a URL here must not hold: ${fix} ` +
        "(the value is not repeated here)"
      );
    case "not-http":
      return `must start with http:// or https://; give e.g. ${example}`;
    case "no-scheme":
      return (
        "has no scheme: start it with http:// (or https:// for a TLS server), e.g. " +
        `${example} (the value is not repeated here)`
      );
    case "not-a-url":
      return `is not a URL (the value is not repeated here); give e.g. ${example}`;
  }
}

/**
 * The API prefix a client adds to each URL setting's base (`/api/v0/tokens` on the management
 * URL): a base that already ends in it sends every request to `/api/v0/api/v0/...`, which the
 * server answers with a bare 404.
 */
export function apiPrefixReason(value: string, prefix: string, example: string): string | undefined {
  let path: string;
  try {
    path = new URL(value).pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
  if (!path.toLowerCase().endsWith(prefix)) return undefined;
  return (
    `ends in ${prefix}, which the provider adds itself (requests would go to ${prefix}${prefix}/...): ` +
    `give the base URL without ${prefix}, e.g. ${example}`
  );
}
