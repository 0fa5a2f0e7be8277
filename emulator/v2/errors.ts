import type { Reply } from "../http";

/** InfluxDB v2 error codes and their HTTP statuses (behaviour A.1; `kit/transport/http/error_handler.go`). */
const STATUS_BY_CODE: Record<string, number> = {
  "internal error": 500,
  "not implemented": 501,
  invalid: 400,
  "unprocessable entity": 422,
  "empty value": 400,
  conflict: 422,
  "not found": 404,
  unavailable: 503,
  forbidden: 403,
  "too many requests": 429,
  unauthorized: 401,
  "method not allowed": 405,
  "request too large": 413,
};

export type V2ErrorCode = keyof typeof STATUS_BY_CODE | string;

/** A platform error: `code` selects the status, `message` is the full text the server sends. */
export class V2Error extends Error {
  constructor(
    readonly code: V2ErrorCode,
    message: string,
    /** Compact JSON (http.ErrorHandler) instead of tab-indented (kithttp.API), as the real path does. */
    readonly compact = false,
  ) {
    super(message);
  }

  /** Nested errors read `"<outer>: <inner>"` (`kit/platform/errors.Error.Error`). */
  wrap(outerMessage: string, outerCode?: V2ErrorCode): V2Error {
    return new V2Error(outerCode ?? this.code, `${outerMessage}: ${this.message}`, this.compact);
  }
}

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/**
 * Go's encoding/json output: HTML-sensitive characters escaped; `pretty` = MarshalIndent with a tab,
 * which every v2 handler response uses (kithttp.API default `prettyJSON: true`).
 */
export function goJson(value: unknown, pretty: boolean): string {
  const text = pretty ? JSON.stringify(value, null, "\t") : JSON.stringify(value);
  return text.replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function v2Json(status: number, value: unknown, pretty = true): Reply {
  return { status, headers: { "Content-Type": JSON_CONTENT_TYPE }, body: goJson(value, pretty) };
}

/** `{"code","message"}` + `X-Platform-Error-Code`, never `op`/`err` (behaviour A.1). */
export function v2ErrorReply(err: V2Error): Reply {
  return {
    status: statusForCode(err.code),
    headers: { "Content-Type": JSON_CONTENT_TYPE, "X-Platform-Error-Code": err.code },
    body: goJson({ code: err.code, message: err.message }, !err.compact),
  };
}

export const unauthorizedAccess = (): V2Error => new V2Error("unauthorized", "unauthorized access", true);
