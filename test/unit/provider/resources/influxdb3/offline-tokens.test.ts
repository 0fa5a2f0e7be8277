import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../provider/config";
import { permissionTokensFileContent } from "../../../../../provider/resources/influxdb3/offline-token-file";
import { diffOfflineTokens } from "../../../../../provider/resources/influxdb3/offline-tokens-diff";
import { offlineTokensHooks } from "../../../../../provider/resources/influxdb3/offline-tokens-hooks";
import { validateOfflineTokens } from "../../../../../provider/resources/influxdb3/offline-tokens-schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

/** OfflineTokens without a server: check, the files' exact bytes, the token format, no regeneration. */
type Props = Record<string, unknown>;

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const unusedClient = () => {
  throw new Error("no server call expected");
};
const hooks = () => offlineTokensHooks(unusedClient, () => NOW);

const failuresOf = (raw: Props) => {
  const result = validateOfflineTokens(raw);
  return result.ok ? [] : result.failures;
};

const sha512Prefix = (token: string) => createHash("sha512").update(token).digest("hex").slice(0, 9);

afterEach(() => setStackConfig(undefined));

describe("OfflineTokens check", () => {
  it("accepts nothing at all (an `_admin` file), and `_admin` as the admin token's name", () => {
    expect(failuresOf({})).toEqual([]);
    expect(failuresOf({ adminTokenName: "_admin" })).toEqual([]);
  });

  it("refuses bad names, duplicates, bad permissions and expiry 0, each at its property path", () => {
    const failures = failuresOf({
      adminTokenName: " ops",
      adminTokenExpiresIn: 0,
      permissionTokens: [
        {
          name: "telegraf",
          permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["fly"] }],
        },
        {
          name: "telegraf",
          permissions: [{ resourceType: "system", resourceNames: ["health"], actions: ["read"] }],
        },
        { name: "_admin", permissions: [], expiresIn: "0s" },
        { name: "", permissions: [{ resourceType: "db", resourceNames: ["a", "*"], actions: ["read"] }] },
      ],
      createDatabases: ["../etc"],
    });
    const at = (property: string) => failures.filter((f) => f.property === property).map((f) => f.reason);
    expect(at("adminTokenName")).toEqual(["must not start or end with spaces"]);
    expect(at("adminTokenExpiresIn")[0]).toMatch(/must be longer than 0/);
    expect(at("permissionTokens[0].permissions[0].actions[0]")[0]).toMatch(/database action fly/);
    expect(at("permissionTokens[1].name")[0]).toMatch(/also the name of permissionTokens\[0\]\.name/);
    expect(at("permissionTokens[2].name")[0]).toMatch(/operator token's name/);
    expect(at("permissionTokens[2].permissions")[0]).toMatch(/at least one permission/);
    expect(at("permissionTokens[2].expiresIn")[0]).toMatch(/must be longer than 0/);
    expect(at("permissionTokens[3].name")).toEqual(["must not be empty"]);
    expect(at("permissionTokens[3].permissions[0].resourceNames")[0]).toMatch(/mixed wildcard/);
    expect(at("createDatabases[0]")).toHaveLength(1);
  });

  it("a permission token may not take the admin token's name (`_admin` when unset)", () => {
    const perms = [{ resourceType: "db", resourceNames: "*", actions: ["read"] }];
    expect(
      failuresOf({ adminTokenName: "ops", permissionTokens: [{ name: "ops", permissions: perms }] }),
    ).toEqual([
      expect.objectContaining({
        property: "permissionTokens[0].name",
        reason: expect.stringMatching(/adminTokenName/),
      }),
    ]);
  });

  it("an unknown key (an output given as input) fails with its name", () => {
    expect(failuresOf({ adminToken: "apiv3_x" })[0]?.property).toBe("adminToken");
  });

  it("with influxdb:influxdb3Edition core, permission tokens fail; with cloud, the resource does", () => {
    const perms = [{ resourceType: "db", resourceNames: "*", actions: ["read"] }];
    setStackConfig({ get: (key) => (key === "influxdb:influxdb3Edition" ? "core" : undefined) });
    expect(failuresOf({ permissionTokens: [{ name: "r", permissions: perms }] })[0]?.property).toBe(
      "permissionTokens",
    );
    expect(failuresOf({})).toEqual([]);
    setStackConfig({ get: (key) => (key === "influxdb:influxdb3Edition" ? "cloud" : undefined) });
    expect(failuresOf({})[0]?.reason).toMatch(/InfluxDB 3 Cloud is started by InfluxData/);
  });

  it("unknown values (preview) pass", () => {
    expect(
      failuresOf({ adminTokenName: UNKNOWN, permissionTokens: UNKNOWN, createDatabases: [UNKNOWN] }),
    ).toEqual([]);
  });
});

