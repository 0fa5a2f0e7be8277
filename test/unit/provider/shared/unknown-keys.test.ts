import { describe, expect, it } from "vitest";
import { validateAuthorization } from "../../../../provider/resources/authorization/schema";
import { validateDatabaseToken } from "../../../../provider/resources/database-token/schema";
import {
  validateAdminToken,
  validateOperatorToken,
  validateResourceToken,
} from "../../../../provider/resources/influxdb3/schema";
import type { InputFailure } from "../../../../provider/shared/errors";
import { closestKey, editDistance } from "../../../../provider/shared/zod-helpers";
import { useCompleteSettings } from "../../../support/complete-settings";

useCompleteSettings();

/**
 * Unknown input keys reach check (the SDK passes every key) and fail there, each naming its path:
 * "did you mean" for a near miss, the accepted keys otherwise (docs/behaviour/input-rules.md).
 */
const NOW = Date.parse("2026-06-01T00:00:00Z");
const perms = [{ action: "read", resource: { type: "buckets" } }];
const resourcePerms = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["read"] }];

type Validator = (raw: Record<string, unknown>) => InputFailure[];
const failures = (result: { ok: boolean; failures?: InputFailure[] }) => (result.ok ? [] : result.failures!);
const RESOURCES: Record<string, Validator> = {
  Authorization: (raw) => failures(validateAuthorization({ permissions: perms, ...raw })),
  DatabaseToken: (raw) => failures(validateDatabaseToken({ description: "d", ...raw }, undefined, NOW)),
  OperatorToken: (raw) => failures(validateOperatorToken(raw)),
  AdminToken: (raw) => failures(validateAdminToken({ autonamePrefix: "a", ...raw })),
  ResourceToken: (raw) =>
    failures(validateResourceToken({ autonamePrefix: "r", permissions: resourcePerms, ...raw })),
};

