import { describe, expect, it } from "vitest";
import { validateDatabaseToken } from "../../../../../provider/resources/database-token/schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const valid = {
  description: "grafana",
  permissions: [{ action: "read", resource: "sensors" }],
  expiresAt: "2027-06-30T00:00:00Z",
};
const failures = (inputs: Record<string, unknown>, oldExpiresAt?: string) => {
  const result = validateDatabaseToken(inputs, oldExpiresAt, NOW);
  return result.ok ? [] : result.failures;
};

describe("validateDatabaseToken accepts", () => {
  it.each([
    ["a full token", valid],
    ["no permissions (a no-access token, B.2)", { description: "d", permissions: [] }],
    ["permissions omitted", { description: "d" }],
    ["all databases", { description: "d", permissions: [{ action: "write", resource: "*" }] }],
    ["an offset date-time", { description: "d", expiresAt: "2027-01-01T10:00:00.5+02:00" }],
    [
      "Dedicated connection",
      {
        description: "d",
        connection: {
          url: "http://127.0.0.1:1",
          token: "t",
          accountId: "11111111-1111-4111-8111-111111111111",
          clusterId: "22222222-2222-4222-8222-222222222222",
        },
      },
    ],
    [
      "unknowns in preview",
      { description: UNKNOWN, permissions: [{ action: UNKNOWN, resource: UNKNOWN }], expiresAt: UNKNOWN },
    ],
    ["an unknown permission list", { description: "d", permissions: UNKNOWN }],
  ])("%s", (_, inputs) => {
    expect(failures(inputs)).toEqual([]);
  });

  it("an expiry that has passed since it was set (unchanged against olds)", () => {
    const past = "2026-01-01T00:00:00Z";
    expect(failures({ ...valid, expiresAt: past }, past)).toEqual([]);
    expect(failures({ ...valid, expiresAt: past }, "2026-01-01T00:00:00.000Z")).toEqual([]);
  });
});

describe("validateDatabaseToken rejects", () => {
  it.each([
    ["a missing description", { permissions: [] }, "description", /is required/],
    ["an empty description", { description: "" }, "description", /must not be empty/],
    [
      "a bad action",
      { description: "d", permissions: [{ action: "admin", resource: "x" }] },
      "permissions[0].action",
      /use "read" or "write"/,
    ],
    [
      "an empty database",
      { description: "d", permissions: [{ action: "read", resource: "" }] },
      "permissions[0].resource",
      /"\*" for all databases/,
    ],
    [
      "a long database name",
      { description: "d", permissions: [{ action: "read", resource: "x".repeat(65) }] },
      "permissions[0].resource",
      /at most 64/,
    ],
    [
      "a permission object with extra keys",
      { description: "d", permissions: [{ action: "read", resource: "x", db: "y" }] },
      "permissions[0].db",
      /unknown property "db": not a known property here; the accepted properties are action, resource$/,
    ],
    [
      "a date without a zone",
      { description: "d", expiresAt: "2027-06-30T00:00:00" },
      "expiresAt",
      /not an RFC 3339 date-time/,
    ],
    [
      "a date only",
      { description: "d", expiresAt: "2027-06-30" },
      "expiresAt",
      /e\.g\. "2027-06-30T00:00:00Z"/,
    ],
    [
      "a new expiry in the past",
      { description: "d", expiresAt: "2025-01-01T00:00:00Z" },
      "expiresAt",
      /not in the future/,
    ],
    [
      "a bad account ID",
      { description: "d", connection: { accountId: "acct" } },
      "connection.accountId",
      /UUID/,
    ],
    [
      "an unknown key",
      { description: "d", expiry: "x" },
      "expiry",
      /the accepted properties are description, permissions, expiresAt, connection, adoptId/,
    ],
  ])("%s", (_, inputs, property, reason) => {
    const list = failures(inputs as Record<string, unknown>);
    const failure = list.find((f) => f.property === property);
    expect(failure, JSON.stringify(list)).toBeDefined();
    expect(failure?.reason).toMatch(reason);
  });

  it("a changed expiry in the past", () => {
    expect(
      failures({ ...valid, expiresAt: "2026-02-01T00:00:00Z" }, "2026-01-01T00:00:00Z")[0]?.property,
    ).toBe("expiresAt");
  });
});
