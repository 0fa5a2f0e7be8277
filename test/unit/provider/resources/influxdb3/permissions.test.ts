import { describe, expect, it } from "vitest";
import {
  canonicalPermissions,
  permissionFailures,
  permissionsEqual,
  toRequestPermissions,
} from "../../../../../provider/resources/influxdb3/permissions";

describe("ResourceToken permissions", () => {
  it("canonical form: names sorted, system names lower-cased, actions in the server's order, entries sorted", () => {
    expect(
      canonicalPermissions([
        { resourceType: "system", resourceNames: [" PING", "health"], actions: ["read", "read"] },
        {
          resourceType: "db",
          resourceNames: ["b", "a", "a"],
          actions: ["delete", "write", "read", "create"],
        },
        { resourceType: "db", resourceNames: ["*"], actions: ["read"] },
      ]),
    ).toEqual([
      { resourceType: "db", resourceNames: "*", actions: ["read"] },
      { resourceType: "db", resourceNames: ["a", "b"], actions: ["create", "read", "write", "delete"] },
      { resourceType: "system", resourceNames: ["health", "ping"], actions: ["read"] },
    ]);
  });

  it("compares as a set", () => {
    expect(
      permissionsEqual(
        [{ resourceType: "db", resourceNames: ["a", "b"], actions: ["write", "read"] }],
        [{ resourceType: "db", resourceNames: ["b", "a"], actions: ["read", "write"] }],
      ),
    ).toBe(true);
    expect(
      permissionsEqual(
        [{ resourceType: "db", resourceNames: ["a"], actions: ["read"] }],
        [{ resourceType: "db", resourceNames: ["a"], actions: ["write"] }],
      ),
    ).toBe(false);
  });

  it('request body: `*` becomes ["*"] (behaviour D.5)', () => {
    expect(toRequestPermissions([{ resourceType: "db", resourceNames: "*", actions: ["write"] }])).toEqual([
      { resource_type: "db", resource_names: ["*"], actions: ["write"] },
    ]);
  });

  it("failures carry the server's wording and a property path", () => {
    expect(
      permissionFailures([{ resourceType: "db", resourceNames: ["*", "x"], actions: ["read", "drop"] }]),
    ).toEqual([
      {
        property: "permissions[0].resourceNames",
        reason:
          'cannot parse token permission, mixed wildcard (*) and resource name; give "*" alone or only names',
      },
      {
        property: "permissions[0].actions[1]",
        reason:
          "cannot parse token permission, action not supported, database action drop; use create, describe, read, write, delete",
      },
    ]);
  });
});
