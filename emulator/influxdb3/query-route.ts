import type { RequestContext } from "./context";
import { BodyError, jsonError, type Reply, text } from "./http-io";
import { parseSelect, SqlError } from "./sql";
import {
  FORMAT_CONTENT_TYPE,
  type QueryFormat,
  renderRows,
  runSelect,
  tokenColumns,
  tokenRow,
} from "./system-tokens";
import { adminOnly } from "./token-routes";

/** The database that holds `system.tokens` (behaviour D.8). */
export const INTERNAL_DB = "_internal";

const FORMATS: Record<string, QueryFormat> = {
  json: "json",
  jsonl: "jsonl",
  json_lines: "jsonl",
  csv: "csv",
  pretty: "pretty",
  parquet: "parquet",
};

/** Without `format`, the `Accept` header decides (behaviour D.8); a missing header or `*\/*` means JSON. */
function formatFromAccept(accept: string | undefined): QueryFormat | Reply {
  const first = (accept ?? "*/*").split(",")[0]?.split(";")[0]?.trim() ?? "*/*";
  const byMime: Record<string, QueryFormat> = {
    "application/json": "json",
    "*/*": "json",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "text/plain": "pretty",
    "application/vnd.apache.parquet": "parquet",
  };
  return byMime[first] ?? text(400, `invalid mime type (${first})`);
}

interface QueryRequest {
  db: string;
  q: string;
  format: string | undefined;
  params: Record<string, unknown> | undefined;
}

async function readQueryRequest(ctx: RequestContext): Promise<QueryRequest | Reply> {
  if (ctx.req.method === "GET") {
    if (ctx.url.search === "") return text(400, "missing query parameters 'db' and 'q'");
    const search = ctx.url.searchParams;
    for (const field of ["db", "q"]) {
      if (!search.has(field)) return text(400, `serde error: missing field \`${field}\``);
    }
    let params: Record<string, unknown> | undefined;
    const rawParams = search.get("params");
    if (rawParams !== null) {
      try {
        params = JSON.parse(rawParams) as Record<string, unknown>;
      } catch (error) {
        return text(400, `serde json error: ${(error as Error).message}`);
      }
    }
    return {
      db: search.get("db") as string,
      q: search.get("q") as string,
      format: search.get("format") ?? undefined,
      params,
    };
  }
  const body = await ctx.body();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return text(400, `serde json error: ${(error as Error).message}`);
  }
  const obj = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  for (const field of ["db", "q"]) {
    if (typeof obj[field] !== "string") return text(400, `serde json error: missing field \`${field}\``);
  }
  return {
    db: obj["db"] as string,
    q: obj["q"] as string,
    format: typeof obj["format"] === "string" ? obj["format"] : undefined,
    params: (obj["params"] ?? undefined) as Record<string, unknown> | undefined,
  };
}

/**
 * GET|POST /api/v3/query_sql. Only `system.tokens` in `_internal` is served (behaviour D.8); in Enterprise,
 * every `_internal` access needs an admin token (behaviour D.8 "who may read it", [?]).
 */
export async function querySql(ctx: RequestContext): Promise<Reply> {
  const request = await readQueryRequest(ctx);
  if ("status" in request) return request;
  let format: QueryFormat | Reply;
  if (request.format !== undefined) {
    format = FORMATS[request.format] ?? text(400, `serde error: unknown variant \`${request.format}\``);
  } else {
    format = formatFromAccept(ctx.req.headers.accept);
  }
  if (typeof format !== "string") return format;
  if (request.db !== INTERNAL_DB && !ctx.store.databases.has(request.db)) {
    return jsonError(404, `query error: database not found: ${request.db}`);
  }
  if (request.db === INTERNAL_DB) {
    const denied = adminOnly(ctx);
    if (denied) return denied;
  }
  if (format === "parquet")
    return text(400, "the emulator does not render parquet; use json, jsonl, csv or pretty");
  try {
    const query = parseSelect(request.q);
    if (request.db !== INTERNAL_DB && query.table === "system.tokens") {
      throw new SqlError(
        "Error during planning: table 'system.tokens' not found (it exists only in _internal)",
      );
    }
    const columns = tokenColumns(ctx.withoutAuth);
    const rows = ctx.store.list().map((token) => tokenRow(token, ctx.withoutAuth));
    const result = runSelect(query, rows, columns, request.params);
    return {
      status: 200,
      body: renderRows(format, result.columns, result.rows),
      headers: { "content-type": FORMAT_CONTENT_TYPE[format] },
    };
  } catch (error) {
    if (error instanceof SqlError) return text(400, `query error: ${error.message}`);
    if (error instanceof BodyError) return error.reply;
    throw error;
  }
}
