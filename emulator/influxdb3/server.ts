import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultInjector, type FaultOptions } from "../faults";
import { MALFORMED_AUTH_MESSAGE, parseAuthorizationHeader, UNAUTHENTICATED_MESSAGE } from "./auth-header";
import { type Edition, type RequestContext, rulesOf } from "./context";
import { BodyError, decodeBody, jsonError, type Reply, readRawBody, text, writeReply } from "./http-io";
import { querySql } from "./query-route";
import { health, ping } from "./system-routes";
import {
  createNamedAdminToken,
  createOperatorToken,
  createResourceToken,
  deleteToken,
  regenerateOperatorToken,
} from "./token-routes";
import {
  type PermissionTokensFile,
  type PreconfiguredToken,
  type StoredToken,
  type TokenSnapshot,
  TokenStore,
} from "./token-store";
import { tokenGenerator } from "./token-string";

export interface Influxdb3EmulatorOptions {
  edition: Edition;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** `influxdb3 serve --without-auth`: no authentication, token routes answer 405 (behaviour D.11). */
  withoutAuth?: boolean;
  /** InfluxDB issue #27620: a resource token created without expiry is born expired (behaviour D.10). */
  reproduceIssue27620?: boolean;
  /** Makes token strings and the cluster UUID reproducible. */
  seed?: number;
  /** One line per request: `METHOD /path -> status`. Never contains a token. */
  log?: (line: string) => void;
  /** Databases that exist from the start (resource-token `db` names must exist, behaviour D.7). */
  databases?: string[];
  /** `--disable-authz`: endpoints reachable without a token (behaviour D.9); the token paths cannot be listed. */
  disableAuthz?: Array<"health" | "ping">;
  /** Clock in epoch milliseconds; tests move it to expire tokens without waiting. */
  now?: () => number;
  /**
   * `--admin-token-file` contents (behaviour D.11), applied at start and again at each `restart()`: a token
   * deleted through the API comes back, an existing name is skipped.
   */
  adminTokenFiles?: PreconfiguredToken[];
  /**
   * Enterprise `--permission-tokens-file` contents (behaviour D.11), applied after the admin files at
   * start and at each `restart()`: `create_databases` creates databases, an existing name is skipped.
   */
  permissionTokenFiles?: PermissionTokensFile[];
  /** `X-Influxdb-Version` and the `/ping` body version. Default 3.10.1. */
  version?: string;
  /**
   * Faults from the start, as the v2/management emulator takes them (../faults.ts): latency,
   * 429/503, connections reset before the request is processed or after it was (the state changed,
   * no answer). Drawn from `seed`; change later with `setFaults`.
   */
  faults?: FaultOptions;
}

/** One handled request, without headers or bodies (they may carry tokens). */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** Query parameters; `p` (the v1 password) is dropped. */
  query: Record<string, string>;
  status: number;
  /** Name of the token that authenticated the request, if any. */
  authenticatedAs?: string;
  /** The fault applied, if any; with `reset-before` the status is 0, with `reset-after` it is what was not sent. */
  fault?: "latency" | "429" | "503" | "reset-before" | "reset-after";
}

export interface Influxdb3EmulatorState {
  edition: Edition;
  withoutAuth: boolean;
  clusterUuid: string;
  /** Hashes only: the emulator never keeps a raw token (behaviour D.4). */
  tokens: TokenSnapshot[];
  databases: string[];
}

export interface Influxdb3Emulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234. */
  url: string;
  edition: Edition;
  /** `cloud` only: the raw `_admin` value the service made at start (there is no bootstrap route). */
  operatorToken?: string;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  state(): Influxdb3EmulatorState;
  /** Simulates a server restart: re-applies `adminTokenFiles` and `permissionTokenFiles` (the catalog survives). */
  restart(): void;
  /** Creates a database (the emulator has no database API; see DIFFERENCES.md). */
  addDatabase(name: string): void;
  /** Replaces the faults (see `faults`); the fault stream restarts from the seed. */
  setFaults(faults: FaultOptions): void;
  /** Requests received and not answered yet (still in their latency, or being processed). */
  inFlight(): Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/**
 * Exact-match routing table (behaviour D.2); the Enterprise route is absent in Core, so it answers
 * 404. InfluxDB 3 Cloud serves neither the `_admin` bootstrap nor regenerate (behaviour D.15): they
 * are absent there and answer as any unknown route does (behaviour D.14.2).
 */
