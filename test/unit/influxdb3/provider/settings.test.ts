import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../../provider/config";
import { resolveInfluxdb3Connection, setInfluxdb3StackConfig } from "../../../../provider/config/influxdb3";

const ENV = ["INFLUXDB3_HOST_URL", "INFLUXDB3_AUTH_TOKEN"] as const;
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
afterEach(() => {
  setInfluxdb3StackConfig(undefined);
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("InfluxDB 3 connection: input > stack config > influxdb3 CLI environment", () => {
  it("reads INFLUXDB3_HOST_URL and INFLUXDB3_AUTH_TOKEN", () => {
    process.env["INFLUXDB3_HOST_URL"] = "http://127.0.0.1:8181/";
    process.env["INFLUXDB3_AUTH_TOKEN"] = "apiv3_env";
    expect(resolveInfluxdb3Connection(undefined, { tokenRequired: true })).toEqual({
      url: "http://127.0.0.1:8181",
      token: "apiv3_env",
      // The same transport settings as every connection, naming where the token came from.
      transport: expect.objectContaining({ credentialName: "environment variable INFLUXDB3_AUTH_TOKEN" }),
    });
  });

  it("stack config wins over the environment; the input wins over both", () => {
    process.env["INFLUXDB3_HOST_URL"] = "http://127.0.0.1:1";
    process.env["INFLUXDB3_AUTH_TOKEN"] = "apiv3_env";
    const config: Record<string, string> = {
      "influxdb:influxdb3Url": "http://127.0.0.1:2",
      "influxdb:influxdb3Token": "apiv3_config",
    };
    setInfluxdb3StackConfig({ get: (key) => config[key] });
    expect(resolveInfluxdb3Connection(undefined, { tokenRequired: true })).toEqual({
      url: "http://127.0.0.1:2",
      token: "apiv3_config",
      transport: expect.objectContaining({ credentialName: "stack config influxdb:influxdb3Token" }),
    });
    expect(resolveInfluxdb3Connection({ token: "apiv3_input" }, { tokenRequired: true }).token).toBe(
      "apiv3_input",
    );
  });

  it("a resource naming its own server never gets the stack's token", () => {
    process.env["INFLUXDB3_AUTH_TOKEN"] = "apiv3_env";
    expect(() => resolveInfluxdb3Connection({ url: "http://127.0.0.1:3" }, { tokenRequired: true })).toThrow(
      /connection.url is set but connection.token is not/,
    );
    // The operator-token bootstrap needs no token: the URL alone is enough, and none is borrowed.
    expect(resolveInfluxdb3Connection({ url: "http://127.0.0.1:3" }, { tokenRequired: false })).toEqual({
      url: "http://127.0.0.1:3",
      transport: expect.objectContaining({ credentialName: "" }),
    });
  });

  it("says where to set a missing URL", () => {
    delete process.env["INFLUXDB3_HOST_URL"];
    const error = (() => {
      try {
        resolveInfluxdb3Connection(undefined, { tokenRequired: false });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toMatch(/connection\.url.*influxdb:influxdb3Url.*INFLUXDB3_HOST_URL/);
  });
});
