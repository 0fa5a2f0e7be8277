import {
  type Influxdb3Emulator,
  type Influxdb3EmulatorOptions,
  startInfluxdb3Emulator,
} from "../../../../emulator/influxdb3";

/** A raw HTTP exchange with the emulator: what the contract and rule tests look at. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A raw Authorization header (overrides `token`). */
  authorization?: string;
  /** JSON-encoded unless a string; sets `Content-Type: application/json` unless `contentType` is given. */
  body?: unknown;
  contentType?: string | null;
  headers?: Record<string, string>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Exchange> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers["authorization"] = options.authorization;
  else if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  }
  const response = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body }) });
  return {
    method,
    path: path.split("?")[0] as string,
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  };
}

/** A started emulator with its operator token already bootstrapped (unless `bootstrap: false`). */
export interface Fixture {
  emu: Influxdb3Emulator;
  url: string;
  operator: string;
  call(method: string, path: string, options?: CallOptions): Promise<Exchange>;
  /** Creates a named admin token through the API and returns its secret. */
  namedAdmin(name: string, expirySecs?: number): Promise<string>;
  /** Enterprise: creates a resource token through the API and returns its secret. */
  resourceToken(name: string, permissions: unknown[], expirySecs?: number): Promise<string>;
}

export async function fixture(
  options: Influxdb3EmulatorOptions & { bootstrap?: boolean },
  cleanups: Array<() => Promise<void>>,
): Promise<Fixture> {
  const emu = await startInfluxdb3Emulator(options);
  cleanups.push(() => emu.close());
  const bound = (method: string, path: string, callOptions?: CallOptions) =>
    call(emu.url, method, path, callOptions);
  let operator = "";
  if (options.bootstrap !== false && !options.withoutAuth) {
    const created = await bound("POST", "/api/v3/configure/token/admin");
    if (created.status !== 201) throw new Error(`bootstrap failed: ${created.status} ${created.text}`);
    operator = (JSON.parse(created.text) as { token: string }).token;
  }
  const secretOf = (exchange: Exchange) => {
    if (exchange.status !== 201) throw new Error(`create failed: ${exchange.status} ${exchange.text}`);
    return (JSON.parse(exchange.text) as { token: string }).token;
  };
  return {
    emu,
    url: emu.url,
    operator,
    call: bound,
    namedAdmin: async (name, expirySecs) =>
      secretOf(
        await bound("POST", "/api/v3/configure/token/named_admin", {
          token: operator,
          body: { token_name: name, ...(expirySecs === undefined ? {} : { expiry_secs: expirySecs }) },
        }),
      ),
    resourceToken: async (name, permissions, expirySecs) =>
      secretOf(
        await bound("POST", "/api/v3/enterprise/configure/token", {
          token: operator,
          body: {
            token_name: name,
            permissions,
            ...(expirySecs === undefined ? {} : { expiry_secs: expirySecs }),
          },
        }),
      ),
  };
}

export const sqlPath = (q: string, format = "json", db = "_internal") =>
  `/api/v3/query_sql?db=${encodeURIComponent(db)}&q=${encodeURIComponent(q)}&format=${format}`;

/** A controllable clock for expiry tests. */
export function manualClock(start = Date.UTC(2026, 0, 2, 3, 4, 5, 600)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
