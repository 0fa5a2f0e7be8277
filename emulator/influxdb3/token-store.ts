import { ADMIN_PERMISSION, type PermissionSpec, renderPermissions, validatePermissions } from "./permissions";
import { hashToken } from "./token-string";

/** Name of the operator token (behaviour D.1). */
export const OPERATOR_TOKEN_NAME = "_admin";

/** `i64::MAX` milliseconds: the server's "never expires" and the bound of its `checked_add` (behaviour D.6, behaviour D.10). */
const I64_MAX_MS = 2 ** 63; // as a double; exact enough for a bound

/** JSON schema of an `--admin-token-file` (behaviour D.11). */
export interface PreconfiguredToken {
  token: string;
  name: string;
  /** Absolute expiry in epoch ms. */
  expiry_millis?: number;
}

/** One token of an Enterprise `--permission-tokens-file` (behaviour D.11). */
export interface PreconfiguredPermissionToken extends PreconfiguredToken {
  /** `TYPE:NAMES:ACTIONS`, e.g. `db:db1,db2:read,write` or `system:*:read`. */
  permissions: string[];
}

/** JSON schema of an Enterprise `--permission-tokens-file` (behaviour D.11). */
export interface PermissionTokensFile {
  create_databases?: string[];
  tokens: PreconfiguredPermissionToken[];
}

export type TokenKind = "operator" | "named_admin" | "resource";

/** One catalog entry. The raw token is never kept: only its SHA-512 hex (behaviour D.4). */
export interface StoredToken {
  id: number;
  name: string;
  kind: TokenKind;
  hash: string;
  createdAtMs: number;
  /** null = never expires. */
  expiryMs: number | null;
  updatedAtMs: number | null;
  updatedByTokenId: number | null;
  permissions: PermissionSpec[] | "admin";
}

/** What a create/regenerate returns once: the stored entry plus the raw token for the response body. */
export interface IssuedToken {
  stored: StoredToken;
  token: string;
}

export type CreateResult = { ok: true; issued: IssuedToken } | { ok: false; conflict: string };
export type DeleteResult = "deleted" | "not_found" | "operator";

/** Public, secret-free view of a token for `state()` and tests. */
export interface TokenSnapshot {
  id: number;
  name: string;
  kind: TokenKind;
  hash: string;
  createdAt: string;
  expiry: string | null;
  updatedAt: string | null;
  updatedByTokenId: number | null;
  permissions: string;
}

/**
 * The token catalog: one id counter for every kind, never reused (behaviour D.4); names unique and
 * case-sensitive across all kinds; lookup by hash for authentication.
 */
export class TokenStore {
  private readonly tokens = new Map<number, StoredToken>();
  private readonly idByHash = new Map<string, number>();
  private nextId = 0;
  readonly databases = new Set<string>();

  constructor(
    private readonly generate: () => string,
    readonly now: () => number,
  ) {}

  list(): StoredToken[] {
    return [...this.tokens.values()];
  }

  findByName(name: string): StoredToken | undefined {
    return this.list().find((token) => token.name === name);
  }

  /** behaviour D.3: lookup by SHA-512 of the presented bytes; active only while `expiry > now` (strict). */
  authenticate(presented: Buffer): StoredToken | undefined {
    const id = this.idByHash.get(hashToken(presented));
    const token = id === undefined ? undefined : this.tokens.get(id);
    if (!token) return undefined;
    if (token.expiryMs !== null && !(token.expiryMs > this.now())) return undefined;
    return token;
  }

  createOperator(): CreateResult {
    return this.insert(OPERATOR_TOKEN_NAME, "operator", null, "admin");
  }

  createNamedAdmin(name: string, expirySecs: number | null): CreateResult {
    return this.insert(name, "named_admin", expirySecs, "admin");
  }

  createResource(name: string, expirySecs: number | null, permissions: PermissionSpec[]): CreateResult {
    return this.insert(name, "resource", expirySecs, permissions);
  }

  /**
   * `--admin-token-file` (behaviour D.11): registers a preconfigured admin token under its name unless that
   * name exists; the string in the file never replaces a stored one.
   */
  applyTokenFile(file: PreconfiguredToken): void {
    if (!file.token.startsWith("apiv3_"))
      throw new Error(`token file for ${file.name}: token must start with apiv3_`);
    if (this.findByName(file.name)) return;
    this.insertPreconfigured(file, file.name === OPERATOR_TOKEN_NAME ? "operator" : "named_admin", "admin");
  }

