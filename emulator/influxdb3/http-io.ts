import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";

/** A finished answer; the dispatcher writes it and adds the headers every response carries. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** Plain-text body with no content type: how the server sends catalog and serde errors (behaviour D.6). */
export const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/**
 * Auth errors are built with `format!(r#"{{"error": "{self}"}}"#)`: JSON with a space after the colon
 * and no content-type header (behaviour D.3).
 */
export const jsonError = (status: number, message: string): Reply => ({
  status,
  body: `{"error": "${message}"}`,
});

export class BodyError extends Error {
  constructor(readonly reply: Reply) {
    super(reply.body);
  }
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** behaviour D.6: identity or gzip; any other `Content-Encoding` is 400 `unacceptable content-encoding: <v>`. */
export function decodeBody(req: IncomingMessage, raw: Buffer): Buffer {
  const encoding = req.headers["content-encoding"];
  if (encoding === undefined || encoding === "identity") return raw;
  if (encoding === "gzip") {
    try {
      return gunzipSync(raw);
    } catch (error) {
      throw new BodyError(text(400, `error decoding gzip stream: ${(error as Error).message}`));
    }
  }
  throw new BodyError(text(400, `unacceptable content-encoding: ${encoding}`));
}

/** behaviour D.5: `application/json` or any `+json` suffix, else 415. */
export function requireJsonContentType(req: IncomingMessage): void {
  const mime = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mime === "application/json" || /^application\/[^/]+\+json$/.test(mime)) return;
  throw new BodyError(text(415, "unacceptable content-type, expected: application/json"));
}

export function writeReply(res: ServerResponse, reply: Reply, common: Record<string, string>): void {
  const headers: Record<string, string> = { ...common, ...reply.headers };
  headers["content-length"] = String(Buffer.byteLength(reply.body));
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
