import { describe, expect, it } from "vitest";
import { validateAuthorization } from "../../../../provider/resources/authorization/schema";
import { rfc3339Problem, validateDatabaseToken } from "../../../../provider/resources/database-token/schema";
import { validateResourceToken } from "../../../../provider/resources/influxdb3/schema";
import type { InputFailure } from "../../../../provider/shared/errors";
import { databaseNameProblem } from "../../../../provider/shared/validated";
import type { AuthorizationResourceType } from "../../../../sdk";
import { useCompleteSettings } from "../../../support/complete-settings";

useCompleteSettings();

/**
 * Values the servers would refuse or misread, refused at check instead
 * (docs/behaviour/input-rules.md): the `instance` resource type, times that are not strict
 * RFC 3339, database names outside InfluxDB 3's naming rules.
 */
const NOW = Date.parse("2026-06-01T00:00:00Z");
const failures = (result: { ok: boolean; failures?: InputFailure[] }) => (result.ok ? [] : result.failures!);

describe("the v2 resource type instance", () => {
  it("is refused at check, saying why and what to grant instead", () => {
    const list = failures(
      validateAuthorization({
        permissions: [
          { action: "read", resource: { type: "buckets" } },
          { action: "write", resource: { type: "instance" } },
        ],
      }),
    );
    expect(list).toEqual([
      {
        property: "permissions[1].resource.type",
        reason: expect.stringMatching(
          /^"instance" cannot be granted: InfluxDB refuses to create any token with it.*allAccessPermissions/,
        ),
      },
    ]);
  });

  it("is not an AuthorizationResourceType of the SDK", () => {
    // @ts-expect-error: the type no longer offers instance
    const type: AuthorizationResourceType = "instance";
    const fine: AuthorizationResourceType = "replications";
    expect([type, fine]).toHaveLength(2);
  });
});

describe("strict RFC 3339 date-times", () => {
  it.each([
    "2027-06-30T00:00:00Z",
    "2027-06-30T23:59:59Z",
    "2027-06-30t23:59:59z",
    "2027-06-30T23:59:59.123456789Z",
    "2027-06-30T10:00:00+02:00",
    "2027-06-30T10:00:00-23:59",
    "2028-02-29T00:00:00Z", // leap year
    "2000-02-29T00:00:00Z",
    "2027-12-31T23:59:59+00:00",
  ])("accepts %s", (value) => {
    expect(rfc3339Problem(value)).toBeUndefined();
  });

  it.each([
    ["2027-06-30T24:00:00Z", /hours are 00 to 23 \(for the end of a day, write the next day at T00:00:00\)/],
    ["2027-06-30T23:60:00Z", /minutes are 00 to 59/],
    ["2027-06-30T23:59:60Z", /seconds are 00 to 59 \(leap seconds are not accepted\)/],
    ["2027-06-31T00:00:00Z", /that month has days 01 to 30/],
    ["2027-02-29T00:00:00Z", /that month has days 01 to 28/],
    ["1900-02-29T00:00:00Z", /that month has days 01 to 28/],
    ["2027-04-00T00:00:00Z", /that month has days 01 to 30/],
    ["2027-13-01T00:00:00Z", /months are 01 to 12/],
    ["2027-00-01T00:00:00Z", /months are 01 to 12/],
    ["2027-06-30T00:00:00", /with "Z" or an offset/], // no offset
    ["2027-06-30T00:00:00+0200", /with "Z" or an offset/],
    ["2027-06-30T00:00:00+24:00", /an offset is \+hh:mm or -hh:mm with hours 00 to 23/],
    ["2027-06-30T00:00:00+02:60", /an offset is/],
    ["2027-06-30 00:00:00Z", /YYYY-MM-DDThh:mm:ss/],
    ["2027-06-30", /YYYY-MM-DDThh:mm:ss/],
    ["2027-6-30T00:00:00Z", /YYYY-MM-DDThh:mm:ss/],
    ["2027-06-30T0:00:00Z", /YYYY-MM-DDThh:mm:ss/],
    ["2027-06-30T00:00Z", /YYYY-MM-DDThh:mm:ss/],
    ["+02027-06-30T00:00:00Z", /YYYY-MM-DDThh:mm:ss/],
    ["2027-06-30T00:00:00.Z", /YYYY-MM-DDThh:mm:ss/],
    [" 2027-06-30T00:00:00Z", /YYYY-MM-DDThh:mm:ss/],
  ])("refuses %s", (value, reason) => {
    expect(rfc3339Problem(value)).toMatch(/^is not an RFC 3339 date-time: /);
    expect(rfc3339Problem(value)).toMatch(reason);
  });

  it("DatabaseToken.expiresAt: hour 24 fails at check instead of being sent as the next day", () => {
    expect(
      failures(
        validateDatabaseToken({ description: "d", expiresAt: "2027-06-30T24:00:00Z" }, undefined, NOW),
      ),
    ).toEqual([
      {
        property: "expiresAt",
        reason: expect.stringMatching(
          /^"2027-06-30T24:00:00Z" is not an RFC 3339 date-time: hours are 00 to 23/,
        ),
      },
    ]);
  });
});

