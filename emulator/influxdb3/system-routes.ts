import { randomUUID } from "node:crypto";
import type { RequestContext } from "./context";
import { jsonError, type Reply, text } from "./http-io";
import { allowsSystem } from "./permissions";
import { FORBIDDEN_MESSAGE } from "./token-routes";

/**
 * `/ping` and `/health`: what edition detection needs (behaviour D.12). Both need a token unless
 * `--disable-authz` lists them; an Enterprise resource token needs `system:<name>:read` (behaviour D.9).
 */
function systemAllowed(ctx: RequestContext, endpoint: string): Reply | undefined {
  const caller = ctx.caller;
  if (ctx.edition === "core" || caller === undefined || caller.permissions === "admin") return undefined;
  return allowsSystem(caller.permissions, endpoint) ? undefined : jsonError(403, FORBIDDEN_MESSAGE);
}

export function ping(ctx: RequestContext): Reply {
  const denied = systemAllowed(ctx, "ping");
  if (denied) return denied;
  const build = ctx.edition === "core" ? "Core" : "Enterprise";
  const requestId = randomUUID();
  return {
    status: 200,
    body: JSON.stringify({
      version: ctx.version,
      revision: "emulator",
      process_id: ctx.processId,
      product_name: `InfluxDB 3 ${build}`,
    }),
    headers: {
      "content-type": "application/json",
      "request-id": requestId,
      "x-influxdb-build": build,
      "x-influxdb-version": ctx.version,
      "x-request-id": requestId,
    },
  };
}

export function health(ctx: RequestContext): Reply {
  return systemAllowed(ctx, "health") ?? text(200, "OK", { "content-type": "text/plain; charset=utf-8" });
}
