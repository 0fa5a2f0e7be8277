/**
 * The plugin's pure pieces, without the engine: the detailed diff, the provider settings the hooks
 * read, secret wrapping, and the import adapters. (The engine tests beside this file prove them
 * end to end; these pin the edge cases.)
 */
import { describe, expect, it } from "vitest";
import { hookConfigSource, providerSettings, unknownConfigKeys } from "../../../provider/plugin/config";
import { detailedDiff } from "../../../provider/plugin/detailed-diff";
import { importedState, parsedResourcePermissions } from "../../../provider/plugin/import";
import {
  outputsForEngine,
  SECRET_SIG,
  SIG_KEY,
  structSafe,
  unwrapProps,
} from "../../../provider/plugin/properties";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("detailedDiff", () => {
  it("names every replaced property with its kind, and the updated ones beside them", () => {
    const olds = { permissions: [1], description: "a", orgId: "o", status: "active" };
    const news = { permissions: [2], description: "b", org: "n", status: "active" };
    expect(detailedDiff({ changes: true, replaces: ["permissions", "org"] }, olds, news)).toEqual({
      diffs: ["permissions", "org", "description", "orgId"],
      detailedDiff: {
        permissions: "UPDATE_REPLACE",
        org: "ADD_REPLACE",
        description: "UPDATE",
        orgId: "DELETE",
      },
    });
  });

  it("never names a replaceOnChanges input the hook did not replace (the engine would replace for it)", () => {
    // An org given by name, then by its own ID, with a new description: the hook updates in place.
    const olds = { org: "my-org", description: "a" };
    const news = { orgId: "0a1b2c3d4e5f6a7b", description: "b" };
    const replacing = new Set(["org", "orgId", "user", "userId", "permissions"]);
    expect(detailedDiff({ changes: true, replaces: [] }, olds, news, replacing).detailedDiff).toEqual({
      description: "UPDATE",
    });
    // Replaced by the hook: named as the replacement it is.
    expect(detailedDiff({ changes: true, replaces: ["orgId"] }, olds, news, replacing).detailedDiff).toEqual({
      orgId: "ADD_REPLACE",
      description: "UPDATE",
    });
  });

  it("names a due rotation, whose input did not change, as a replacement", () => {
    const olds = { rotateAfter: "90d", description: "a" };
    expect(
      detailedDiff({ changes: true, replaces: ["rotateAfter"] }, olds, { ...olds }).detailedDiff,
    ).toEqual({
      rotateAfter: "UPDATE_REPLACE",
    });
  });

  it("says nothing when the hook's rule finds no change, and never names hidden keys", () => {
    expect(detailedDiff({ changes: false, replaces: [] }, { description: "" }, {})).toEqual({
      diffs: [],
      detailedDiff: {},
    });
    expect(detailedDiff({ changes: true }, { __provider: "x" }, { __createKey: "y" }).detailedDiff).toEqual(
      {},
    );
    expect(
      detailedDiff({ changes: true, replaces: ["connection"] }, { connection: { url: "a" } }, {})
        .detailedDiff,
    ).toEqual({
      connection: "DELETE_REPLACE",
    });
  });
});

describe("provider settings", () => {
  it("takes args over variables, strips the package prefix, unwraps secrets, writes numbers as text", () => {
    const settings = providerSettings(
      [
        ["influxdb-tokens:url", "http://from-variables"],
        ["influxdb-tokens:org", "acme"],
      ],
      {
        url: "http://from-args",
        token: secret("t0ken"),
        retryMaxAttempts: 3,
        version: "0.1.0",
        __internal: "x",
      },
    );
    expect(Object.fromEntries(settings)).toEqual({
      url: "http://from-args",
      org: "acme",
      token: "t0ken",
      retryMaxAttempts: "3",
    });
    const source = hookConfigSource(() => settings);
    expect(source.get("influxdb:url")).toBe("http://from-args");
    expect(source.get("influxdb:token")).toBe("t0ken");
    expect(source.get("influxdb-tokens:url")).toBeUndefined(); // the hooks read influxdb:<key> only
    expect(source.get("influxdb:managementUrl")).toBeUndefined();
  });

  it("reports keys that are no setting", () => {
    expect(unknownConfigKeys({ url: "u", urll: "u", version: "1", __x: 1 }, [])).toEqual(["urll"]);
    expect(unknownConfigKeys({ extra: 1 }, ["extra"])).toEqual([]);
  });
});

describe("values for the engine", () => {
  it("wraps the schema's secret outputs, drops undefined, keeps nulls in arrays", () => {
    expect(
      outputsForEngine({ token: "v", id: "1", gone: undefined, list: [1, undefined] }, new Set(["token"])),
    ).toEqual({
      token: secret("v"),
      id: "1",
      list: [1, null],
    });
    expect(structSafe({ when: new Date(0), n: Number.NaN })).toEqual({
      when: "1970-01-01T00:00:00.000Z",
      n: null,
    });
    expect(unwrapProps({ connection: secret({ url: "u", token: secret("t") }) })).toEqual({
      connection: { url: "u", token: "t" },
    });
  });
});

describe("import adapters", () => {
  it("an Authorization's inputs come from the server: permissions by ID, org by ID, no user, no defaults", () => {
    const { props, inputs } = importedState(
      "Authorization",
      {
        orgId: "o1",
        org: "acme",
        userId: "u1",
        description: "",
        status: "active",
        permissions: [],
        grantedPermissions: [
          { action: "write", resource: { type: "buckets", orgId: "o1", org: "acme" } },
          { action: "read", resource: { type: "buckets", id: "b1", name: "sensors", orgId: "o1" } },
          { action: "read", resource: { type: "orgs" } },
        ],
        tokenKnown: false,
      },
      [
        "org",
        "orgId",
        "user",
        "userId",
        "description",
        "status",
        "permissions",
        "connection",
        "rotationTrigger",
      ],
    );
    const expected = [
      { action: "read", resource: { type: "buckets", id: "b1", orgId: "o1" } },
      { action: "read", resource: { type: "orgs", anyOrg: true } },
      { action: "write", resource: { type: "buckets", orgId: "o1" } },
    ];
    expect(props.permissions).toEqual(expect.arrayContaining(expected));
    expect(inputs).toEqual({ orgId: "o1", permissions: props.permissions });
  });

  it("a named token's name, and a resource token's permissions from the server's text", () => {
    const { inputs } = importedState(
      "ResourceToken",
      { tokenName: "ci-reader", permissionsText: "db:sensors,logs:read,write", permissions: [] },
      ["name", "expiresIn", "connection", "permissions"],
    );
    expect(inputs).toEqual({
      name: "ci-reader",
      permissions: [{ resourceType: "db", resourceNames: ["logs", "sensors"], actions: ["read", "write"] }],
    });
    expect(parsedResourcePermissions("db:*:read;system:health:read")).toHaveLength(2);
    expect(parsedResourcePermissions("nonsense")).toBeUndefined();
  });
});
