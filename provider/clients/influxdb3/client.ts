import type { Influxdb3Connection } from "../../config/influxdb3";
import { InfluxApiError, type RequestFn } from "../../http";
import { type CallOptions, callFor } from "../call";

/**
 * Client of the InfluxDB 3 Core/Enterprise token API (`/api/v3/configure/token*`, and the
 * `system.tokens` table through `/api/v3/query_sql`). Every method takes the credential it should
 * use, because one resource may act with different tokens (the operator token regenerates itself
 * with its own secret). Requests go through ../call.ts like the other clients', so they get the
 * same retry budget, CA and TLS settings.
 */

/**
 * The create/regenerate response. `id`/`hash`/`created_at` may be missing in the Enterprise
 * resource-token response: the OpenAPI spec documents that response as `ResourceTokenObject`, the
 * request's own shape, which has none of them.
 */
export interface CreatedToken {
  id?: number;
  name?: string;
  token: string;
  hash?: string;
  created_at?: string;
  expiry?: string | null;
}

/** A `system.tokens` row as `format=json` renders it: null columns are absent, timestamps have no `Z`. */
export interface TokenRow {
  token_id: number;
  name: string;
  /** 9 hex chars; absent when the server runs without auth. */
  hash?: string;
  created_at: string;
  updated_at?: string;
  updated_by_token_id?: number;
  expiry?: string;
  permissions?: string;
}

export interface ResourcePermissionBody {
  resource_type: "db" | "system";
  resource_names: string[];
  actions: string[];
}

export interface ServerInfo {
  /** The `X-Influxdb-Build` header of `/ping`: `Core` or `Enterprise`. */
  build: string | undefined;
  version: string | undefined;
}

export interface Influxdb3Client {
  readonly url: string;
  /** Unauthenticated bootstrap of `_admin`; the server answers 409 once it exists. */
  createOperatorToken(): Promise<CreatedToken>;
  regenerateOperatorToken(credential: string): Promise<CreatedToken>;
  createNamedAdminToken(
    credential: string,
    name: string,
    expirySecs: number | undefined,
  ): Promise<CreatedToken>;
  createResourceToken(
    credential: string,
    name: string,
    permissions: ResourcePermissionBody[],
    expirySecs: number | undefined,
  ): Promise<CreatedToken>;
  /** false when the name was not there (404). */
  deleteToken(credential: string, name: string): Promise<boolean>;
  /** The `system.tokens` row of a name, or undefined. */
  findToken(credential: string, name: string): Promise<TokenRow | undefined>;
  /** Every `system.tokens` row (what `influxdb3 show tokens` lists), e.g. for an audit. */
  listTokens(credential: string): Promise<TokenRow[]>;
  ping(credential: string): Promise<ServerInfo>;
}

/** SQL string literal: quotes doubled, so a token name can never end the literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `send`: the request function (tests fake the server with it); default: the transport with retries. */
export function influxdb3Client(connection: Influxdb3Connection, send?: RequestFn): Influxdb3Client {
  const api = callFor(
    { url: connection.url, scheme: "Bearer", token: connection.token, transport: connection.transport },
    send,
  );
  // `undefined`: the unauthenticated bootstrap. The server ignores any Authorization header on
  // that path, so none is sent that could leak a token meant for another endpoint.
  const call = (credential: string | undefined, options: Omit<CallOptions, "credential">) =>
    api({ ...options, credential: credential ?? null });
  // `system.tokens` lives in the `_internal` database; its JSON rows omit null columns.
  const selectTokens = async (credential: string, q: string): Promise<TokenRow[]> => {
    const response = await call(credential, {
      method: "GET",
      path: "/api/v3/query_sql",
      query: { db: "_internal", q, format: "json" },
    });
    return Array.isArray(response.body) ? (response.body as TokenRow[]) : [];
  };
  const created = (body: unknown, what: string): CreatedToken => {
    const record = body as Partial<CreatedToken> | undefined;
    if (record === undefined || typeof record !== "object" || typeof record.token !== "string") {
      throw new Error(`InfluxDB 3 answered ${what} without a token in the body`);
    }
    return record as CreatedToken;
  };

  return {
    url: connection.url,
    async createOperatorToken() {
      const path = "/api/v3/configure/token/admin";
      return created((await call(undefined, { method: "POST", path })).body, `POST ${path}`);
    },
    async regenerateOperatorToken(credential) {
      const path = "/api/v3/configure/token/admin/regenerate";
      return created((await call(credential, { method: "POST", path })).body, `POST ${path}`);
    },
    async createNamedAdminToken(credential, name, expirySecs) {
      const path = "/api/v3/configure/token/named_admin";
      // "No expiry" is an absent expiry_secs, never 0: a token with `expiry_secs: 0` is born expired.
      const body = { token_name: name, ...(expirySecs === undefined ? {} : { expiry_secs: expirySecs }) };
      return created((await call(credential, { method: "POST", path, body })).body, `POST ${path}`);
    },
    async createResourceToken(credential, name, permissions, expirySecs) {
      const path = "/api/v3/enterprise/configure/token";
      const body = {
        token_name: name,
        permissions,
        ...(expirySecs === undefined ? {} : { expiry_secs: expirySecs }),
      };
      return created((await call(credential, { method: "POST", path, body })).body, `POST ${path}`);
    },
    async deleteToken(credential, name) {
      try {
        await call(credential, {
          method: "DELETE",
          path: "/api/v3/configure/token",
          query: { token_name: name },
        });
        return true;
      } catch (error) {
        if (error instanceof InfluxApiError && error.isNotFound) return false;
        throw error;
      }
    },
    async findToken(credential, name) {
      const rows = await selectTokens(
        credential,
        `SELECT * FROM system.tokens WHERE name = ${sqlString(name)}`,
      );
      return rows.find((row) => row.name === name);
    },
    async listTokens(credential) {
      return selectTokens(credential, "SELECT * FROM system.tokens");
    },
    async ping(credential) {
      const response = await call(credential, { method: "GET", path: "/ping" });
      const header = (key: string) => {
        const value = response.headers[key];
        return Array.isArray(value) ? value[0] : value;
      };
      return { build: header("x-influxdb-build"), version: header("x-influxdb-version") };
    },
  };
}
