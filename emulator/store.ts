import { createHash } from "node:crypto";
import { type RandomSource, uuidV4, v2Token } from "./random";
import { OPERATOR_PERMISSIONS, type V2Permission } from "./v2/permissions";

/** Everything the emulator knows. Plain data only, so it can be written to `--data` as JSON. */
export interface Org {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}
export interface User {
  id: string;
  name: string;
  /**
   * POST /api/v2/users stores any string (influxd 2.9.1 validates status only on PATCH); only
   * "inactive" locks the user's tokens out.
   */
  status: string;
  oauthID?: string;
  /** Salted SHA-256 of the password set through the API; never returned, kept out of plain text. */
  passwordHash?: string;
}
/** A user-resource mapping on an org (`/api/v2/orgs/{id}/members`, `/owners`). */
export interface OrgMember {
  orgID: string;
  userID: string;
  role: "member" | "owner";
}
export interface Bucket {
  id: string;
  orgID: string;
  type: "user" | "system";
  name: string;
  description: string;
  retentionSeconds: number;
  shardGroupSeconds: number;
  createdAt: string;
  updatedAt: string;
}
export interface AuthRecord {
  id: string;
  /** sha256 of the token: how the emulator finds the caller, as OSS 2.9 hashed storage does. */
  tokenHash: string;
  /** Kept only in `plain` visibility mode (OSS <= 2.8 stores tokens in clear text). */
  token?: string;
  status: "active" | "inactive";
  description: string;
  orgID: string;
  userID: string;
  permissions: V2Permission[];
  createdAt: string;
  updatedAt: string;
}
export interface DatabasePermission {
  action: string;
  resource: string;
}
export interface DatabaseTokenRecord {
  id: string;
  tokenHash: string;
  description: string;
  permissions: DatabasePermission[];
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  /** When the token starts to work on the data API (behaviour B.4 synchronization delay). */
  activeAt: string;
}

export interface StateData {
  version: 1;
  /** The last v2 ID handed out (16 hex). IDs increase, like OSS snowflake IDs, so list order = creation order. */
  lastId: string;
  operatorToken: string;
  managementToken: string;
  accountId: string;
  clusterId: string;
  orgs: Org[];
  users: User[];
  /** Absent in files written before the users API existed; the Store fills it in. */
  orgMembers?: OrgMember[];
  buckets: Bucket[];
  authorizations: AuthRecord[];
  databaseTokens: DatabaseTokenRecord[];
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** In-memory state with the indexes the handlers need; mutations call `onChange` (persistence). */
export class Store {
  private authByHash = new Map<string, AuthRecord>();
  private authById = new Map<string, AuthRecord>();
  private dbTokenByHash = new Map<string, DatabaseTokenRecord>();
  onChange: () => void = () => {};

  constructor(
    readonly data: StateData,
    private readonly rng: RandomSource,
  ) {
    // Before the users API, every user counted as a member of every org; keep that for old files.
    data.orgMembers ??= data.users.flatMap((u) =>
      data.orgs.map((o) => ({ orgID: o.id, userID: u.id, role: "owner" as const })),
    );
    this.reindex();
  }

  reindex(): void {
    this.authByHash = new Map(this.data.authorizations.map((a) => [a.tokenHash, a]));
    this.authById = new Map(this.data.authorizations.map((a) => [a.id, a]));
    this.dbTokenByHash = new Map(this.data.databaseTokens.map((t) => [t.tokenHash, t]));
  }

  changed(): void {
    this.onChange();
  }

  nextId(): string {
    const step = 1n + BigInt(Math.floor(this.rng.next() * 4096));
    const next = (BigInt("0x" + this.data.lastId) + step) & 0xffff_ffff_ffff_ffffn;
    this.data.lastId = next.toString(16).padStart(16, "0");
    return this.data.lastId;
  }

  uuid(): string {
    return uuidV4(this.rng);
  }

  random(): RandomSource {
    return this.rng;
  }

  authByToken(token: string): AuthRecord | undefined {
    return this.authByHash.get(hashToken(token));
  }
  dbTokenByToken(token: string): DatabaseTokenRecord | undefined {
    return this.dbTokenByHash.get(hashToken(token));
  }

