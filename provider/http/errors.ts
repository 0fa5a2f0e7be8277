import { redact } from "./redact";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface InfluxApiErrorInit {
  method: HttpMethod;
  /** Request path with IDs already encodeURIComponent-ed; the query string is not included. */
  path: string;
  /** HTTP status; undefined when no response arrived (network failure, timeout). */
  status?: number;
  /**
   * InfluxDB error code: a string for the v2 API (`"not found"`, `"unauthorized"`), the HTTP
   * status as an integer for the management API.
   */
  code?: string | number;
  /** The server's `message`, or the network error's text. */
  apiMessage: string;
  /** Raw `Retry-After` header, for the retry wrapper. */
  retryAfter?: string;
  cause?: unknown;
  /**
   * What to do about it (which credential was used, which setting to change); appended to the
   * message, redacted like the rest.
   */
  hint?: string;
  /** Values to scrub from every text this error carries (credential, token values). */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * False when trying again cannot help (a TLS handshake that failed on the server's answer, not
   * on the network): ./retry.ts then gives up at once. Absent: decided by status and method.
   */
  retryable?: boolean;
}

/**
 * The one error type for InfluxDB API failures, whichever API and whatever went wrong (as
 * octokit's RequestError is for GitHub's): callers test `status`, never parse the message.
 * Every text it carries is redacted at construction, so it is safe to log or to show in a
 * Pulumi diagnostic.
 */
export class InfluxApiError extends Error {
  override readonly name = "InfluxApiError";
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly apiMessage: string;
  readonly retryAfter: string | undefined;
  /** The hint alone (already part of the message). */
  readonly hint: string | undefined;
  /** False: the same request would fail the same way (see InfluxApiErrorInit.retryable). */
  readonly retryable: boolean | undefined;

  constructor(init: InfluxApiErrorInit) {
    const secrets = init.secrets ?? [];
    const path = redact(init.path, secrets);
    const apiMessage = redact(init.apiMessage, secrets);
    const code = typeof init.code === "string" ? redact(init.code, secrets) : init.code;
    const what = init.status === undefined ? "failed (no response)" : `failed with HTTP ${init.status}`;
    // The management API's code is the HTTP status again ("HTTP 404 (404)" said it twice).
    const codeText =
      code === undefined || code === "" || String(code) === String(init.status) ? "" : ` (${code})`;
    const hint = init.hint === undefined || init.hint === "" ? "" : `. ${redact(init.hint, secrets)}`;
    super(`InfluxDB API ${init.method} ${path} ${what}${codeText}: ${apiMessage}${hint}`, {
      cause: redactCause(init.cause, secrets),
    });
    this.method = init.method;
    this.path = path;
    this.status = init.status;
    this.code = code;
    this.apiMessage = apiMessage;
    this.retryAfter = init.retryAfter;
    this.hint = init.hint === undefined ? undefined : redact(init.hint, secrets);
    this.retryable = init.retryable;
  }

  /** True for a 404: the object is gone (read reports it deleted, delete counts it as done). */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/**
 * Network errors keep their cause (its code tells a refused connection from a TLS failure), but a
 * cause's message could still hold a URL with credentials; copy it with the message redacted and
 * the original code/errno kept.
 */
function redactCause(cause: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!(cause instanceof Error)) return cause;
  const copy = new Error(redact(cause.message, secrets));
  copy.name = cause.name;
  for (const key of ["code", "errno", "syscall", "address", "port"] as const) {
    const value = (cause as unknown as Record<string, unknown>)[key];
    if (value !== undefined) (copy as unknown as Record<string, unknown>)[key] = value;
  }
  if (cause.cause instanceof Error) copy.cause = redactCause(cause.cause, secrets);
  return copy;
}

/**
 * A 2xx answer whose body is not what the API documents (a proxy page, a truncated body). For a
 * POST this means the outcome is unknown: the server may well have created the token.
 */
export class MalformedResponseError extends Error {
  override readonly name = "MalformedResponseError";
}
