import type { Reply } from "./http";
import type { App } from "./router";
import { INFLUXDB_VERSION, withBuildHeaders } from "./v2/app";

/**
 * `/health` and `/ping`, unauthenticated, as influxd answers them (byte for byte on 2.9.1), so
 * readiness probes written for a real server work against the emulator.
 */
export function createSystemApps(): App[] {
  const health: Reply = {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: `{"name":"influxdb", "message":"ready for queries and writes", "status":"pass", "checks":[], "version": "${INFLUXDB_VERSION}", "commit": "none"}\n`,
  };
  return [
    {
      prefix: "/health",
      handle: async (ctx) => withBuildHeaders(ctx.path === "/health" ? health : { status: 404 }),
    },
    { prefix: "/ping", handle: async () => withBuildHeaders({ status: 204 }) },
  ];
}
