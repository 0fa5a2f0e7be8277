import { timingSafeEqual } from "node:crypto";
import { authorizationCredential, type Reply, type RequestContext } from "../http";
import type { App } from "../router";
import { Router } from "../router";
import { ManagementError, managementErrorReply, notFound } from "./errors";
import {
  createToken,
  deleteToken,
  getToken,
  listTokens,
  type ManagementDeps,
  type Scope,
  updateToken,
} from "./tokens";
import { parseUuid } from "./validate";

type ScopedHandler = (deps: ManagementDeps, ctx: RequestContext, scope: Scope) => Reply;

/**
 * The InfluxDB 3 Clustered and Cloud Dedicated management API for database tokens (docs/behaviour/management-tokens.md), both path families over one token store: the emulator is one cluster that both
 * products' clients can talk to.
 */
export function createManagementApp(deps: ManagementDeps): App {
  const router = new Router();
  const clustered = (h: ScopedHandler) => (ctx: RequestContext) => h(deps, ctx, { kind: "clustered" });
  const dedicated = (h: ScopedHandler) => (ctx: RequestContext) => {
    const accountId = parseUuid(ctx.params["accountId"] ?? "", "accountId");
    const clusterId = parseUuid(ctx.params["clusterId"] ?? "", "clusterId");
    if (accountId !== deps.store.data.accountId) throw notFound("account not found");
    if (clusterId !== deps.store.data.clusterId) throw notFound("cluster not found");
    return h(deps, ctx, { kind: "dedicated", accountId, clusterId });
  };
  const base = "/api/v0/accounts/:accountId/clusters/:clusterId";
  for (const [prefix, wrap] of [
    ["/api/v0", clustered],
    [base, dedicated],
  ] as const) {
    router
      .on("GET", `${prefix}/tokens`, wrap(listTokens))
      .on("POST", `${prefix}/tokens`, wrap(createToken))
      .on("GET", `${prefix}/tokens/:tokenId`, wrap(getToken))
      .on("PATCH", `${prefix}/tokens/:tokenId`, wrap(updateToken))
      .on(
        "DELETE",
        `${prefix}/tokens/:tokenId`,
        wrap((d, ctx) => deleteToken(d, ctx)),
      );
  }

  return {
    prefix: "/api/v0",
    async handle(ctx) {
      try {
        const credential = authorizationCredential(ctx.headers, ["Bearer"]);
        if (credential === undefined || !same(credential, deps.store.data.managementToken)) {
          throw new ManagementError(401, "unauthorized");
        }
        const m = router.match(ctx.method, ctx.path);
        if (m.kind === "found") return await m.handler({ ...ctx, params: m.params });
        if (m.kind === "method-not-allowed") throw new ManagementError(405, "method not allowed");
        throw notFound("not found");
      } catch (e) {
        if (e instanceof ManagementError) return managementErrorReply(e);
        throw e;
      }
    },
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
