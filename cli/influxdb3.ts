/**
 * `list-influxdb3-tokens`: the tokens of an InfluxDB 3 Core or Enterprise server, read from
 * `system.tokens` (behaviour D.8) with the operator or an admin token. Never a token value,
 * and not the hash prefix either: an audit needs names, permissions and expiry, nothing that
 * narrows a guess.
 */

import { resolveInfluxdb3Connection } from "../provider/config/influxdb3";
import { influxdb3Client, type TokenRow } from "../provider/resources/influxdb3";
import { table } from "./format";

export interface Influxdb3TokenSummary {
  id: number;
  name: string;
  createdAt: string;
  expiry: string | null;
  permissions: string | null;
}

export function summarize(row: TokenRow): Influxdb3TokenSummary {
  return {
    id: row.token_id,
    name: row.name,
    createdAt: row.created_at,
    expiry: row.expiry ?? null,
    permissions: row.permissions ?? null,
  };
}

/** Reads every token; `url` overrides INFLUXDB3_HOST_URL (the token comes from INFLUXDB3_AUTH_TOKEN). */
export async function listInfluxdb3Tokens(url: string | undefined): Promise<Influxdb3TokenSummary[]> {
  const connection = resolveInfluxdb3Connection(url === undefined ? undefined : { url }, {
    tokenRequired: false,
  });
  // An explicit URL must not receive the configured token of another server: take it from the
  // CLI's own environment variable only.
  const token = url === undefined ? connection.token : process.env.INFLUXDB3_AUTH_TOKEN;
  const rows = await influxdb3Client({
    url: connection.url,
    ...(token ? { token } : {}),
    ...(connection.transport === undefined ? {} : { transport: connection.transport }),
  }).listTokens(token ?? "");
  return rows.map(summarize).sort((a, b) => a.id - b.id);
}

export function influxdb3Table(list: Influxdb3TokenSummary[]): string {
  return table(
    ["ID", "NAME", "CREATED", "EXPIRY", "PERMISSIONS"],
    list.map((t) => [String(t.id), t.name, t.createdAt, t.expiry ?? "never", t.permissions ?? ""]),
  );
}
