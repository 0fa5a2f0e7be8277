import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ADMIN_PREFIX } from "./admin";
import type { FaultDecision, FaultInjector } from "./faults";
import { jsonReply, type Reply, type RequestContext } from "./http";
import { loggableQuery, type RequestLog, type RequestLogEntry } from "./request-log";
import type { App } from "./router";
import { withBuildHeaders } from "./v2/app";
import { V2Error, v2ErrorReply } from "./v2/errors";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServerDeps {
  /** Tried in order; the first whose prefix matches answers. */
  apps: App[];
  faults: FaultInjector;
  log: RequestLog;
}

/** The node:http server: reads the body, applies faults, dispatches to an app, logs the request. */
export function createEmulatorHttpServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ code: "internal error", message: String((e as Error)?.message ?? e) }));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = new Date().toISOString();
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);
  if (body === undefined) {
    send(res, jsonReply(413, { code: "request too large", message: "request body too large" }));
    return;
  }
  const ctx: RequestContext = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    params: {},
  };
  const app = deps.apps.find((a) => ctx.path === a.prefix || ctx.path.startsWith(a.prefix + "/"));
  if (app?.prefix === ADMIN_PREFIX) {
    send(res, await app.handle(ctx));
    return;
  }

  const entry: RequestLogEntry = { method, path: ctx.path, query: loggableQuery(ctx.query), status: 0, at };
  const decision = deps.faults.decide(method, ctx.path);
  if (decision && decision.latencyMs > 0) {
    entry.fault = "latency";
    await new Promise((r) => setTimeout(r, decision.latencyMs));
  }
  if (decision?.outcome === "reset-before") {
    entry.fault = "reset-before";
    deps.log.add(entry);
    req.socket.destroy();
    return;
  }
  const reply = decision?.outcome
    ? faultReply(ctx.path, decision, deps.faults.retryAfterSeconds())
    : await dispatch(app, ctx);
  if (decision?.outcome) entry.fault = decision.outcome;
  entry.status = reply.status;
  if (decision?.resetAfter) {
    entry.fault = "reset-after";
    deps.log.add(entry);
    req.socket.destroy();
    return;
  }
  deps.log.add(entry);
  send(res, reply);
}

async function dispatch(app: App | undefined, ctx: RequestContext): Promise<Reply> {
  if (app) return app.handle(ctx);
  return withBuildHeaders(v2ErrorReply(new V2Error("not found", "path not found")));
}

function faultReply(path: string, d: FaultDecision, retryAfter: number): Reply {
  const status = d.outcome === "429" ? 429 : 503;
  const headers = { "Retry-After": String(retryAfter) };
  if (path.startsWith("/api/v0/")) {
    const message = status === 429 ? "too many requests" : "service unavailable";
    return jsonReply(status, { code: status, message }, headers);
  }
  const err =
    status === 429
      ? new V2Error("too many requests", "too many requests (fault injected by the emulator)", true)
      : new V2Error("unavailable", "service unavailable (fault injected by the emulator)", true);
  const reply = withBuildHeaders(v2ErrorReply(err));
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  const body =
    reply.body === undefined ? undefined : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
  if (body) headers["Content-Length"] = body.length;
  res.writeHead(reply.status, headers);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
