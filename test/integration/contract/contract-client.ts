import { expect } from "vitest";
import { missingSpecsReason, OpenApiSpec, type SpecName } from "../../support/openapi";

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are checked field by field
  json: any;
}

export interface CallOptions {
  /** Token to send as `Token <t>`; null = no Authorization header; default: the client's token. */
  token?: string | null;
  /** Full Authorization header value (overrides `token`). */
  authorization?: string;
  body?: unknown;
  /** Raw body, sent as is (for malformed JSON). */
  rawBody?: string;
  contentType?: string;
}

const specCache = new Map<SpecName, OpenApiSpec>();
function spec(name: SpecName): OpenApiSpec | undefined {
  if (missingSpecsReason()) return undefined;
  let s = specCache.get(name);
  if (!s) {
    s = OpenApiSpec.load(name);
    specCache.set(name, s);
  }
  return s;
}

/**
 * An HTTP client for contract tests: every response is checked against the official OpenAPI
 * document (`specName`) before the test sees it, so "every response the test suite gets
 * conforms" holds by construction. Loopback only.
 */
export function contractClient(baseUrl: string, token: string, specName: SpecName) {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(baseUrl))
    throw new Error(`refusing non-loopback URL ${baseUrl}`);
  let checked = 0;
  async function call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = {};
    const tok = opts.token === undefined ? token : opts.token;
    if (opts.authorization !== undefined) headers["Authorization"] = opts.authorization;
    else if (tok !== null) headers["Authorization"] = `Token ${tok}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["Content-Type"] = opts.contentType ?? "application/json";
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const s = spec(specName);
    if (s) {
      const violation = s.check(method, new URL(baseUrl + path).pathname, res.status, text);
      expect(violation, `contract violation for ${method} ${path}`).toBeUndefined();
      checked++;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  return { call, checkedCount: () => checked };
}

/** Go's MarshalIndent with a tab for `{"code","message"}` (behaviour A.1). */
export function prettyError(code: string, message: string): string {
  return `{\n\t"code": ${JSON.stringify(code)},\n\t"message": ${JSON.stringify(message)}\n}`;
}
