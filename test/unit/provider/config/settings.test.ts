/** One table of every `influxdb:*` setting, read through one stack config by every resource. */
import { afterEach, describe, expect, it } from "vitest";
import {
  configure,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_ELAPSED_SECONDS,
  resolveInfluxdb3Connection,
  resolveV2Connection,
  SETTINGS,
  setStackConfig,
} from "../../../../provider/config";
import { configureInfluxdb3, INFLUXDB3_SETTINGS } from "../../../../provider/config/influxdb3";

afterEach(() => setStackConfig(undefined));

describe("the settings table", () => {
  it("names each setting `influxdb:<name>`, with its own environment variable", () => {
    for (const [name, spec] of Object.entries(SETTINGS)) expect(spec.configKey).toBe(`influxdb:${name}`);
    const envVars = Object.values(SETTINGS).map((spec) => spec.envVar);
    expect(new Set(envVars).size).toBe(envVars.length);
  });

  it("holds the InfluxDB 3 settings, under their old names too", () => {
    expect(INFLUXDB3_SETTINGS.url).toBe(SETTINGS.influxdb3Url);
    expect(INFLUXDB3_SETTINGS.token).toBe(SETTINGS.influxdb3Token);
    expect(SETTINGS.influxdb3Url.envVar).toBe("INFLUXDB3_HOST_URL");
    expect(SETTINGS.influxdb3Token).toMatchObject({ envVar: "INFLUXDB3_AUTH_TOKEN", secret: true });
  });

  it("marks the credentials secret and gives the transport its defaults", () => {
    const secret = Object.entries(SETTINGS)
      .filter(([, spec]) => spec.secret)
      .map(([name]) => name);
    expect(secret).toEqual(["token", "managementToken", "influxdb3Token"]);
    expect(DEFAULT_MAX_ATTEMPTS).toBe(4);
    expect(DEFAULT_MAX_ELAPSED_SECONDS).toBe(120);
  });

  it("one configure hook feeds every resource's settings, InfluxDB 3 included", async () => {
    expect(configureInfluxdb3).toBe(configure);
    const values: Record<string, string> = {
      "influxdb:url": "http://127.0.0.1:8086",
      "influxdb:token": "v2",
      "influxdb:influxdb3Url": "http://127.0.0.1:8181",
      "influxdb:influxdb3Token": "apiv3_x",
      "influxdb:retryMaxAttempts": "2",
    };
    await configure({ config: { get: (key) => values[key] } });
    expect(resolveV2Connection().transport?.retry.maxAttempts).toBe(2);
    expect(resolveInfluxdb3Connection(undefined, { tokenRequired: true })).toMatchObject({
      url: "http://127.0.0.1:8181",
      token: "apiv3_x",
      transport: { retry: { maxAttempts: 2 }, credentialName: "stack config influxdb:influxdb3Token" },
    });
  });
});
