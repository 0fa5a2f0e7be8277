import { renderPermissions } from "./permissions";
import { type SelectQuery, SqlError, type SqlValue } from "./sql";
import { arrowNaiveTimestamp } from "./time-format";
import type { StoredToken } from "./token-store";

/** One cell: numbers for UInt64, strings for Utf8, epoch ms tagged as timestamps, or null. */
export type Cell = number | string | { timestampMs: number } | null;
export type Row = Map<string, Cell>;

/** Column order of `system.tokens` (behaviour D.8). `hash` is absent under `--without-auth` (behaviour D.11). */
export function tokenColumns(withoutAuth: boolean): string[] {
  const all = [
    "token_id",
    "name",
    "hash",
    "created_at",
    "description",
    "created_by_token_id",
    "updated_at",
    "updated_by_token_id",
    "expiry",
    "permissions",
  ];
  return withoutAuth ? all.filter((column) => column !== "hash") : all;
}

const ts = (ms: number | null): Cell => (ms === null ? null : { timestampMs: ms });

/** behaviour D.8: 9-hex hash prefix; description and created_by always null; Core permissions always `*:*:*`. */
export function tokenRow(token: StoredToken, withoutAuth: boolean): Row {
  const row: Row = new Map<string, Cell>([
    ["token_id", token.id],
    ["name", token.name],
    ["hash", token.hash.slice(0, 9)],
    ["created_at", ts(token.createdAtMs)],
    ["description", null],
    ["created_by_token_id", null],
    ["updated_at", ts(token.updatedAtMs)],
    ["updated_by_token_id", token.updatedByTokenId],
    ["expiry", ts(token.expiryMs)],
    ["permissions", renderPermissions(token.permissions)],
  ]);
  if (withoutAuth) row.delete("hash");
  return row;
}

function cellText(cell: Cell): string | number | null {
  if (cell === null || typeof cell !== "object") return cell;
  return arrowNaiveTimestamp(cell.timestampMs);
}

/** Runs a parsed SELECT against the rows; errors read like DataFusion's planning errors. */
export function runSelect(
  query: SelectQuery,
  rows: Row[],
  columns: string[],
  params: Record<string, unknown> | undefined,
): { columns: string[]; rows: Row[] } {
  if (query.table !== "system.tokens") {
    throw new SqlError(
      `Error during planning: table '${query.table}' not found (the emulator serves only system.tokens)`,
    );
  }
  const known = (column: string) => {
    if (!columns.includes(column)) throw new SqlError(`Schema error: No field named ${column}.`);
    return column;
  };
  const resolve = (value: SqlValue): string | number => {
    if (typeof value !== "object") return value;
    const bound = params?.[value.param];
    if (typeof bound !== "string" && typeof bound !== "number") {
      throw new SqlError(`No value found for placeholder with name $${value.param}`);
    }
    return bound;
  };
  let out = rows.filter((row) =>
    query.where.every(({ column, value }) => {
      const cell = cellText(row.get(known(column)) ?? null);
      const wanted = resolve(value);
      return cell !== null && String(cell) === String(wanted);
    }),
  );
  if (query.orderBy) {
    const { column, descending } = query.orderBy;
    known(column);
    out = [...out].sort((a, b) => {
      const x = a.get(column) ?? null;
      const y = b.get(column) ?? null;
      const kx = x !== null && typeof x === "object" ? x.timestampMs : x;
      const ky = y !== null && typeof y === "object" ? y.timestampMs : y;
      if (kx === ky) return 0;
      if (kx === null) return 1; // NULLS LAST for ASC, as DataFusion does
      if (ky === null) return -1;
      const cmp = kx < ky ? -1 : 1;
      return descending ? -cmp : cmp;
    });
  }
  if (query.limit !== undefined) out = out.slice(0, query.limit);
  const selected = query.columns === "*" ? columns : query.columns.map(known);
  return { columns: selected, rows: out };
}

export type QueryFormat = "json" | "jsonl" | "csv" | "pretty" | "parquet";

export const FORMAT_CONTENT_TYPE: Record<QueryFormat, string> = {
  json: "application/json",
  jsonl: "application/jsonl",
  csv: "text/csv",
  pretty: "text/plain; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
};

/** behaviour D.8: JSON is an array of row objects, null columns omitted, timestamps without `Z`. */
export function renderRows(format: Exclude<QueryFormat, "parquet">, columns: string[], rows: Row[]): string {
  const objects = rows.map((row) => {
    const obj: Record<string, string | number> = {};
    for (const column of columns) {
      const text = cellText(row.get(column) ?? null);
      if (text !== null) obj[column] = text;
    }
    return obj;
  });
  if (format === "json") return JSON.stringify(objects);
  if (format === "jsonl") return objects.map((obj) => JSON.stringify(obj) + "\n").join("");
  const table = rows.map((row) => columns.map((column) => cellText(row.get(column) ?? null)));
  if (format === "csv") {
    const quote = (v: string | number | null) => {
      const s = v === null ? "" : String(v);
      return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    return [columns, ...table].map((line) => line.map(quote).join(",") + "\n").join("");
  }
  const text = table.map((line) => line.map((v) => (v === null ? "" : String(v))));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...text.map((line) => (line[i] ?? "").length)),
  );
  const border = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const line = (cells: string[]) =>
    "|" + cells.map((c, i) => ` ${c.padEnd(widths[i] ?? 0)} `).join("|") + "|";
  return [border, line(columns), border, ...text.map(line), border].join("\n");
}
