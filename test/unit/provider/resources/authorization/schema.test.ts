import { describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../provider/config";
import { validateAuthorization } from "../../../../../provider/resources/authorization/schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";
import { completeSettings, useCompleteSettings } from "../../../../support/complete-settings";

useCompleteSettings();

const ORG = "0123456789abcdef";
const BUCKET = "fedcba9876543210";
const valid = {
  orgId: ORG,
  description: "telegraf",
  permissions: [{ action: "write", resource: { type: "buckets", id: BUCKET } }],
};

function failuresOf(inputs: Record<string, unknown>) {
  const result = validateAuthorization(inputs);
  return result.ok ? [] : result.failures;
}

describe("validateAuthorization accepts", () => {
  it.each([
    ["ids", valid],
    [
      "names",
      {
        org: "my-org",
        user: "me",
        permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
      },
    ],
    ["no org (from config)", { permissions: [{ action: "read", resource: { type: "dashboards" } }] }],
    [
      "a resource org by name",
      { ...valid, permissions: [{ action: "read", resource: { type: "tasks", org: "other" } }] },
    ],
    [
      "status inactive and a connection",
      { ...valid, status: "inactive", connection: { url: "http://127.0.0.1:1", token: "t" } },
    ],
    ["nulls as absent", { ...valid, description: null, userId: null }],
    ["an unknown permissions list", { orgId: ORG, permissions: UNKNOWN }],
    ["an unknown permission", { orgId: ORG, permissions: [UNKNOWN] }],
    [
      "unknown nested values",
      {
        orgId: UNKNOWN,
        status: UNKNOWN,
        permissions: [{ action: UNKNOWN, resource: { type: UNKNOWN, id: UNKNOWN } }],
      },
    ],
    ["an unknown resource", { ...valid, permissions: [{ action: "read", resource: UNKNOWN }] }],
    ["an unknown connection", { ...valid, connection: UNKNOWN }],
  ])("%s", (_, inputs) => {
    expect(failuresOf(inputs)).toEqual([]);
  });
});

describe("validateAuthorization rejects, naming the property and the fix", () => {
  it.each([
    [
      "a near-miss resource type",
      {
        ...valid,
        permissions: [valid.permissions[0], { action: "read", resource: { type: "bucket", id: BUCKET } }],
      },
      "permissions[1].resource.type",
      /"bucket" is not a resource type; did you mean "buckets"\?/,
    ],
    [
      "a case slip in a type",
      { ...valid, permissions: [{ action: "read", resource: { type: "NotificationRules" } }] },
      "permissions[0].resource.type",
      /did you mean "notificationRules"/,
    ],
    [
      "a far-off type",
      { ...valid, permissions: [{ action: "read", resource: { type: "zzzzzzzz" } }] },
      "permissions[0].resource.type",
      /use one of: authorizations, buckets/,
    ],
    [
      "a spec-only type OSS rejects",
      { ...valid, permissions: [{ action: "read", resource: { type: "flows" } }] },
      "permissions[0].resource.type",
      /not a resource type/,
    ],
    [
      "a bad action",
      { ...valid, permissions: [{ action: "readwrite", resource: { type: "buckets" } }] },
      "permissions[0].action",
      /use "read" or "write"/,
    ],
    ["no permissions", { ...valid, permissions: [] }, "permissions", /at least 1 item/],
    ["missing permissions", { orgId: ORG }, "permissions", /must be an array/],
    [
      "a name where an ID goes",
      { ...valid, orgId: "my-org" },
      "orgId",
      /"my-org" is not an ID.*use org instead/,
    ],
    ["uppercase hex", { ...valid, userId: "0123456789ABCDEF" }, "userId", /write "0123456789abcdef"/],
    [
      "a bucket name as id",
      { ...valid, permissions: [{ action: "read", resource: { type: "buckets", id: "telemetry" } }] },
      "permissions[0].resource.id",
      /use name instead/,
    ],
    ["org and orgId", { ...valid, org: "x" }, "org", /either orgId or org/],
    ["user and userId", { ...valid, user: "me", userId: ORG }, "user", /either userId or user/],
    [
      "resource id and name",
      { ...valid, permissions: [{ action: "read", resource: { type: "buckets", id: BUCKET, name: "b" } }] },
      "permissions[0].resource.name",
      /either id or name/,
    ],
    [
      "resource orgId and org",
      { ...valid, permissions: [{ action: "read", resource: { type: "buckets", orgId: ORG, org: "o" } }] },
      "permissions[0].resource.org",
      /either orgId or org/,
    ],
    [
      "a name for a type without lookups",
      { ...valid, permissions: [{ action: "read", resource: { type: "dashboards", name: "d" } }] },
      "permissions[0].resource.name",
      /only for buckets, orgs, users/,
    ],
    [
      "an output given as an input",
      { ...valid, token: "x" },
      "token",
      /"token" is an output of this resource, not an input; remove it/,
    ],
    [
      "an unknown resource key",
      { ...valid, permissions: [{ action: "read", resource: { type: "buckets", orgID: ORG } }] },
      "permissions[0].resource.orgID",
      /unknown property "orgID": did you mean "orgId"\?/,
    ],
    ["a bad status", { ...valid, status: "enabled" }, "status", /use "active" or "inactive"/],
    ["a wrong type", { ...valid, description: 5 }, "description", /must be a string/],
    [
      "an unknown connection key",
      { ...valid, connection: { host: "x" } },
      "connection.host",
      /unknown property "host": not a known property here; the accepted properties are url, token$/,
    ],
    [
      "an empty name",
      { ...valid, permissions: [{ action: "read", resource: { type: "buckets", name: "" } }] },
      "permissions[0].resource.name",
      /must not be empty/,
    ],
  ])("%s", (_, inputs, property, reason) => {
    const failures = failuresOf(inputs as Record<string, unknown>);
    const failure = failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure?.reason).toMatch(reason);
  });

  it("reports every failure at once", () => {
    const failures = failuresOf({
      orgId: "x",
      status: "on",
      permissions: [{ action: "r", resource: { type: "bucket" } }],
    });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "orgId",
      "permissions[0].action",
      "permissions[0].resource.type",
      "status",
    ]);
  });
});

