import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../provider/config";
import type { ResourceName } from "../../../provider/registry";
import { diffAuthorization } from "../../../provider/resources/authorization/diff";
import { diffDatabaseToken } from "../../../provider/resources/database-token/diff";
import { diffNamedToken } from "../../../provider/resources/influxdb3/named-token-diff";
import { diffOfflineTokens } from "../../../provider/resources/influxdb3/offline-tokens-diff";
import { diffOperatorToken } from "../../../provider/resources/influxdb3/operator-token-diff";
import { diffUser } from "../../../provider/resources/user/diff";
import type { Change } from "../../../provider/shared/declaration";
import { declaredInputs, FAMILIES } from "../../../scripts/generate-sdk-types";

/**
 * Each input declares, next to its rule, what a change to it does (provider/shared/declaration.ts);
 * the SDK's TSDoc and the package schema's `replaceOnChanges` are generated from that. Here the
 * declaration is held to the two things it describes: its own wording, and the resource's diff.
 */
type Props = Record<string, unknown>;
type Diff = (olds: Props, news: Props) => { changes?: boolean; replaces?: string[] };

const entries = FAMILIES.flatMap((family) => family.resources);
const entry = (name: ResourceName) => entries.find((e) => e.name === name)!;

afterEach(() => setStackConfig(undefined));

/** The sentence users read must say what the declared kind does. */
const WORDING: Record<Exclude<Change, "fields">, RegExp> = {
  replace: /\breplaces\b/,
  update: /\bupdates in place\b|\bregenerates the secret in place\b/,
  state: /\bupdates state only\b/,
  create: /\bonly when the resource is created\b|\bonly at create\b/,
  rotation: /\breplaces\b/,
};

