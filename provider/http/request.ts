import { rootCertificates } from "node:tls";
import type * as Undici from "undici";
import { describeAccessDenied } from "./access-denied";
import { type HttpMethod, InfluxApiError } from "./errors";
import { redact } from "./redact";
import { observeServerDate } from "./server-clock";

export interface Timeouts {
  /** TCP+TLS connect. */
  connectMs: number;
  /** Until the response headers arrive. */
  headersMs: number;
  /** Between two chunks of the response body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/** TLS to real servers: a private CA, or an explicit, warned-about opt-out. */
export interface TlsOptions {
  /** PEM text of extra trusted CA certificates (added to Node's default roots). */
  ca?: string;
  /** Skip certificate verification. Off by default; a warning is printed once per URL. */
  skipVerify?: boolean;
}

/** Per-request overrides of the retry budget (read by ./retry.ts, from stack config or env). */
export interface RetryBudget {
  /** Attempts in all, the first included (>= 1). */
  maxAttempts?: number;
  /** No new attempt starts after this many ms since the first one. */
  maxElapsedMs?: number;
}

export interface RequestOptions {
  method: HttpMethod;
  /** Server base URL, e.g. `http://127.0.0.1:8086`; may carry a path prefix. */
  baseUrl: string;
  /** Path below the base URL with every ID already `encodeURIComponent`-ed. */
  path: string;
  query?: Record<string, string | undefined>;
  /** JSON-encoded when present. */
  body?: unknown;
  /**
   * Full header value: `Token <t>` (v2), `Bearer <t>` (management API, InfluxDB 3), or "" where
   * the endpoint takes no credential (the InfluxDB 3 operator-token bootstrap).
   */
  authorization: string;
  /**
   * Where the credential came from, by name (`stack config influxdb:token`), for 401/403
   * messages. Never the value.
   */
  credentialName?: string;
  /** Extra values to scrub from any error (the credential is always scrubbed). */
  secrets?: ReadonlyArray<string | undefined>;
  timeouts?: Partial<Timeouts>;
  tls?: TlsOptions;
  retry?: RetryBudget;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
}

export type RequestFn = (options: RequestOptions) => Promise<HttpResponse>;

// undici is the largest module the provider needs (~0.4 s to load on a busy machine); loading
// it on the first request spares every operation that sends none (preview, no-op up).
let undici: typeof Undici | undefined;
const loadUndici = (): typeof Undici => {
  undici ??= require("undici") as typeof Undici;
  return undici;
};

// Keep-alive pools, one per (connect timeout, TLS settings). They live in this module of the
// installed package, never in the serialized provider: an undici Agent captured by value fails
// to serialize.
const agents = new Map<string, Undici.Agent>();
const warnedInsecure = new Set<string>();

function agentFor(connectMs: number, tls: TlsOptions | undefined): Undici.Agent {
  const key = JSON.stringify([connectMs, tls?.ca ?? "", tls?.skipVerify === true]);
  let agent = agents.get(key);
  if (agent === undefined) {
    const connect: Record<string, unknown> = { timeout: connectMs };
    // Node replaces its default roots when `ca` is given: keep them, add the private CA.
    if (tls?.ca !== undefined) connect.ca = [...rootCertificates, tls.ca];
    if (tls?.skipVerify === true) connect.rejectUnauthorized = false;
    agent = new (loadUndici().Agent)({ keepAliveTimeout: 4_000, connect });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the keep-alive pools (tests and short-lived scripts; the provider host just exits). */
export async function closeHttpAgent(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((agent) => agent.close()));
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  const base = baseUrl.replace(/\/+$/, "");
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, value);
  const qs = params.toString();
  return `${base}${path}${qs === "" ? "" : `?${qs}`}`;
}

// Where the "verification is off" warning goes: stderr by default; the API clients route it to
// the engine's log (../clients/call.ts), which this layer below them does not import.
let insecureWarner: (message: string) => void = (message) => console.warn(message);

/** Sets where the TLS-verification-off warning goes (the clients point it at the engine log). */
export function setInsecureTlsWarner(warner: (message: string) => void): void {
  insecureWarner = warner;
}

function warnInsecure(url: string): void {
  const origin = new URL(url).origin;
  if (!origin.startsWith("https:") || warnedInsecure.has(origin)) return;
  warnedInsecure.add(origin);
  insecureWarner(
    `TLS certificate verification is OFF for ${origin} (influxdb:skipTlsVerify / ` +
      `INFLUXDB_SKIP_SSL_VERIFY): anyone on the network path can read the credentials and the tokens.`,
  );
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
  // Named in every network message: the origin and path, never the query (it may hold names only,
  // but a proxy could put anything there). Built only when a message needs it.
  const where = () => redact(`${options.baseUrl.replace(/\/+$/, "")}${options.path}`, secrets);
  const headers: Record<string, string> = {
    authorization: options.authorization,
    accept: "application/json",
  };
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  if (options.tls?.skipVerify === true) warnInsecure(url);

  let response: Undici.Dispatcher.ResponseData;
  try {
    response = await loadUndici().request(url, {
      method: options.method,
      headers,
      body: payload,
      dispatcher: agentFor(timeouts.connectMs, options.tls),
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
  } catch (cause) {
    const plainHttp = answeredPlainHttp(cause, options.baseUrl);
    throw new InfluxApiError({
      method: options.method,
      path: options.path,
      apiMessage:
        plainHttp === undefined ? describeNetworkError(cause, where(), timeouts) : redact(plainHttp, secrets),
      hint: tlsHint(cause),
      cause,
      secrets,
      // A certificate or a server that speaks no TLS does not change between attempts.
      ...(isLastingTlsFailure(cause) ? { retryable: false } : {}),
    });
  }

  observeServerDate(options.baseUrl, response.headers.date);
  let text: string;
  try {
    text = await response.body.text();
  } catch (cause) {
    throw new InfluxApiError({
      method: options.method,
      path: options.path,
      status: response.statusCode,
      apiMessage: `reading the response body failed: ${describeNetworkError(cause, where(), timeouts)}`,
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
    hint:
      response.statusCode === 401 || response.statusCode === 403
        ? describeAccessDenied(response.statusCode, message, options.credentialName)
        : undefined,
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
 * v2 errors are `{"code":"<string>","message":...}`, management errors `{"code":<int>,"message":...}`.
 * Another object (InfluxDB 3's `{"error": ...}`) is shown as its JSON, anything else (plain text, a
 * proxy's HTML page) as a short excerpt; both are cut to 300 characters.
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

const TIMEOUTS: Record<string, (t: Timeouts) => string> = {
  UND_ERR_CONNECT_TIMEOUT: (t) => `connect timeout: no connection within ${t.connectMs} ms`,
  UND_ERR_HEADERS_TIMEOUT: (t) => `headers timeout: no response headers within ${t.headersMs} ms`,
  UND_ERR_BODY_TIMEOUT: (t) => `body timeout: the response body stalled for ${t.bodyMs} ms`,
};

function errorCode(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return cause.cause === undefined ? undefined : errorCode(cause.cause);
}

function describeNetworkError(cause: unknown, where: string, timeouts: Timeouts): string {
  const code = errorCode(cause);
  const timeout = code === undefined ? undefined : TIMEOUTS[code];
  if (timeout !== undefined) return `${timeout(timeouts)} from ${where}`;
  const text = cause instanceof Error ? cause.message : String(cause);
  return `${code === undefined ? "" : `${code}: `}${text} (${where})`;
}

/** Certificate failures: say which setting fixes them. */
const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REVOKED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
]);

/**
 * OpenSSL's codes for a first answer that is not TLS at all: the port serves plain HTTP (its
 * "HTTP/1.1 400" is read as a TLS record of a version that does not exist).
 */
const NOT_TLS_CODES = new Set(["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]);

/** Handshakes the server refuses for good: no TLS version or cipher both sides accept. */
const HANDSHAKE_CODES = new Set([
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
]);

/** True when the same request would fail the same way: retrying only repeats the message. */
export function isLastingTlsFailure(cause: unknown): boolean {
  const code = errorCode(cause);
  return code !== undefined && (TLS_CODES.has(code) || NOT_TLS_CODES.has(code) || HANDSHAKE_CODES.has(code));
}

/**
 * The plain-words message for an https:// URL whose server answered plain HTTP (OpenSSL says only
 * "wrong version number"), with the http:// URL to use instead; undefined for any other failure.
 */
export function answeredPlainHttp(cause: unknown, baseUrl: string): string | undefined {
  const code = errorCode(cause);
  if (code === undefined || !NOT_TLS_CODES.has(code)) return undefined;
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  // The port stays explicit: the plain-HTTP server answered on the https one (443 when absent).
  const port = base.port === "" ? "443" : base.port;
  const path = base.pathname.replace(/\/+$/, "");
  const server = `${base.origin}${path}`;
  return (
    `the server at ${server} answered plain HTTP to an HTTPS request: use http://${base.hostname}:${port}${path} ` +
    "(or enable TLS on the server)"
  );
}

function tlsHint(cause: unknown): string | undefined {
  const code = errorCode(cause);
  if (code !== undefined && HANDSHAKE_CODES.has(code)) {
    return (
      "The TLS handshake was refused (no TLS version or cipher both sides accept): the server needs " +
      "TLS 1.2 or later; retrying does not help"
    );
  }
  if (code === undefined || !TLS_CODES.has(code)) return undefined;
  return (
    "The server's TLS certificate is not trusted: give its CA as stack config influxdb:caCert or " +
    "the environment variable INFLUXDB_CA_CERT (a PEM file path or PEM text); only for a test server, " +
    "influxdb:skipTlsVerify / INFLUXDB_SKIP_SSL_VERIFY=true turns verification off"
  );
}