  /**
   * Enterprise `--permission-tokens-file` (behaviour D.11): creates `create_databases` first (so the
   * tokens may name them), then each token as the admin file's are applied: an existing name is
   * skipped. A permission the catalog refuses (behaviour D.7) aborts the start, as bad JSON does.
   */
  applyPermissionTokensFile(file: PermissionTokensFile): void {
    for (const db of file.create_databases ?? []) this.databases.add(db);
    for (const token of file.tokens) {
      if (!token.token.startsWith("apiv3_"))
        throw new Error(`permission tokens file, token ${token.name}: token must start with apiv3_`);
      const check = validatePermissions(token.permissions.map(parsePermissionString), (name) =>
        this.databases.has(name),
      );
      if (!check.ok) throw new Error(`permission tokens file, token ${token.name}: ${check.message}`);
      if (this.findByName(token.name)) continue;
      this.insertPreconfigured(token, "resource", check.permissions);
    }
  }

  private insertPreconfigured(
    file: PreconfiguredToken,
    kind: TokenKind,
    permissions: PermissionSpec[] | "admin",
  ): void {
    const stored: StoredToken = {
      id: this.nextId++,
      name: file.name,
      kind,
      hash: hashToken(file.token),
      createdAtMs: this.now(),
      expiryMs: file.expiry_millis ?? null,
      updatedAtMs: null,
      updatedByTokenId: null,
      permissions,
    };
    this.tokens.set(stored.id, stored);
    this.idByHash.set(stored.hash, stored.id);
  }

  /** behaviour D.5/D.14.6: same id, name and created_at; new secret; the old hash stops working at once. */
  regenerateOperator(): IssuedToken | undefined {
    const operator = this.findByName(OPERATOR_TOKEN_NAME);
    if (!operator) return undefined;
    const token = this.generate();
    this.idByHash.delete(operator.hash);
    operator.hash = hashToken(token);
    operator.updatedAtMs = this.now();
    operator.updatedByTokenId = operator.id;
    this.idByHash.set(operator.hash, operator.id);
    return { stored: operator, token };
  }

  /** behaviour D.5: hard delete, no tombstone; `_admin` cannot be deleted (behaviour D.6). */
  delete(name: string): DeleteResult {
    const token = this.findByName(name);
    if (!token) return "not_found";
    if (token.kind === "operator") return "operator";
    this.tokens.delete(token.id);
    this.idByHash.delete(token.hash);
    return "deleted";
  }

  snapshot(): TokenSnapshot[] {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return this.list().map((token) => ({
      id: token.id,
      name: token.name,
      kind: token.kind,
      hash: token.hash,
      createdAt: new Date(token.createdAtMs).toISOString(),
      expiry: iso(token.expiryMs),
      updatedAt: iso(token.updatedAtMs),
      updatedByTokenId: token.updatedByTokenId,
      permissions: renderPermissions(token.permissions),
    }));
  }

  private insert(
    name: string,
    kind: TokenKind,
    expirySecs: number | null,
    permissions: PermissionSpec[] | "admin",
  ): CreateResult {
    if (this.findByName(name)) return { ok: false, conflict: name };
    const token = this.generate();
    const createdAtMs = this.now();
    const stored: StoredToken = {
      id: this.nextId++,
      name,
      kind,
      hash: hashToken(token),
      createdAtMs,
      expiryMs: expiryFrom(createdAtMs, expirySecs),
      updatedAtMs: null,
      updatedByTokenId: null,
      permissions,
    };
    this.tokens.set(stored.id, stored);
    this.idByHash.set(stored.hash, stored.id);
    return { ok: true, issued: { stored, token } };
  }
}

/**
 * behaviour D.10: expiry = created_at + secs x 1000 (so 0 is dead on arrival); absent/null = never. An overflow
 * of the server's `checked_add` silently means "no expiry" in 3.10.1 (behaviour D.6 edge cases).
 */
function expiryFrom(createdAtMs: number, expirySecs: number | null): number | null {
  if (expirySecs === null) return null;
  const expiry = createdAtMs + expirySecs * 1000;
  return expiry >= I64_MAX_MS ? null : expiry;
}

/** `db:a,b:read,write` as the request form (names and actions split on commas). */
function parsePermissionString(text: string): {
  resource_type: string;
  resource_names: string[];
  actions: string[];
} {
  const [type = "", names = "", actions = ""] = text.split(":");
  const split = (value: string) => value.split(",").filter((part) => part !== "");
  return { resource_type: type, resource_names: split(names), actions: split(actions) };
}

export function isAdminToken(token: StoredToken): boolean {
  return token.permissions === "admin" || renderPermissions(token.permissions) === ADMIN_PERMISSION;
}
