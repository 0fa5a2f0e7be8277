import { createHash } from "node:crypto";
import type { CreatedToken, Influxdb3Client, TokenRow } from "../../clients/influxdb3/client";

/** Facts about one token, normalised from a create response or a `system.tokens` row (behaviour D.5, behaviour D.8). */
export interface TokenFacts {
  tokenId: number;
  hashPrefix: string;
  createdAt: string;
  expiresAt?: string;
  updatedAt?: string;
}

export function hashPrefixOf(token: string): string {
  return createHash("sha512").update(token).digest("hex").slice(0, 9);
}

/** `system.tokens` timestamps have no `Z` (behaviour D.8); they are UTC. */
export function rowTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Keeps the state's spelling when it is the same instant (no refresh noise from formatting). */
export function sameInstant(previous: unknown, next: string | undefined): string | undefined {
  if (next === undefined) return undefined;
  return typeof previous === "string" && Date.parse(previous) === Date.parse(next) ? previous : next;
}

export function factsFromRow(row: TokenRow): TokenFacts {
  const facts: TokenFacts = {
    tokenId: row.token_id,
    // 9 hex chars since v3.0.2; v3.0.0-3.0.1 showed the full hex (behaviour D.4): compare on 9 either way.
    hashPrefix: row.hash?.slice(0, 9) ?? "",
    createdAt: rowTime(row.created_at) ?? row.created_at,
  };
  const expiresAt = rowTime(row.expiry);
  if (expiresAt !== undefined) facts.expiresAt = expiresAt;
  const updatedAt = rowTime(row.updated_at);
  if (updatedAt !== undefined) facts.updatedAt = updatedAt;
  return facts;
}

/**
 * Facts from a create/regenerate response; when the body lacks them (the Enterprise response shape
 * is [?], behaviour D.5), one `system.tokens` lookup fills them in.
 */
export async function factsFromCreated(
  created: CreatedToken,
  name: string,
  lookup: () => ReturnType<Influxdb3Client["findToken"]>,
): Promise<TokenFacts> {
  if (typeof created.id === "number" && typeof created.created_at === "string") {
    const facts: TokenFacts = {
      tokenId: created.id,
      hashPrefix: typeof created.hash === "string" ? created.hash.slice(0, 9) : hashPrefixOf(created.token),
      createdAt: created.created_at,
    };
    if (typeof created.expiry === "string") facts.expiresAt = created.expiry;
    return facts;
  }
  const row = await lookup();
  if (row === undefined)
    throw new Error(`InfluxDB 3 created token "${name}" but system.tokens does not list it`);
  return factsFromRow(row);
}

/** InfluxDB issue #27620: a token whose expiry is not after its creation is dead on arrival. */
export function bornExpired(facts: TokenFacts): boolean {
  return facts.expiresAt !== undefined && Date.parse(facts.expiresAt) <= Date.parse(facts.createdAt);
}

export const ISSUE_27620 = "https://github.com/influxdata/influxdb/issues/27620";