describe("OfflineTokens create", () => {
  it("writes the admin token file in the server's format: token, name `_admin`, no expiry", async () => {
    const { id, outs } = await hooks().create({});
    const file = JSON.parse(outs.adminTokenFile);
    expect(Object.keys(file)).toEqual(["token", "name"]);
    expect(file.name).toBe("_admin");
    expect(file.token).toBe(outs.adminToken);
    expect(outs.adminToken).toMatch(/^apiv3_[A-Za-z0-9_-]{86}$/);
    expect(Buffer.from(outs.adminToken.slice(6), "base64url")).toHaveLength(64);
    expect(outs.adminTokenFile).toBe(`{"token":"${outs.adminToken}","name":"_admin"}`);
    expect(outs.hashPrefixes).toEqual({ _admin: sha512Prefix(outs.adminToken) });
    expect(outs.loadStatus).toEqual({ _admin: "unchecked" });
    expect(outs.permissionTokensFile).toBeUndefined();
    expect(id).toBe(`offline-${sha512Prefix(outs.adminToken)}`);
  });

  it("turns expiresIn into absolute expiry_millis and writes the Enterprise permission tokens file", async () => {
    const { outs } = await hooks().create({
      adminTokenName: "ops",
      adminTokenExpiresIn: "1h",
      createDatabases: ["sensors", "logs", "sensors"],
      permissionTokens: [
        {
          name: "telegraf",
          permissions: [
            { resourceType: "db", resourceNames: ["sensors", "logs"], actions: ["write", "read"] },
          ],
          expiresIn: 60,
        },
        {
          name: "grafana",
          permissions: [
            { resourceType: "system", resourceNames: ["Health"], actions: ["read"] },
            { resourceType: "db", resourceNames: "*", actions: ["read"] },
          ],
        },
      ],
    });
    expect(outs.adminTokenFile).toBe(
      `{"token":"${outs.adminToken}","name":"ops","expiry_millis":${NOW + 3_600_000}}`,
    );
    const values = outs.permissionTokenValues as Record<string, string>;
    expect(Object.keys(values).sort()).toEqual(["grafana", "telegraf"]);
    expect(new Set([outs.adminToken, ...Object.values(values)]).size).toBe(3);
    expect(outs.permissionTokensFile).toBe(
      JSON.stringify({
        create_databases: ["logs", "sensors"],
        tokens: [
          { token: values["grafana"], name: "grafana", permissions: ["db:*:read", "system:health:read"] },
          {
            token: values["telegraf"],
            name: "telegraf",
            expiry_millis: NOW + 60_000,
            permissions: ["db:logs,sensors:read,write"],
          },
        ],
      }),
    );
    expect(outs.expiresAt).toEqual({
      ops: new Date(NOW + 3_600_000).toISOString(),
      telegraf: new Date(NOW + 60_000).toISOString(),
    });
    for (const [name, value] of Object.entries({ ops: outs.adminToken, ...values })) {
      expect(outs.hashPrefixes[name]).toBe(sha512Prefix(value as string));
    }
  });

  it("a second create makes other tokens (crypto randomness, never a fixed value)", async () => {
    const [a, b] = await Promise.all([hooks().create({}), hooks().create({})]);
    expect(a.outs.adminToken).not.toBe(b.outs.adminToken);
  });
});

describe("OfflineTokens never regenerates", () => {
  it("read without connection.url returns the state unchanged and sends nothing", async () => {
    const { id, outs } = await hooks().create({ permissionTokens: [] });
    expect(await hooks().read(id, outs)).toEqual({ id, props: outs });
  });

  it("update (createDatabases, connection) keeps every token and rewrites only the databases", async () => {
    const perms = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }];
    const news = { createDatabases: ["sensors"], permissionTokens: [{ name: "w", permissions: perms }] };
    const { id, outs } = await hooks().create(news);
    const changed = {
      ...news,
      createDatabases: ["sensors", "more"],
      connection: { url: "http://127.0.0.1:1" },
    };
    expect(diffOfflineTokens(outs, changed)).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await hooks().update(id, outs, changed);
    expect(updated?.["adminToken"]).toBe(outs.adminToken);
    expect(updated?.["adminTokenFile"]).toBe(outs.adminTokenFile);
    expect(updated?.["permissionTokenValues"]).toEqual(outs.permissionTokenValues);
    expect(JSON.parse(updated?.["permissionTokensFile"] as string)).toEqual({
      ...JSON.parse(outs.permissionTokensFile),
      create_databases: ["more", "sensors"],
    });
    expect(updated?.["connection"]).toEqual({ url: "http://127.0.0.1:1" });
  });

  it("read of an id without state (pulumi import) fails and says why", async () => {
    await expect(hooks().read("offline-123456789", {})).rejects.toThrow(/cannot be imported/);
  });
});

describe("OfflineTokens diff", () => {
  const perms = [{ resourceType: "db", resourceNames: ["a", "b"], actions: ["read", "write"] }];
  const base: Props = {
    permissionTokens: [
      { name: "x", permissions: perms, expiresIn: "1d" },
      { name: "y", permissions: perms },
    ],
  };

  it("reordered tokens, permissions or names, and 1d for 24h, are no change", () => {
    const same = {
      permissionTokens: [
        { name: "y", permissions: [{ ...perms[0], resourceNames: ["b", "a"], actions: ["write", "read"] }] },
        { name: "x", permissions: perms, expiresIn: "24h" },
      ],
    };
    expect(diffOfflineTokens(base, same)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("a permission, a name, an expiry or an unknown value replaces; `_admin` unset or explicit is the same", () => {
    const replaces = (news: Props) => diffOfflineTokens(base, { ...base, ...news }).replaces;
    expect(replaces({ permissionTokens: [{ name: "x", permissions: perms }] })).toEqual(["permissionTokens"]);
    expect(replaces({ permissionTokens: UNKNOWN })).toEqual(["permissionTokens"]);
    expect(replaces({ adminTokenName: "_admin" })).toEqual([]);
    expect(replaces({ adminTokenName: "ops" })).toEqual(["adminTokenName"]);
    expect(replaces({ adminTokenExpiresIn: "30d" })).toEqual(["adminTokenExpiresIn"]);
  });
});

describe("permission tokens file", () => {
  it("without databases has no create_databases key", () => {
    expect(permissionTokensFileContent(undefined, [])).toBe('{"tokens":[]}');
  });
});