  findAuth(id: string): AuthRecord | undefined {
    return this.authById.get(id);
  }
  addAuth(a: AuthRecord): void {
    // Kept in ascending ID order, the order the OSS KV store lists them in (behaviour A.5).
    const list = this.data.authorizations;
    const last = list[list.length - 1];
    list.push(a);
    if (last && last.id > a.id) list.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    this.authByHash.set(a.tokenHash, a);
    this.authById.set(a.id, a);
    this.changed();
  }
  deleteAuth(id: string): void {
    const a = this.findAuth(id);
    if (!a) return;
    this.data.authorizations = this.data.authorizations.filter((x) => x.id !== id);
    this.authByHash.delete(a.tokenHash);
    this.authById.delete(id);
    this.changed();
  }

  findOrg(id: string): Org | undefined {
    return this.data.orgs.find((o) => o.id === id);
  }
  findOrgByName(name: string): Org | undefined {
    return this.data.orgs.find((o) => o.name === name);
  }
  findUser(id: string): User | undefined {
    return this.data.users.find((u) => u.id === id);
  }
  findUserByName(name: string): User | undefined {
    return this.data.users.find((u) => u.name === name);
  }
  findBucket(id: string): Bucket | undefined {
    return this.data.buckets.find((b) => b.id === id);
  }

  findDbToken(id: string): DatabaseTokenRecord | undefined {
    return this.data.databaseTokens.find((t) => t.id === id);
  }
  addDbToken(t: DatabaseTokenRecord): void {
    this.data.databaseTokens.push(t);
    this.dbTokenByHash.set(t.tokenHash, t);
    this.changed();
  }
}

export interface SeedOptions {
  token?: string;
  managementToken?: string;
}

/** A freshly onboarded instance: org `my-org`, user `admin`, buckets `telemetry` and `logs`. */
export function seedState(rng: RandomSource, opts: SeedOptions, now: string): StateData {
  const first = rng.bytes(6).toString("hex");
  // OSS IDs start with a 0 nibble (snowflake time bits); keep room to grow.
  const data: StateData = {
    version: 1,
    lastId: "0" + first.slice(1) + "0000",
    operatorToken: opts.token ?? v2Token(rng),
    managementToken: opts.managementToken ?? v2Token(rng),
    accountId: uuidV4(rng),
    clusterId: uuidV4(rng),
    orgs: [],
    users: [],
    orgMembers: [],
    buckets: [],
    authorizations: [],
    databaseTokens: [],
  };
  const store = new Store(data, rng);
  const user: User = { id: store.nextId(), name: "admin", status: "active" };
  const org: Org = { id: store.nextId(), name: "my-org", description: "", createdAt: now, updatedAt: now };
  data.users.push(user);
  data.orgs.push(org);
  // Onboarding makes the first user the org's owner (`/api/v2/orgs/{id}/owners` lists it).
  data.orgMembers = [{ orgID: org.id, userID: user.id, role: "owner" }];
  const bucket = (name: string, type: Bucket["type"], retentionSeconds: number): Bucket => ({
    id: store.nextId(),
    orgID: org.id,
    type,
    name,
    description: type === "system" ? systemDescription(name) : "",
    retentionSeconds,
    shardGroupSeconds: shardGroupSeconds(retentionSeconds),
    createdAt: now,
    updatedAt: now,
  });
  // Onboarding creates the two system buckets too; a real instance lists them (type "system").
  data.buckets.push(bucket("telemetry", "user", 0));
  data.buckets.push(bucket("_monitoring", "system", 7 * 86400));
  data.buckets.push(bucket("_tasks", "system", 3 * 86400));
  data.buckets.push(bucket("logs", "user", 0));
  data.authorizations.push({
    id: store.nextId(),
    tokenHash: hashToken(data.operatorToken),
    token: data.operatorToken,
    status: "active",
    description: "admin's Token",
    orgID: org.id,
    userID: user.id,
    permissions: OPERATOR_PERMISSIONS.map((p) => ({ action: p.action, resource: { ...p.resource } })),
    createdAt: now,
    updatedAt: now,
  });
  return data;
}

/** InfluxDB's default shard-group duration for a retention period (0 = infinite => 7 days). */
function shardGroupSeconds(retentionSeconds: number): number {
  if (retentionSeconds === 0 || retentionSeconds >= 180 * 86400) return 7 * 86400;
  return retentionSeconds <= 2 * 86400 ? 3600 : 86400;
}

function systemDescription(name: string): string {
  return name === "_monitoring" ? "System bucket for monitoring logs" : "System bucket for task logs";
}