describe("editDistance (Damerau-Levenshtein, optimal string alignment)", () => {
  it.each([
    ["status", "status", 0],
    ["stauts", "status", 1], // one swap of neighbours
    ["statsu", "status", 1],
    ["stats", "status", 1],
    ["sttaus", "status", 1],
    ["tpye", "type", 1],
    ["expiresat", "expiresat", 0],
    ["descripton", "description", 1],
    ["permisions", "permissions", 1],
    ["abc", "", 3],
    ["ca", "abc", 3], // OSA: no substring is edited twice
  ])("%s -> %s = %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe("closestKey", () => {
  const keys = ["orgId", "org", "status", "description", "permissions", "expiresAt", "id"];
  it.each([
    ["stauts", "status"],
    ["expiresat", "expiresAt"], // case only
    ["EXPIRESAT", "expiresAt"],
    ["orgID", "orgId"],
    ["descriptoin", "description"],
    ["permission", "permissions"],
    ["permisions", "permissions"],
    ["ord", "org"],
  ])("%s -> %s", (key, expected) => {
    expect(closestKey(key, keys)).toBe(expected);
  });

  it.each(["bucket", "scope", "xy", "q", "expiry", "tokens"])("%s: no suggestion", (key) => {
    expect(closestKey(key, keys)).toBeUndefined();
  });
});

describe("a misspelled input key fails at check on every resource, with did you mean", () => {
  it.each([
    ["Authorization", { stauts: "inactive" }, "stauts", "status"],
    ["Authorization", { Description: "x" }, "Description", "description"],
    ["Authorization", { permisions: perms }, "permisions", "permissions"],
    ["Authorization", { adoptedtoken: "t", adoptId: "0123456789abcdef" }, "adoptedtoken", "adoptedToken"],
    ["DatabaseToken", { expiresat: "2027-06-30T00:00:00Z" }, "expiresat", "expiresAt"],
    ["DatabaseToken", { waitforactivation: true }, "waitforactivation", "waitForActivation"],
    ["DatabaseToken", { rotateafter: "90d" }, "rotateafter", "rotateAfter"],
    ["OperatorToken", { existingtoken: "apiv3_x" }, "existingtoken", "existingToken"],
    ["OperatorToken", { rotationTriger: "1" }, "rotationTriger", "rotationTrigger"],
    ["AdminToken", { nmae: "ci" }, "nmae", "name"],
    ["AdminToken", { expiresin: "90d" }, "expiresin", "expiresIn"],
    ["ResourceToken", { expiresIN: "90d" }, "expiresIN", "expiresIn"],
    ["ResourceToken", { conection: {} }, "conection", "connection"],
  ])("%s %o", (kind, raw, property, suggestion) => {
    const found = RESOURCES[kind]!(raw).filter((f) => f.property === property);
    expect(found).toEqual([
      { property, reason: `unknown property "${property}": did you mean "${suggestion}"?` },
    ]);
  });
});

describe("nested objects report the key's full path", () => {
  it.each([
    [
      "Authorization",
      { permissions: [{ action: "read", resource: { tpye: "buckets", type: "buckets" } }] },
      "permissions[0].resource.tpye",
      "type",
    ],
    [
      "Authorization",
      { permissions: [perms[0], { acton: "read", action: "read", resource: { type: "buckets" } }] },
      "permissions[1].acton",
      "action",
    ],
    ["Authorization", { connection: { tokne: "t" } }, "connection.tokne", "token"],
    ["DatabaseToken", { connection: { accountID: "x" } }, "connection.accountID", "accountId"],
    [
      "DatabaseToken",
      { permissions: [{ action: "read", resource: "sensors", resouce: "x" }] },
      "permissions[0].resouce",
      "resource",
    ],
    ["DatabaseToken", { waitForActivation: { timout: "5m" } }, "waitForActivation.timout", "timeout"],
    ["OperatorToken", { connection: { URL: "http://127.0.0.1:8181" } }, "connection.URL", "url"],
    [
      "ResourceToken",
      { permissions: [{ ...resourcePerms[0], resourcename: ["x"] }] },
      "permissions[0].resourcename",
      "resourceNames",
    ],
  ])("%s: %s", (kind, raw, property, suggestion) => {
    const found = RESOURCES[kind]!(raw).filter((f) => f.property === property);
    expect(found).toEqual([
      { property, reason: `unknown property "${property.split(".").pop()}": did you mean "${suggestion}"?` },
    ]);
  });
});

describe("far-off keys list the accepted properties", () => {
  it.each([
    [
      "Authorization",
      { scope: "x" },
      "scope",
      /accepted properties are org, orgId, user, userId, description, status, permissions, connection, adoptId, adoptedToken, rotateAfter, rotationTrigger$/,
    ],
    [
      "DatabaseToken",
      { database: "x" },
      "database",
      /accepted properties are description, permissions, expiresAt, connection/,
    ],
    [
      "OperatorToken",
      { password: "x" },
      "password",
      /accepted properties are connection, rotationTrigger, existingToken$/,
    ],
    // The autoname keys the SDK and check add are accepted but never offered.
    [
      "AdminToken",
      { description: "x" },
      "description",
      /not a known property here; the accepted properties are name, expiresIn, connection$/,
    ],
    [
      "ResourceToken",
      { scopes: [] },
      "scopes",
      /accepted properties are name, expiresIn, connection, permissions$/,
    ],
    [
      "Authorization",
      { permissions: [{ action: "read", resource: { type: "buckets", bucket: "x" } }] },
      "permissions[0].resource.bucket",
      /accepted properties are type, id, name, orgId, org, anyOrg$/,
    ],
  ])("%s: %s", (kind, raw, property, reason) => {
    const found = RESOURCES[kind]!(raw).find((f) => f.property === property);
    expect(found?.reason).toMatch(/^unknown property "/);
    expect(found?.reason).toMatch(reason);
  });

  it("reports every unknown key, and the other failures with them", () => {
    const list = RESOURCES["Authorization"]!({ stauts: "x", descripton: "y", status: "on" });
    expect(list.map((f) => f.property).sort()).toEqual(["descripton", "status", "stauts"]);
  });
});

describe("output keys given as inputs", () => {
  it.each([
    ["Authorization", "token"],
    ["Authorization", "grantedPermissions"],
    ["DatabaseToken", "accessToken"],
    ["DatabaseToken", "revokedAt"],
    ["OperatorToken", "name"],
    ["AdminToken", "tokenName"],
    ["ResourceToken", "permissionsText"],
  ])("%s.%s is named an output", (kind, key) => {
    const found = RESOURCES[kind]!({ [key]: "x" }).find((f) => f.property === key);
    expect(found?.reason).toBe(`"${key}" is an output of this resource, not an input; remove it`);
  });
});

describe("keys that are not identifiers are not repeated (they may be a pasted credential)", () => {
  it.each([
    ["Authorization", { connection: { "http://user:hunter2@host": "x" } }, "connection"],
    ["DatabaseToken", { connection: { apiv3_0123456789abcdefghijklmnopqrstuvwxyzABCDEF: 1 } }, "connection"],
    ["OperatorToken", { "user:hunter2": 1 }, "(inputs)"],
  ])("%s", (kind, raw, property) => {
    const list = RESOURCES[kind]!(raw);
    const text = JSON.stringify(list);
    expect(text).not.toMatch(/hunter2|0123456789abcdef/);
    expect(list.find((f) => f.property === property)?.reason).toMatch(
      /has an unknown property \(its name is not repeated here: it is not an identifier\); the accepted properties are/,
    );
  });
});

describe("the autoname keys stay accepted", () => {
  it("AdminToken and ResourceToken take autonamePrefix and autoName from the SDK and check", () => {
    expect(RESOURCES["AdminToken"]!({ autoName: "a-0123abc" })).toEqual([]);
    expect(RESOURCES["ResourceToken"]!({ autoName: "r-0123abc" })).toEqual([]);
  });
});