describe("InfluxDB 3 database naming rules", () => {
  // The documentation's own examples of valid and invalid names, and more.
  it.each([
    "mydb",
    "sensor_data",
    "prod-metrics",
    "logs/application",
    "webserver123",
    "db/rp",
    "telegraf/autogen",
    "9lives",
    "A",
    "x".repeat(64),
    "a_",
  ])("accepts %s", (name) => {
    expect(databaseNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["my database", /only letters .* no whitespace/],
    ["sensor.data", /no whitespace, dots or other punctuation/],
    ["app@server", /only letters/],
    ["../../etc", /only letters/],
    ["/etc", /must start with a letter or a digit/],
    ["-x", /must start with a letter or a digit/],
    ["_internal", /must start with a letter or a digit \(a leading _ is reserved for the system\)/],
    ["dätä", /only letters \(a-z, A-Z\)/],
    ["*", /only letters/], // the wildcard is not a name; DatabaseToken and ResourceToken take it apart
    ["x".repeat(65), /at most 64 characters/],
    ["", /must not be empty/],
  ])("refuses %s", (name, reason) => {
    expect(databaseNameProblem(name)).toMatch(reason);
  });

  it("DatabaseToken permissions: refused by name, and the wildcard still passes", () => {
    const list = failures(
      validateDatabaseToken(
        {
          description: "d",
          permissions: [
            { action: "read", resource: "*" },
            { action: "read", resource: "../../etc" },
            { action: "write", resource: "_internal" },
          ],
        },
        undefined,
        NOW,
      ),
    );
    expect(list.map((f) => f.property)).toEqual(["permissions[1].resource", "permissions[2].resource"]);
    expect(list[0]!.reason).toMatch(/^"\.\.\/\.\.\/etc" is not a valid database name/);
  });

  it("DatabaseToken waitForActivation.database: refused without repeating it (a secret input)", () => {
    const list = failures(
      validateDatabaseToken(
        { description: "d", waitForActivation: { database: "../../etc" } },
        undefined,
        NOW,
      ),
    );
    expect(list).toEqual([
      {
        property: "waitForActivation.database",
        reason: expect.stringMatching(/^is not a valid database name/),
      },
    ]);
    expect(JSON.stringify(list)).not.toContain("etc");
  });

  it("ResourceToken db names: refused by name; system names and the wildcard are not database names", () => {
    const list = failures(
      validateResourceToken({
        autonamePrefix: "r",
        permissions: [
          { resourceType: "db", resourceNames: ["sensors", "../../etc"], actions: ["read"] },
          { resourceType: "db", resourceNames: "*", actions: ["write"] },
          { resourceType: "system", resourceNames: ["Health "], actions: ["read"] },
        ],
      }),
    );
    expect(list).toEqual([
      {
        property: "permissions[0].resourceNames[1]",
        reason: expect.stringMatching(/^"\.\.\/\.\.\/etc" is not a valid database name/),
      },
    ]);
  });
});
