import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigurationError,
  resolveManagementConnection,
  resolveV2Connection,
  setStackConfig,
} from "../../../../provider/config";
import { resolveInfluxdb3Connection, setInfluxdb3StackConfig } from "../../../../provider/config/influxdb3";
import { urlProblem } from "../../../../provider/config/url-rules";
import { validateAuthorization } from "../../../../provider/resources/authorization/schema";
import { validateDatabaseToken } from "../../../../provider/resources/database-token/schema";
import {
  validateAdminToken,
  validateOperatorToken,
  validateResourceToken,
} from "../../../../provider/resources/influxdb3/schema";
import type { InputFailure } from "../../../../provider/shared/errors";
import { UNKNOWN } from "../../../../provider/shared/unknown";

/**
 * A URL with user info (`user:password@`, `user@`) is refused for every URL input and setting,
 * naming the property and where the credential belongs, and never repeating the value.
 */
const PASSWORD = "Pa55-w0rd-never-printed";
const USER = "alice-never-printed";
const BAD_URLS = [
  `http://${USER}:${PASSWORD}@127.0.0.1:8086`,
  `https://${USER}@influxdb.example.com`,
  `http://:${PASSWORD}@127.0.0.1:8181/`,
  `https://${USER}:${encodeURIComponent(PASSWORD)}@host.example.com:443/prefix`,
];
const ENV = [
  "INFLUX_HOST",
  "INFLUX_TOKEN",
  "INFLUX_MANAGEMENT_URL",
  "INFLUX_MANAGEMENT_TOKEN",
  "INFLUXDB3_HOST_URL",
];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const name of ENV) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});
afterEach(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  setStackConfig(undefined);
  setInfluxdb3StackConfig(undefined);
});

const NOW = Date.parse("2026-06-01T00:00:00Z");
const failures = (result: { ok: boolean; failures?: InputFailure[] }) => (result.ok ? [] : result.failures!);
const auth = (raw: Record<string, unknown>) =>
  failures(
    validateAuthorization({ permissions: [{ action: "read", resource: { type: "buckets" } }], ...raw }),
  );
const db = (raw: Record<string, unknown>) =>
  failures(validateDatabaseToken({ description: "d", ...raw }, undefined, NOW));
const resourcePerms = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["read"] }];

/** Every URL input of the five resources: [resource, inputs around the URL, property, where the credential goes]. */
const URL_INPUTS: Array<[string, (url: string) => InputFailure[], string, RegExp]> = [
  [
    "Authorization",
    (url) => auth({ connection: { url, token: "t" } }),
    "connection.url",
    /connection\.token.*influxdb:token/,
  ],
  [
    "DatabaseToken",
    (url) => db({ connection: { url, token: "t" } }),
    "connection.url",
    /connection\.token.*influxdb:managementToken/,
  ],
  [
    "DatabaseToken",
    (url) => db({ waitForActivation: { url } }),
    "waitForActivation.url",
    /the probe authenticates with the new token/,
  ],
  [
    "OperatorToken",
    (url) => failures(validateOperatorToken({ connection: { url } })),
    "connection.url",
    /connection\.token.*influxdb:influxdb3Token/,
  ],
  [
    "AdminToken",
    (url) => failures(validateAdminToken({ autonamePrefix: "a", connection: { url, token: "t" } })),
    "connection.url",
    /influxdb:influxdb3Token/,
  ],
  [
    "ResourceToken",
    (url) =>
      failures(
        validateResourceToken({
          autonamePrefix: "r",
          permissions: resourcePerms,
          connection: { url, token: "t" },
        }),
      ),
    "connection.url",
    /influxdb:influxdb3Token/,
  ],
];

describe("urlProblem", () => {
  it.each([
    ["http://127.0.0.1:8086", undefined],
    ["https://influxdb.example.com/prefix/", undefined],
    ["http://@127.0.0.1:8086", undefined], // empty user info holds nothing
    ["http://user@host", "user-info"],
    ["http://user:pw@host", "user-info"],
    ["http://:pw@host", "user-info"],
    ["HTTPS://USER:PW@HOST", "user-info"],
    ["http://user:pa ss@host", "user-info"], // the parser escapes the space
    ["http://us er:pw@ho st", "maybe-user-info"], // unparsable, but an "@" in the authority
    ["localhost:8086", "no-scheme"],
    ["127.0.0.1:8086", "no-scheme"],
    ["influxdb.example.com", "no-scheme"],
    ["user:pw@host:8086", "user-info"],
    ["ftp://host", "not-http"],
    ["not a url", "not-a-url"],
    ["", "not-a-url"],
  ])("%s -> %s", (value, problem) => {
    expect(urlProblem(value)).toBe(problem);
  });
});