describe("a wrong resource type is reported once, with its fix", () => {
  it('"bucket" with a name says did you mean "buckets", and nothing about ids', () => {
    const list = failuresOf({
      ...valid,
      permissions: [{ action: "read", resource: { type: "bucket", name: "telemetry" } }],
    });
    expect(list).toEqual([
      {
        property: "permissions[0].resource.type",
        reason: '"bucket" is not a resource type; did you mean "buckets"?',
      },
    ]);
  });

  it("a valid type without names still says to give the id", () => {
    const list = failuresOf({
      ...valid,
      permissions: [{ action: "read", resource: { type: "dashboards", name: "x" } }],
    });
    expect(list.map((f) => f.property)).toEqual(["permissions[0].resource.name"]);
    expect(list[0]!.reason).toMatch(/give the dashboards id instead/);
  });
});

describe("settings that check needs no request for", () => {
  const noOrg = { permissions: [{ action: "read", resource: { type: "buckets" } }] };

  it("no org input and no org setting fails at check, naming orgId and every way to set it", () => {
    setStackConfig(completeSettings({ "influxdb:org": "" }));
    const list = failuresOf(noOrg);
    expect(list.map((f) => f.property)).toEqual(["orgId"]);
    expect(list[0]!.reason).toMatch(
      /^is not set, and neither is org: the Authorization names no organization/,
    );
    expect(list[0]!.reason).toContain("pulumi config set influxdb:org my-org");
    expect(list[0]!.reason).toContain("influxdb:orgId");
    expect(list[0]!.reason).toContain("INFLUX_ORG / INFLUX_ORG_ID");
  });

  it("an org from any source, or an unknown one, passes", () => {
    const sources: Array<Record<string, string>> = [{}, { "influxdb:org": "", "influxdb:orgId": ORG }];
    for (const settings of sources) {
      setStackConfig(completeSettings(settings));
      expect(failuresOf(noOrg)).toEqual([]);
    }
    setStackConfig(completeSettings({ "influxdb:org": "" }));
    expect(failuresOf({ ...noOrg, orgId: UNKNOWN })).toEqual([]);
    expect(failuresOf({ ...noOrg, org: "mine" })).toEqual([]);
    const saved = process.env.INFLUX_ORG;
    process.env.INFLUX_ORG = "env-org";
    try {
      expect(failuresOf(noOrg)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.INFLUX_ORG;
      else process.env.INFLUX_ORG = saved;
    }
  });

  it("no URL anywhere fails at check on connection.url", () => {
    setStackConfig(completeSettings({ "influxdb:url": "" }));
    const list = failuresOf(valid);
    expect(list.map((f) => f.property)).toEqual(["connection.url"]);
    expect(list[0]!.reason).toContain("pulumi config set influxdb:url http://localhost:8086");
  });

  it("a connection.url without a scheme, or ending in /api/v2, says the fix", () => {
    expect(failuresOf({ ...valid, connection: { url: "localhost:8086", token: "t" } })).toEqual([
      {
        property: "connection.url",
        reason:
          "has no scheme: start it with http:// (or https:// for a TLS server), e.g. http://localhost:8086 " +
          "(the value is not repeated here)",
      },
    ]);
    const list = failuresOf({ ...valid, connection: { url: "http://localhost:8086/api/v2/", token: "t" } });
    expect(list.map((f) => f.property)).toEqual(["connection.url"]);
    expect(list[0]!.reason).toMatch(/^ends in \/api\/v2, which the provider adds itself/);
    expect(list[0]!.reason).toContain("give the base URL without /api/v2, e.g. http://localhost:8086");
  });
});
