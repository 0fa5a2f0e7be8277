import { describe, expect, it } from "vitest";
import type { V2Authorization } from "../../../../provider/clients/v2";
import { cloneDatabaseTokenPermissions, clonePermissions } from "../../../../provider/lookups/clone";
import { matchesAuthorization, matchesDatabaseToken } from "../../../../provider/lookups/filters";
import { authorizationSummary, databaseTokenSummary } from "../../../../provider/lookups/summaries";
import type { AuthorizationSummary } from "../../../../provider/lookups/types";

const ORG = "0a00000000000001";
const BUCKET = "0c00000000000001";

function auth(overrides: Partial<V2Authorization> = {}): V2Authorization {
  return {
    id: "0d00000000000001",
    token: "plain-secret-token-value",
    status: "active",
    description: "telegraf on edge-17",
    orgID: ORG,
    org: "my-org",
    userID: "0b00000000000001",
    user: "iot_user_1",
    permissions: [
      {
        action: "write",
        resource: { type: "buckets", id: BUCKET, orgID: ORG, name: "telemetry", org: "my-org" },
      },
      { action: "read", resource: { type: "dashboards", orgID: ORG, org: "my-org" } },
    ],
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

describe("authorizationSummary", () => {
  it("copies the reported fields and never the token", () => {
    const summary = authorizationSummary(auth());
    expect(JSON.stringify(summary)).not.toContain("plain-secret-token-value");
    expect(summary).not.toHaveProperty("token");
    expect(summary).toMatchObject({
      id: "0d00000000000001",
      orgId: ORG,
      user: "iot_user_1",
      status: "active",
    });
    expect(summary.permissions[0]).toEqual({
      action: "write",
      resource: { type: "buckets", id: BUCKET, orgId: ORG, name: "telemetry", org: "my-org" },
    });
  });
});

describe("matchesAuthorization", () => {
  const summary: AuthorizationSummary = authorizationSummary(auth());
  it.each([
    [{}, true],
    [{ status: "active" as const }, true],
    [{ status: "inactive" as const }, false],
    [{ action: "write" as const }, true],
    [{ action: "write" as const, resourceType: "buckets" }, true],
    // write and dashboards are held, but not in one permission
    [{ action: "write" as const, resourceType: "dashboards" }, false],
    [{ resourceType: "tasks" }, false],
    [{ resourceId: BUCKET }, true],
    [{ action: "write" as const, resourceId: "0c00000000000009" }, false],
    // read on dashboards is org-wide: it covers any dashboard ID
    [{ action: "read" as const, resourceId: "0c00000000000009" }, true],
    [{ description: "edge-17" }, true],
    [{ description: "Edge" }, false],
    [{ description: /^telegraf on edge-\d+$/ }, true],
    [{ description: /grafana/ }, false],
  ])("%o -> %s", (filter, expected) => {
    expect(matchesAuthorization(summary, filter)).toBe(expected);
  });

  it("counts an instance grant as covering every type", () => {
    const instance = authorizationSummary(
      auth({ permissions: [{ action: "write", resource: { type: "instance" } }] }),
    );
    expect(matchesAuthorization(instance, { action: "write", resourceType: "buckets" })).toBe(true);
  });

  it("a global regular expression gives the same answer on every call", () => {
    const matcher = /edge/g;
    expect(matchesAuthorization(summary, { description: matcher })).toBe(true);
    expect(matchesAuthorization(summary, { description: matcher })).toBe(true);
  });
});

describe("database tokens", () => {
  const now = Date.parse("2026-06-01T00:00:00Z");
  const base = {
    id: "11111111-1111-4111-8111-111111111111",
    description: "grafana reads sensors",
    permissions: [
      { action: "read", resource: "sensors" },
      { action: "write", resource: "*" },
    ],
    createdAt: "2026-01-01T00:00:00Z",
    accessToken: "apiv1_secret",
  };

  it("summaries drop accessToken and say whether the token still works", () => {
    const live = databaseTokenSummary(base, now);
    expect(live).not.toHaveProperty("accessToken");
    expect(live.active).toBe(true);
    expect(databaseTokenSummary({ ...base, expiresAt: "2026-05-01T00:00:00Z" }, now).active).toBe(false);
    expect(databaseTokenSummary({ ...base, revokedAt: "2026-05-01T00:00:00Z" }, now).active).toBe(false);
  });

  it("filters: revoked hidden by default, '*' covers every database, action and database in one permission", () => {
    const live = databaseTokenSummary(base, now);
    const revoked = databaseTokenSummary({ ...base, revokedAt: "2026-05-01T00:00:00Z" }, now);
    const expired = databaseTokenSummary({ ...base, expiresAt: "2026-05-01T00:00:00Z" }, now);
    expect(matchesDatabaseToken(revoked, {})).toBe(false);
    expect(matchesDatabaseToken(revoked, { includeRevoked: true })).toBe(true);
    expect(matchesDatabaseToken(expired, {})).toBe(true);
    expect(matchesDatabaseToken(expired, { activeOnly: true })).toBe(false);
    expect(matchesDatabaseToken(live, { action: "write", database: "anything" })).toBe(true);
    expect(matchesDatabaseToken(live, { action: "read", database: "sensors" })).toBe(true);
    expect(matchesDatabaseToken(live, { action: "read", database: "other" })).toBe(false);
    expect(matchesDatabaseToken(live, { description: /^grafana/ })).toBe(true);
  });
});

describe("clonePermissions", () => {
  it("keeps type, id and orgId only: the shape Authorization.permissions accepts", () => {
    expect(clonePermissions(authorizationSummary(auth()).permissions)).toEqual([
      { action: "write", resource: { type: "buckets", id: BUCKET, orgId: ORG } },
      { action: "read", resource: { type: "dashboards", orgId: ORG } },
    ]);
  });
});

describe("cloneDatabaseTokenPermissions", () => {
  it("keeps read and write permissions, and names a value a DatabaseToken cannot take", () => {
    expect(
      cloneDatabaseTokenPermissions([
        { action: "read", resource: "sensors" },
        { action: "write", resource: "*" },
      ]),
    ).toEqual([
      { action: "read", resource: "sensors" },
      { action: "write", resource: "*" },
    ]);
    expect(() => cloneDatabaseTokenPermissions([{ action: "admin", resource: "x" }])).toThrow(
      'permissions[0].action: "admin" cannot be cloned',
    );
  });
});