describe.each(URL_INPUTS)("%s %s", (_kind, validate, property, credential) => {
  it.each(BAD_URLS)("refuses %s, naming the property and the fix, never the value", (url) => {
    const list = validate(url);
    const found = list.find((f) => f.property === property);
    expect(found?.reason).toMatch(/^must not hold credentials \(a user name or password/);
    expect(found?.reason).toMatch(credential);
    const text = JSON.stringify(list);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(USER);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
  });

  it("an unparsable URL is not repeated either", () => {
    const list = validate(`http://${USER}:${PASSWORD} @[bad`);
    expect(list.find((f) => f.property === property)?.reason).toMatch(/is not a URL/);
    expect(JSON.stringify(list)).not.toMatch(/never-printed|Pa55/);
  });

  it("a good URL passes", () => {
    expect(validate("https://influxdb.example.com:8443").filter((f) => f.property === property)).toEqual([]);
  });
});

/** The URL settings: stack config and environment, at check (validate*) and when read (resolve*). */
describe.each([
  [
    "influxdb:url",
    "INFLUX_HOST",
    (): InputFailure[] => auth({ orgId: "0123456789abcdef" }),
    /influxdb:token \(or INFLUX_TOKEN/,
  ],
  [
    "influxdb:managementUrl",
    "INFLUX_MANAGEMENT_URL",
    (): InputFailure[] => db({}),
    /influxdb:managementToken \(or INFLUX_MANAGEMENT_TOKEN/,
  ],
  [
    "influxdb:influxdb3Url",
    "INFLUXDB3_HOST_URL",
    (): InputFailure[] => failures(validateAdminToken({ autonamePrefix: "a" })),
    /influxdb:influxdb3Token \(or INFLUXDB3_AUTH_TOKEN/,
  ],
])("the setting %s / %s", (configKey, envVar, check, credential) => {
  const url = BAD_URLS[0]!;
  const setConfig = (values: Record<string, string>) => {
    setStackConfig({ get: (key) => values[key] });
    setInfluxdb3StackConfig({ get: (key) => values[key] });
  };

  it("fails check, naming the stack config key, never the value", () => {
    setConfig({ [configKey]: url });
    const list = check();
    expect(list).toHaveLength(1);
    expect(list[0]!.property).toBe(configKey);
    expect(list[0]!.reason).toMatch(
      new RegExp(`^the URL from stack config ${configKey} must not hold credentials`),
    );
    expect(list[0]!.reason).toMatch(credential);
    expect(JSON.stringify(list)).not.toMatch(/never-printed|Pa55/);
  });

  it("fails check, naming the environment variable", () => {
    process.env[envVar] = url;
    expect(check().map((f) => f.property)).toEqual([envVar]);
  });

  it("fails check when absent, naming connection.url, the setting and the variable", () => {
    const list = check();
    expect(list.map((f) => f.property)).toEqual(["connection.url"]);
    expect(list[0]!.reason).toContain(
      `neither is stack config ${configKey} nor the environment variable ${envVar}`,
    );
    expect(list[0]!.reason).toMatch(new RegExp(`pulumi config set ${configKey} https?://`));
    expect(list[0]!.reason).toContain("connection.url and connection.token");
  });

  it("an absent setting does not fail a resource that names its own server", () => {
    const own = { connection: { url: "http://127.0.0.1:1", token: "t" } };
    const given =
      configKey === "influxdb:url"
        ? auth({ orgId: "0123456789abcdef", ...own })
        : configKey === "influxdb:managementUrl"
          ? db(own)
          : failures(validateAdminToken({ autonamePrefix: "a", ...own }));
    expect(given).toEqual([]);
  });

  it("an unknown connection or URL never fails (preview)", () => {
    for (const connection of [UNKNOWN, { url: UNKNOWN, token: "t" }]) {
      const given =
        configKey === "influxdb:url"
          ? auth({ orgId: "0123456789abcdef", connection })
          : configKey === "influxdb:managementUrl"
            ? db({ connection })
            : failures(validateAdminToken({ autonamePrefix: "a", connection }));
      expect(given).toEqual([]);
    }
  });

  it("a URL without a scheme fails check, naming the setting and the fix", () => {
    setConfig({ [configKey]: "localhost:8086" });
    const list = check();
    expect(list.map((f) => f.property)).toEqual([configKey]);
    expect(list[0]!.reason).toMatch(
      /has no scheme: start it with http:\/\/ \(or https:\/\/ for a TLS server\)/,
    );
  });
});

describe("a resource with its own URL does not depend on the stack's", () => {
  it("a bad setting does not fail a resource that names its own server", () => {
    process.env["INFLUX_HOST"] = BAD_URLS[0]!;
    process.env["INFLUX_MANAGEMENT_URL"] = BAD_URLS[0]!;
    process.env["INFLUXDB3_HOST_URL"] = BAD_URLS[0]!;
    expect(
      auth({ orgId: "0123456789abcdef", connection: { url: "http://127.0.0.1:1", token: "t" } }),
    ).toEqual([]);
    expect(db({ connection: { url: "http://127.0.0.1:1", token: "t" } })).toEqual([]);
    expect(
      failures(validateAdminToken({ autonamePrefix: "a", connection: { url: "http://127.0.0.1:1" } })),
    ).toEqual([]);
  });
});

describe("reading the setting at call time refuses it the same way", () => {
  it.each(BAD_URLS)("%s", (url) => {
    process.env["INFLUX_TOKEN"] = "t";
    process.env["INFLUX_MANAGEMENT_TOKEN"] = "t";
    const messages: string[] = [];
    for (const resolve of [
      () => {
        process.env["INFLUX_HOST"] = url;
        return resolveV2Connection();
      },
      () => {
        process.env["INFLUX_MANAGEMENT_URL"] = url;
        return resolveManagementConnection();
      },
      () => {
        process.env["INFLUXDB3_HOST_URL"] = url;
        return resolveInfluxdb3Connection(undefined, { tokenRequired: false });
      },
      () => resolveV2Connection({ url, token: "t" }),
      () => resolveInfluxdb3Connection({ url, token: "t" }, { tokenRequired: true }),
    ]) {
      try {
        resolve();
        messages.push("resolved");
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        messages.push((error as Error).message);
      }
    }
    for (const message of messages) {
      expect(message).toMatch(/must not hold credentials/);
      expect(message).not.toMatch(/never-printed|Pa55/);
    }
    expect(messages[0]).toMatch(
      /environment variable INFLUX_HOST .*put the credential in stack config influxdb:token/,
    );
    expect(messages[3]).toMatch(/resource input connection\.url .*put the credential in connection\.token/);
  });
});
