import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigurationError,
  configure,
  defaultOrg,
  missingOrgFailures,
  resolveManagementConnection,
  resolveV2Connection,
  setStackConfig,
} from "../../../../provider/config";

const ENV_VARS = [
  "INFLUX_HOST",
  "INFLUX_TOKEN",
  "INFLUX_ORG",
  "INFLUX_ORG_ID",
  "INFLUX_MANAGEMENT_URL",
  "INFLUX_MANAGEMENT_TOKEN",
  "INFLUX_ACCOUNT_ID",
  "INFLUX_CLUSTER_ID",
];
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  for (const name of ENV_VARS) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  setStackConfig(undefined);
});
afterEach(() => {
  for (const name of ENV_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  setStackConfig(undefined);
});

const stack = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("resolveV2Connection", () => {
  it("reads the environment at call time when nothing is configured", () => {
    process.env.INFLUX_HOST = "http://127.0.0.1:8086/";
    process.env.INFLUX_TOKEN = "env-token";
    expect(resolveV2Connection()).toMatchObject({ url: "http://127.0.0.1:8086", token: "env-token" });
    process.env.INFLUX_TOKEN = "rotated";
    expect(resolveV2Connection().token).toBe("rotated");
  });

  it("prefers stack config over the environment, and the resource input over both", async () => {
    process.env.INFLUX_HOST = "http://env:1";
    process.env.INFLUX_TOKEN = "env-token";
    await configure({
      config: stack({ "influxdb:url": "http://config:2", "influxdb:token": "config-token" }),
    });
    expect(resolveV2Connection()).toMatchObject({ url: "http://config:2", token: "config-token" });
    expect(resolveV2Connection({ token: "input-token" })).toMatchObject({
      url: "http://config:2",
      token: "input-token",
    });
    expect(resolveV2Connection({ url: "http://input:3", token: "input-token" })).toMatchObject({
      url: "http://input:3",
      token: "input-token",
    });
  });

  it("names the config key and the env var of a missing setting", () => {
    expect(() => resolveV2Connection()).toThrow(ConfigurationError);
    expect(() => resolveV2Connection()).toThrow(/influxdb:url.*INFLUX_HOST/s);
    process.env.INFLUX_HOST = "http://127.0.0.1:1";
    expect(() => resolveV2Connection()).toThrow(/--secret influxdb:token.*INFLUX_TOKEN/s);
  });

  it("never sends the stack token to a server the resource names itself", () => {
    process.env.INFLUX_TOKEN = "stack-token";
    expect(() => resolveV2Connection({ url: "http://elsewhere:1" })).toThrow(/connection.token is not/);
  });

  it.each(["localhost:8086", "ftp://x", "http://user:pw@host"])(
    "rejects the URL %s without echoing it whole",
    (url) => {
      process.env.INFLUX_TOKEN = "t";
      process.env.INFLUX_HOST = url;
      expect(() => resolveV2Connection()).toThrow(/environment variable INFLUX_HOST/);
    },
  );
});

describe("resolveManagementConnection", () => {
  it("uses Clustered paths without account/cluster and Dedicated paths with both", () => {
    process.env.INFLUX_MANAGEMENT_URL = "http://127.0.0.1:9";
    process.env.INFLUX_MANAGEMENT_TOKEN = "m";
    expect(resolveManagementConnection().dedicated).toBeUndefined();
    process.env.INFLUX_ACCOUNT_ID = "a";
    process.env.INFLUX_CLUSTER_ID = "c";
    expect(resolveManagementConnection().dedicated).toEqual({ accountId: "a", clusterId: "c" });
  });

  it("refuses half a Dedicated setting", () => {
    process.env.INFLUX_MANAGEMENT_URL = "http://127.0.0.1:9";
    process.env.INFLUX_MANAGEMENT_TOKEN = "m";
    expect(() => resolveManagementConnection({ accountId: "a" })).toThrow(
      /clusterId is not.*INFLUX_CLUSTER_ID/s,
    );
  });

  it("names the management settings when missing", () => {
    expect(() => resolveManagementConnection()).toThrow(/influxdb:managementUrl.*INFLUX_MANAGEMENT_URL/s);
  });
});

describe("defaultOrg", () => {
  it("prefers the org ID, then the name, then nothing", async () => {
    expect(defaultOrg()).toEqual({});
    process.env.INFLUX_ORG = "env-org";
    expect(defaultOrg()).toEqual({ org: "env-org" });
    await configure({ config: stack({ "influxdb:orgId": "0123456789abcdef" }) });
    expect(defaultOrg()).toEqual({ orgId: "0123456789abcdef" });
  });
});

describe("a management URL ending in /api/v0 is refused when read, not sent to /api/v0/api/v0", () => {
  it.each([
    [
      () => (process.env.INFLUX_MANAGEMENT_URL = "https://cluster.example.com/api/v0"),
      "environment variable INFLUX_MANAGEMENT_URL",
    ],
    [
      () =>
        setStackConfig({
          get: (k) => (k === "influxdb:managementUrl" ? "https://c.example/api/v0/" : undefined),
        }),
      "stack config influxdb:managementUrl",
    ],
  ])("%#: names %s and the fix", (set, source) => {
    process.env.INFLUX_MANAGEMENT_TOKEN = "m";
    set();
    expect(() => resolveManagementConnection()).toThrow(ConfigurationError);
    expect(() => resolveManagementConnection()).toThrow(
      `the URL from ${source} ends in /api/v0, which the provider adds itself (requests would go to ` +
        "/api/v0/api/v0/...): give the base URL without /api/v0",
    );
  });

  it("the resource input too", () => {
    expect(() => resolveManagementConnection({ url: "https://c.example/api/v0", token: "m" })).toThrow(
      /resource input connection\.url ends in \/api\/v0.*without \/api\/v0/,
    );
  });
});

describe("missingOrgFailures", () => {
  it("names orgId when no setting gives an org, nothing when one does", () => {
    expect(missingOrgFailures().map((f) => f.property)).toEqual(["orgId"]);
    process.env.INFLUX_ORG_ID = "0123456789abcdef";
    expect(missingOrgFailures()).toEqual([]);
  });
});
