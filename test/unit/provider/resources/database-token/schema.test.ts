import { describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../provider/config";
import { validateDatabaseToken } from "../../../../../provider/resources/database-token/schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";
import { completeSettings, useCompleteSettings } from "../../../../support/complete-settings";

useCompleteSettings();

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

describe("the management URL, checked with no request", () => {
  it("a connection.url ending in /api/v0 names the property and the fix", () => {
    const list = failures({
      ...valid,
      connection: { url: "https://cluster.example.com/api/v0", token: "t" },
    });
    expect(list).toEqual([
      {
        property: "connection.url",
        reason:
          "ends in /api/v0, which the provider adds itself (requests would go to /api/v0/api/v0/...): " +
          "give the base URL without /api/v0, e.g. https://cluster.example.com",
      },
    ]);
  });

  it.each([
    ["stack config", "influxdb:managementUrl"],
    ["environment", "INFLUX_MANAGEMENT_URL"],
  ])("the %s setting ending in /api/v0/ names %s and the fix", (_source, key) => {
    const saved = process.env.INFLUX_MANAGEMENT_URL;
    if (key === "INFLUX_MANAGEMENT_URL") {
      setStackConfig(completeSettings({ "influxdb:managementUrl": "" }));
      process.env.INFLUX_MANAGEMENT_URL = "https://cluster.example.com/api/v0/";
    } else {
      setStackConfig(completeSettings({ "influxdb:managementUrl": "https://cluster.example.com/api/v0/" }));
    }
    try {
      const list = failures(valid);
      expect(list.map((f) => f.property)).toEqual([key]);
      expect(list[0]!.reason).toMatch(/ends in \/api\/v0, which the provider adds itself/);
      expect(list[0]!.reason).toContain("give the base URL without /api/v0");
    } finally {
      if (saved === undefined) delete process.env.INFLUX_MANAGEMENT_URL;
      else process.env.INFLUX_MANAGEMENT_URL = saved;
    }
  });

  it("no management URL anywhere fails on connection.url, naming the setting and the variable", () => {
    setStackConfig(completeSettings({ "influxdb:managementUrl": "" }));
    const list = failures(valid);
    expect(list.map((f) => f.property)).toEqual(["connection.url"]);
    expect(list[0]!.reason).toContain(
      "is not set, and neither is stack config influxdb:managementUrl nor the environment variable INFLUX_MANAGEMENT_URL",
    );
    expect(list[0]!.reason).toContain("pulumi config set influxdb:managementUrl https://cluster.example.com");
    // An unknown connection (preview) is never a failure.
    expect(failures({ ...valid, connection: UNKNOWN })).toEqual([]);
    expect(failures({ ...valid, connection: { url: UNKNOWN, token: "t" } })).toEqual([]);
  });
});
