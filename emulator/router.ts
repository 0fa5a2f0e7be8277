import type { Handler, Reply, RequestContext } from "./http";

/**
 * A minimal method + path router. Patterns use `:name` segments. An `App` is anything that can
 * answer a request under a path prefix; the server tries apps in order, so another API (e.g. the
 * InfluxDB 3 Core/Enterprise emulator in `emulator/influxdb3/`) can be mounted next to ours.
 */
export interface App {
  /** Path prefix this app owns, e.g. "/api/v2". */
  prefix: string;
  handle(ctx: RequestContext): Promise<Reply>;
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    const allow: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: "found", handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: "method-not-allowed", allow } : { kind: "not-found" };
  }
}

/** Trailing slashes are stripped, as chi's StripSlashes does on the v2 router. */
function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(":")) {
      params[p.slice(1)] = safeDecode(v);
    } else if (p !== v) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
