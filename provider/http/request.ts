import { Agent, request as undiciRequest } from "undici";
import { type HttpMethod, InfluxApiError } from "./errors";

export interface Timeouts {
  /** TCP+TLS connect. */
  connectMs: number;
  /** Until the response headers arrive. */
  headersMs: number;
  /** Between two chunks of the response body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface RequestOptions {
  method: HttpMethod;
  /** Server base URL, e.g. `http://127.0.0.1:8086`; may carry a path prefix. */
  baseUrl: string;
  /** Path below the base URL with every ID already `encodeURIComponent`-ed. */
  path: string;
  query?: Record<string, string | undefined>;
  /** JSON-encoded when present. */
  body?: unknown;
  /** Full header value: `Token <t>` (v2, A.1) or `Bearer <t>` (management, B.1). */
  authorization: string;
  /** Extra values to scrub from any error (the credential is always scrubbed). */
  secrets?: ReadonlyArray<string | undefined>;
  timeouts?: Partial<Timeouts>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
}

export type RequestFn = (options: RequestOptions) => Promise<HttpResponse>;

// One keep-alive pool per process. It lives in this module of the installed package, never in
// the serialized provider (DESIGN.md: an undici Agent captured by value fails to serialize).
let sharedAgent: Agent | undefined;
let sharedAgentConnectMs: number | undefined;

function agentFor(connectMs: number): Agent {
  if (sharedAgent === undefined || sharedAgentConnectMs !== connectMs) {
    void sharedAgent?.close();
    sharedAgent = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: connectMs } });
    sharedAgentConnectMs = connectMs;
  }
  return sharedAgent;
}

/** Closes the keep-alive pool (tests and short-lived scripts; the provider host just exits). */
export async function closeHttpAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  sharedAgentConnectMs = undefined;
  await agent?.close();
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  const base = baseUrl.replace(/\/+$/, "");
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, value);
  const qs = params.toString();
  return `${base}${path}${qs === "" ? "" : `?${qs}`}`;
}

/**
 * One HTTP exchange, no retries (those wrap this function: ./retry.ts). Resolves for 2xx,
 * throws InfluxApiError for anything else, including network failures and timeouts.
 */
export const request: RequestFn = async (options) => {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const credential = options.authorization.replace(/^\S+\s+/, "");
  const secrets = [credential, ...(options.secrets ?? [])];
  const url = buildUrl(options.baseUrl, options.path, options.query);
  const headers: Record<string, string> = {
    authorization: options.authorization,
    accept: "application/json",
  };
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }

  let response: Awaited<ReturnType<typeof undiciRequest>>;
  try {
    response = await undiciRequest(url, {
      method: options.method,
      headers,
      body: payload,
      dispatcher: agentFor(timeouts.connectMs),
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
  } catch (cause) {
    throw new InfluxApiError({
      method: options.method,
      path: options.path,
      apiMessage: describeNetworkError(cause),
      cause,
      secrets,
    });
  }

  let text: string;
  try {
    text = await response.body.text();
  } catch (cause) {
    throw new InfluxApiError({
      method: options.method,
      path: options.path,
      status: response.statusCode,
      apiMessage: `reading the response body failed: ${describeNetworkError(cause)}`,
      cause,
      secrets,
    });
  }
  const body = parseJson(text);

  if (response.statusCode >= 200 && response.statusCode < 300) {
    return { status: response.statusCode, headers: response.headers, body };
  }
  const { code, message } = errorFields(body, text, response.statusCode);
  const retryAfter = response.headers["retry-after"];
  throw new InfluxApiError({
    method: options.method,
    path: options.path,
    status: response.statusCode,
    code,
    apiMessage: message,
    retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    secrets,
  });
};

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * v2 errors are `{"code":"<string>","message":...}` (BEHAVIOR.md A.1); management errors are
 * `{"code":<int>,"message":...}` (B.5). Anything else (a proxy's HTML page) keeps a short excerpt.
 */
function errorFields(
  body: unknown,
  text: string,
  status: number,
): { code: string | number | undefined; message: string } {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const code = typeof record.code === "string" || typeof record.code === "number" ? record.code : undefined;
    const message = typeof record.message === "string" ? record.message : JSON.stringify(body).slice(0, 300);
    return { code, message };
  }
  const excerpt = text.trim().slice(0, 300);
  return { code: undefined, message: excerpt === "" ? `HTTP ${status} with an empty body` : excerpt };
}

function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}
