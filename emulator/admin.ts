import { timingSafeEqual } from "node:crypto";
import type { FaultInjector } from "./faults";
import { validateFaults } from "./faults";
import { authorizationCredential, jsonReply, type Reply, type RequestContext } from "./http";
import type { RequestLog } from "./request-log";
import type { App } from "./router";
import { Router } from "./router";
import type { Store } from "./store";
import { summarize } from "./summary";

export const ADMIN_PREFIX = "/__emulator";

export interface AdminDeps {
  store: Store;
  faults: FaultInjector;
  log: RequestLog;
}

const error = (status: number, code: string, message: string): Reply => jsonReply(status, { code, message });

/**
 * The emulator's own endpoint: request log, state dump, faults. Every call needs the
 * operator token or the management token (`Token` or `Bearer` scheme). Faults never apply here and
 * these calls are not logged, so a test can assert "no request was sent" with it.
 */
export function createAdminApp(deps: AdminDeps): App {
  const router = new Router()
    .on("GET", `${ADMIN_PREFIX}/requests`, () => jsonReply(200, { requests: deps.log.list() }))
    .on("DELETE", `${ADMIN_PREFIX}/requests`, () => {
      deps.log.clear();
      return { status: 204 };
    })
    .on("GET", `${ADMIN_PREFIX}/state`, () => jsonReply(200, summarize(deps.store)))
    .on("GET", `${ADMIN_PREFIX}/faults`, () => jsonReply(200, deps.faults.get()))
    .on("PUT", `${ADMIN_PREFIX}/faults`, (ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(ctx.body.toString("utf8") || "null");
      } catch {
        return error(400, "invalid", 'body must be JSON, e.g. {"rate503":0.1}');
      }
      try {
        deps.faults.set(validateFaults(parsed));
      } catch (e) {
        return error(400, "invalid", (e as Error).message);
      }
      return jsonReply(200, deps.faults.get());
    });

  return {
    prefix: ADMIN_PREFIX,
    async handle(ctx: RequestContext) {
      const credential = authorizationCredential(ctx.headers, ["Token", "Bearer"]);
      const d = deps.store.data;
      if (
        credential === undefined ||
        !(same(credential, d.operatorToken) || same(credential, d.managementToken))
      ) {
        return error(401, "unauthorized", "unauthorized access");
      }
      const m = router.match(ctx.method, ctx.path);
      if (m.kind === "found") return m.handler({ ...ctx, params: m.params });
      if (m.kind === "method-not-allowed")
        return error(405, "method not allowed", `allow: ${m.allow.join(", ")}`);
      return error(
        404,
        "not found",
        "path not found; see the README section Emulator for the admin endpoint",
      );
    },
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