describe("input declarations", () => {
  it.each(entries.map((e) => [e.name, e] as const))(
    "%s: each description words its change kind",
    (_name, e) => {
      const declared = declaredInputs(e);
      expect(declared.length).toBeGreaterThan(0);
      for (const { path, doc } of declared) {
        if (doc.change === "fields" || doc.change === undefined) continue;
        expect(doc.description.replaceAll("**", ""), `${e.name}.${path}`).toMatch(WORDING[doc.change]);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The diffs: one case per declared path, the inputs changed only there.

const NOW = Date.now();
const RECENT = new Date(NOW - 60_000).toISOString();
const LONG_AGO = "2020-01-01T00:00:00Z";
const UUID = (n: number) => `${String(n).repeat(8)}-1111-4111-8111-111111111111`;

interface Case {
  /** Inputs changed from `news` (undefined removes a key). */
  news: Props;
  /** State changed from `olds`. */
  olds?: Props;
}

interface Resource {
  diff: Diff;
  olds: Props;
  news: Props;
  /** One per declared path; for a `rotation` input, the case that only records the change. */
  cases: Record<string, Case>;
  /** For each `rotation` input, the case that replaces. */
  rotates?: Record<string, Case>;
}

const v2Permissions = [{ action: "read", resource: { type: "buckets", id: "aaaaaaaaaaaaaaaa" } }];
const v2Connection = { url: "http://127.0.0.1:8086", token: "t1" };

const RESOURCES: Record<ResourceName, Resource> = {
  Authorization: {
    diff: (o, n) => diffAuthorization(o, n, NOW),
    olds: {
      orgId: "0123456789abcdef",
      org: "my-org",
      userId: "1111111111111111",
      user: "me",
      description: "d",
      status: "active",
      permissions: v2Permissions,
      token: "secret",
      createdAt: RECENT,
      connection: v2Connection,
      adopted: false,
    },
    news: {
      orgId: "0123456789abcdef",
      userId: "1111111111111111",
      description: "d",
      status: "active",
      permissions: v2Permissions,
      connection: v2Connection,
    },
    cases: {
      org: { news: { orgId: undefined, org: "other-org" } },
      orgId: { news: { orgId: "2222222222222222" } },
      user: { news: { userId: undefined, user: "someone" } },
      userId: { news: { userId: "3333333333333333" } },
      description: { news: { description: "e" } },
      status: { news: { status: "inactive" } },
      permissions: { news: { permissions: [{ action: "write", resource: { type: "buckets" } }] } },
      "connection.url": { news: { connection: { ...v2Connection, url: "http://other:8086" } } },
      "connection.token": { news: { connection: { ...v2Connection, token: "t2" } } },
      adoptId: { news: { adoptId: "4444444444444444" } },
      adoptedToken: { news: { adoptedToken: "value" }, olds: { adopted: true, token: undefined } },
      rotateAfter: { news: { rotateAfter: "90d" } },
      rotationTrigger: { news: { rotationTrigger: "first" } },
    },
    rotates: {
      rotateAfter: { news: { rotateAfter: "1d" }, olds: { createdAt: LONG_AGO } },
      rotationTrigger: { news: { rotationTrigger: "b" }, olds: { rotationTrigger: "a" } },
    },
  },
  DatabaseToken: {
    diff: (o, n) => diffDatabaseToken(o, n, NOW),
    olds: {
      description: "d",
      permissions: [{ action: "read", resource: "db1" }],
      expiresAt: "2030-01-01T00:00:00Z",
      accessToken: "secret",
      createdAt: RECENT,
      connection: { url: "https://console.example.com", token: "t1", accountId: UUID(1), clusterId: UUID(2) },
      adopted: false,
    },
    news: {
      description: "d",
      permissions: [{ action: "read", resource: "db1" }],
      expiresAt: "2030-01-01T00:00:00Z",
      connection: { url: "https://console.example.com", token: "t1", accountId: UUID(1), clusterId: UUID(2) },
    },
    cases: {
      description: { news: { description: "e" } },
      permissions: { news: { permissions: [{ action: "write", resource: "db1" }] } },
      expiresAt: { news: { expiresAt: "2031-01-01T00:00:00Z" } },
      "connection.url": { news: { connection: { url: "https://other.example.com", token: "t1" } } },
      "connection.token": { news: { connection: { token: "t2" } } },
      "connection.accountId": { news: { connection: { accountId: UUID(3) } } },
      "connection.clusterId": { news: { connection: { clusterId: UUID(4) } } },
      adoptId: { news: { adoptId: UUID(5) } },
      adoptedToken: { news: { adoptedToken: "value" }, olds: { adopted: true, accessToken: undefined } },
      rotateAfter: { news: { rotateAfter: "90d" } },
      rotationTrigger: { news: { rotationTrigger: "first" } },
      waitForActivation: { news: { waitForActivation: true } },
    },
    rotates: {
      rotateAfter: { news: { rotateAfter: "1d" }, olds: { createdAt: LONG_AGO } },
      rotationTrigger: { news: { rotationTrigger: "b" }, olds: { rotationTrigger: "a" } },
    },
  },
  OperatorToken: {
    diff: diffOperatorToken,
    olds: {
      connection: { url: "http://127.0.0.1:8181", token: "t1" },
      name: "_admin",
      token: "secret",
      status: "active",
    },
    news: { connection: { url: "http://127.0.0.1:8181", token: "t1" } },
    cases: {
      "connection.url": { news: { connection: { url: "http://127.0.0.1:8282", token: "t1" } } },
      "connection.token": { news: { connection: { url: "http://127.0.0.1:8181", token: "t2" } } },
      rotationTrigger: { news: { rotationTrigger: "2027-01-01" } },
      existingToken: { news: { existingToken: "apiv3_x" } },
    },
  },
  AdminToken: namedTokenCases(false),
  ResourceToken: namedTokenCases(true),
  OfflineTokens: offlineTokensCases(),
  User: {
    diff: diffUser,
    olds: {
      userId: "1111111111111111",
      name: "alice",
      status: "active",
      password: "p4ssw0rd-1",
      orgMemberships: ["my-org"],
      orgIds: ["0123456789abcdef"],
      connection: v2Connection,
    },
    news: { name: "alice", password: "p4ssw0rd-1", orgMemberships: ["my-org"], connection: v2Connection },
    cases: {
      name: { news: { name: "alice2" } },
      status: { news: { status: "inactive" } },
      password: { news: { password: "p4ssw0rd-2" } },
      orgMemberships: { news: { orgMemberships: ["my-org", "other-org"] } },
      deleteWithTokens: { news: { deleteWithTokens: true } },
      "connection.url": { news: { connection: { ...v2Connection, url: "http://other:8086" } } },
      "connection.token": { news: { connection: { ...v2Connection, token: "t2" } } },
    },
  },
};

function offlineTokensCases(): Resource {
  const permissions = [{ resourceType: "db", resourceNames: ["db1"], actions: ["read"] }];
  const inputs: Props = {
    adminTokenName: "ops",
    adminTokenExpiresIn: "30d",
    permissionTokens: [{ name: "telegraf", permissions, expiresIn: "90d" }],
    createDatabases: ["db1"],
    connection: { url: "http://127.0.0.1:8181", token: "t1" },
  };
  return {
    diff: diffOfflineTokens,
    olds: { ...inputs, adminName: "ops", adminToken: "secret", hashPrefixes: { ops: "abcdef012" } },
    news: inputs,
    cases: {
      adminTokenName: { news: { adminTokenName: undefined } },
      adminTokenExpiresIn: { news: { adminTokenExpiresIn: "60d" } },
      permissionTokens: {
        news: {
          permissionTokens: [{ name: "telegraf", permissions: [{ ...permissions[0], actions: ["write"] }] }],
        },
      },
      createDatabases: { news: { createDatabases: ["db1", "db2"] } },
      "connection.url": { news: { connection: { url: "http://127.0.0.1:8282", token: "t1" } } },
      "connection.token": { news: { connection: { url: "http://127.0.0.1:8181", token: "t2" } } },
    },
  };
}

function namedTokenCases(withPermissions: boolean): Resource {
  const permissions = [{ resourceType: "db", resourceNames: ["db1"], actions: ["read"] }];
  const inputs: Props = {
    name: "ci",
    expiresIn: "30d",
    connection: { url: "http://127.0.0.1:8181", token: "t1" },
    ...(withPermissions ? { permissions } : {}),
  };
  return {
    diff: (o, n) => diffNamedToken(o, n, NOW),
    olds: {
      ...inputs,
      tokenName: "ci",
      token: "secret",
      status: "active",
      createdAt: RECENT,
      expiresAt: new Date(NOW + 86_400_000).toISOString(),
    },
    news: inputs,
    cases: {
      name: { news: { name: "ci-2" } },
      expiresIn: { news: { expiresIn: "60d" } },
      "connection.url": { news: { connection: { url: "http://127.0.0.1:8282", token: "t1" } } },
      "connection.token": { news: { connection: { url: "http://127.0.0.1:8181", token: "t2" } } },
      ...(withPermissions
        ? { permissions: { news: { permissions: [{ ...permissions[0], actions: ["read", "write"] }] } } }
        : {}),
    },
  };
}

function changed(base: Props, change: Props | undefined): Props {
  const out: Props = { ...base };
  for (const [key, value] of Object.entries(change ?? {})) {
    if (value === undefined) delete out[key];
    else if (key === "connection" && typeof value === "object" && base[key] !== undefined) {
      out[key] = { ...(base[key] as Props), ...(value as Props) };
    } else {
      out[key] = value;
    }
  }
  return out;
}

type Observed = "replace" | "change" | "none";

function observe(resource: Resource, c: Case, root: string): Observed {
  const result = resource.diff(changed(resource.olds, c.olds), changed(resource.news, c.news));
  if ((result.replaces ?? []).includes(root)) return "replace";
  if ((result.replaces ?? []).length > 0)
    throw new Error(`replaces ${result.replaces} for a change of ${root}`);
  return result.changes === true ? "change" : "none";
}

const EXPECTED: Record<Exclude<Change, "fields">, Observed> = {
  replace: "replace",
  update: "change",
  state: "change",
  create: "none",
  rotation: "change",
};

describe("declared change kinds agree with the diffs", () => {
  it.each(entries.map((e) => [e.name] as const))("%s", (name) => {
    const resource = RESOURCES[name];
    expect(resource.diff(resource.olds, resource.news).changes, "the base case is no change").toBe(false);
    const declared = declaredInputs(entry(name)).filter(({ doc }) => doc.change !== "fields");
    expect(Object.keys(resource.cases).sort(), "one case per declared input").toEqual(
      declared.map(({ path }) => path).sort(),
    );
    for (const { path, doc } of declared) {
      const root = path.split(".")[0] as string;
      const kind = doc.change as Exclude<Change, "fields">;
      expect(observe(resource, resource.cases[path] as Case, root), `${name}.${path} (${kind})`).toBe(
        EXPECTED[kind],
      );
      if (kind === "rotation") {
        const rotates = resource.rotates?.[path];
        expect(rotates, `${name}.${path}: a case where it replaces`).toBeDefined();
        expect(observe(resource, rotates as Case, root), `${name}.${path} when it rotates`).toBe("replace");
      }
    }
  });
});
