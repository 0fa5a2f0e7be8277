import type { IncomingHttpHeaders } from "node:http";

/** What a handler sees: the request, fully read. */
export interface RequestContext {
  method: string;
  /** Path without query, percent-decoding left to the handlers (IDs never need it). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

/**
 * What a handler returns. Handlers never write to the socket themselves, so the server can apply
 * faults (e.g. reset the connection after the state changed) around any of them.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** Parses a bearer-style `Authorization` header: `<scheme> <credential>`, scheme case-insensitive. */
export function authorizationCredential(
  headers: IncomingHttpHeaders,
  schemes: readonly string[],
): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  for (const scheme of schemes) {
    const prefix = scheme + " ";
    if (
      header.length > prefix.length - 1 &&
      header.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()
    ) {
      return header.slice(prefix.length);
    }
  }
  return undefined;
}