function routesFor(edition: Edition): Map<string, Handler> {
  const routes = new Map<string, Handler>([
    ...(edition === "cloud"
      ? []
      : ([
          ["POST /api/v3/configure/token/admin", createOperatorToken],
          ["POST /api/v3/configure/token/admin/regenerate", regenerateOperatorToken],
        ] as Array<[string, Handler]>)),
    ["POST /api/v3/configure/token/named_admin", createNamedAdminToken],
    ["DELETE /api/v3/configure/token", deleteToken],
    ["GET /api/v3/query_sql", querySql],
    ["POST /api/v3/query_sql", querySql],
    ["GET /ping", ping],
    ["POST /ping", ping],
    ["GET /health", health],
  ]);
  if (edition !== "core") routes.set("POST /api/v3/enterprise/configure/token", createResourceToken);
  return routes;
}

const OPERATOR_BOOTSTRAP_PATH = "/api/v3/configure/token/admin";
const TOKEN_PATH_PREFIX = "/api/v3/configure/token";

const CORS_PREFLIGHT = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "*",
  "access-control-allow-headers": "*",
  "access-control-max-age": "86400",
};

export async function startInfluxdb3Emulator(options: Influxdb3EmulatorOptions): Promise<Influxdb3Emulator> {
  if (options.edition !== "core" && options.edition !== "enterprise" && options.edition !== "cloud") {
    throw new Error(
      `edition must be "core", "enterprise" or "cloud", got ${JSON.stringify(options.edition)}`,
    );
  }
  const edition = options.edition;
  // Cloud's bootstrap route does not exist: that path is authenticated like any other (D.14.2).
  const bootstrapOpen = edition !== "cloud";
  const withoutAuth = options.withoutAuth ?? false;
  const store = new TokenStore(tokenGenerator(options.seed), options.now ?? Date.now);
  for (const db of options.databases ?? []) store.databases.add(db);
  // behaviour D.11: token files apply at every start, and only when auth is on.
  if ((options.permissionTokenFiles ?? []).length > 0 && edition !== "enterprise") {
    throw new Error("permissionTokenFiles (--permission-tokens-file) exist on InfluxDB 3 Enterprise only");
  }
  const applyTokenFiles = () => {
    if (withoutAuth) return;
    for (const file of options.adminTokenFiles ?? []) store.applyTokenFile(file);
    for (const file of options.permissionTokenFiles ?? []) store.applyPermissionTokensFile(file);
  };
  applyTokenFiles();
  // behaviour D.15: on Cloud, InfluxData creates and keeps the operator token; the emulator makes it
  // at start and hands its value out (`operatorToken`) as the Cloud console hands out an admin token.
  const operatorToken =
    edition === "cloud" && !withoutAuth ? cloudOperatorToken(store.createOperator()) : undefined;
  const clusterUuid = options.seed === undefined ? randomUUID() : seededUuid(options.seed);
  const processId = randomUUID();
  const routes = routesFor(edition);
  const unauthenticatedPaths = new Set((options.disableAuthz ?? []).map((name) => `/${name}`));
  const log: RequestLogEntry[] = [];
  const inFlight = new Set<{ method: string; path: string }>();
  const faults = new FaultInjector(options.seed);
  if (options.faults !== undefined) faults.set(options.faults);

  /** behaviour D.2/D.3 order: OPTIONS, then the without-auth 405, then authentication, then routing. */
  async function dispatch(
    req: IncomingMessage,
    url: URL,
    entry: RequestLogEntry,
    raw: Buffer | undefined,
  ): Promise<Reply> {
    const method = req.method ?? "GET";
    if (method === "OPTIONS") return { status: 204, body: "", headers: CORS_PREFLIGHT };
    if (withoutAuth && url.pathname.startsWith(TOKEN_PATH_PREFIX)) {
      return text(405, "endpoint disabled, started without auth");
    }
    let caller: StoredToken | undefined;
    const bootstrap = bootstrapOpen && url.pathname === OPERATOR_BOOTSTRAP_PATH;
    if (!withoutAuth && !bootstrap && !unauthenticatedPaths.has(url.pathname)) {
      const auth = parseAuthorizationHeader(req.headers.authorization);
      if (auth.kind === "malformed") return jsonError(400, MALFORMED_AUTH_MESSAGE);
      caller = auth.kind === "token" ? store.authenticate(auth.token) : undefined;
      if (!caller) return jsonError(401, UNAUTHENTICATED_MESSAGE);
      entry.authenticatedAs = caller.name;
    }
    const handler = routes.get(`${method} ${url.pathname}`);
    if (!handler) return text(404, "Not found");
    let bodyCache: Promise<string> | undefined;
    const ctx: RequestContext = {
      req,
      url,
      body: () => {
        bodyCache ??= (raw === undefined ? readRawBody(req) : Promise.resolve(raw)).then((bytes) =>
          decodeBody(req, bytes).toString("utf8"),
        );
        return bodyCache;
      },
      caller,
      store,
      edition: rulesOf(edition),
      withoutAuth,
      reproduceIssue27620: options.reproduceIssue27620 ?? false,
      version: options.version ?? "3.10.1",
      processId,
    };
    try {
      return await handler(ctx);
    } catch (error) {
      if (error instanceof BodyError) return error.reply;
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (key !== "p") query[key] = value;
    const entry: RequestLogEntry = { method: req.method ?? "GET", path: url.pathname, query, status: 0 };
    const pending = { method: entry.method, path: entry.path };
    inFlight.add(pending);
    try {
      await answer(req, res, url, entry);
    } finally {
      inFlight.delete(pending);
    }
  }

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    entry: RequestLogEntry,
  ): Promise<void> {
    const decision = faults.decide(entry.method, url.pathname);
    let raw: Buffer | undefined;
    if (decision) {
      // Read the whole request first: a server that received it finishes the work even when the
      // client vanishes during the latency (a killed `pulumi up`), as the v2 emulator does.
      raw = await readRawBody(req).catch(() => Buffer.alloc(0));
      if (decision.latencyMs > 0) {
        entry.fault = "latency";
        await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
      }
      if (decision.outcome === "reset-before") {
        entry.fault = "reset-before";
        finish(entry);
        req.socket.destroy();
        return;
      }
    }
    let reply: Reply;
    if (decision?.outcome === "429" || decision?.outcome === "503") {
      entry.fault = decision.outcome;
      reply = text(
        decision.outcome === "429" ? 429 : 503,
        decision.outcome === "429"
          ? "too many requests (fault injected by the emulator)"
          : "service unavailable (fault injected by the emulator)",
        { "retry-after": String(faults.retryAfterSeconds()) },
      );
    } else {
      try {
        reply = await dispatch(req, url, entry, raw);
      } catch (error) {
        reply = text(500, `emulator error: ${(error as Error).message}`);
      }
    }
    entry.status = reply.status;
    if (decision?.resetAfter) {
      // Processed (the catalog may have changed), never answered.
      entry.fault = "reset-after";
      finish(entry);
      req.socket.destroy();
      return;
    }
    // Drain an unread body so keep-alive connections stay usable.
    if (!req.readableEnded) req.resume();
    const common: Record<string, string> = { "cluster-uuid": clusterUuid };
    if (reply.status >= 200 && reply.status < 300) common["access-control-allow-origin"] = "*";
    writeReply(res, reply, common);
    finish(entry);
  }

  function finish(entry: RequestLogEntry): void {
    log.push(entry);
    options.log?.(
      `${entry.method} ${entry.path} -> ${entry.status}${entry.fault ? ` (${entry.fault})` : ""}`,
    );
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    edition,
    ...(operatorToken === undefined ? {} : { operatorToken }),
    requestLog: () => log.map((entry) => ({ ...entry, query: { ...entry.query } })),
    clearRequestLog: () => {
      log.length = 0;
    },
    state: () => ({
      edition,
      withoutAuth,
      clusterUuid,
      tokens: store.snapshot(),
      databases: [...store.databases],
    }),
    restart: applyTokenFiles,
    setFaults: (next) => faults.set(next),
    inFlight: () => [...inFlight].map((request) => ({ ...request })),
    addDatabase: (name) => {
      store.databases.add(name);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function cloudOperatorToken(result: ReturnType<TokenStore["createOperator"]>): string {
  if (!result.ok) throw new Error("emulator: the Cloud operator token could not be created");
  return result.issued.token;
}

function seededUuid(seed: number): string {
  const hex = Buffer.from(`influxdb3-emulator-${seed}`).toString("hex").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
