import { describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../provider/config";
import { userHooks } from "../../../../../provider/resources/user/hooks";
import { validateUser } from "../../../../../provider/resources/user/schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";
import { completeSettings, useCompleteSettings } from "../../../../support/complete-settings";

useCompleteSettings();

function failuresOf(inputs: Record<string, unknown>) {
  const result = validateUser(inputs);
  return result.ok ? [] : result.failures;
}

describe("validateUser accepts", () => {
  it.each([
    ["a name only", { name: "alice" }],
    [
      "every input",
      {
        name: "alice",
        status: "inactive",
        password: "12345678",
        orgMemberships: ["my-org", "0123456789abcdef"],
        deleteWithTokens: true,
      },
    ],
    ["a 72-byte password", { name: "alice", password: "x".repeat(72) }],
    [
      "unknown values (preview)",
      { name: UNKNOWN, status: UNKNOWN, password: UNKNOWN, orgMemberships: [UNKNOWN] },
    ],
    ["its own connection", { name: "alice", connection: { url: "http://127.0.0.1:1", token: "t" } }],
  ])("%s", (_what, inputs) => {
    expect(failuresOf(inputs)).toEqual([]);
  });
});

describe("validateUser refuses, naming the property and the fix", () => {
  it.each([
    ["no name", {}, "name", /./],
    ["an empty name", { name: "" }, "name", /must not be empty/],
    ["a blank name", { name: "  " }, "name", /must not be empty/],
    ["a marker name", { name: "pulumi-influxdb-tokens creating abc" }, "name", /choose another name/],
    ["a bad status", { name: "a", status: "paused" }, "status", /use "active" or "inactive"/],
    [
      "a 7-byte password",
      { name: "a", password: "1234567" },
      "password",
      /8 to 72 bytes long.*this one has 7/,
    ],
    ["a 73-byte password", { name: "a", password: "é".repeat(36) + "x" }, "password", /this one has 73/],
    ["a non-string membership", { name: "a", orgMemberships: [3] }, "orgMemberships[0]", /./],
    [
      "an empty membership",
      { name: "a", orgMemberships: [""] },
      "orgMemberships[0]",
      /org ID or an org name/,
    ],
    ["a misspelled input", { name: "a", stauts: "active" }, "stauts", /status/],
    ["an output given as input", { name: "a", userId: "0123456789abcdef" }, "userId", /output/],
    ["a bad deleteWithTokens", { name: "a", deleteWithTokens: "yes" }, "deleteWithTokens", /./],
    [
      "a Cloud URL",
      { name: "a", connection: { url: "https://us-east-1-1.aws.cloud2.influxdata.com", token: "t" } },
      "connection.url",
      /no users API.*OSS/,
    ],
  ])("%s", (_what, inputs, property, reason) => {
    const failures = failuresOf(inputs as Record<string, unknown>);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)?.reason).toMatch(reason);
  });

  it("never repeats the password in a failure", () => {
    const failures = failuresOf({ name: "a", password: "secret7" });
    expect(JSON.stringify(failures)).not.toContain("secret7");
  });

  it("a stack URL of InfluxDB Cloud fails naming the setting", () => {
    setStackConfig(completeSettings({ "influxdb:url": "https://eu-central-1-1.aws.cloud2.influxdata.com" }));
    const failures = failuresOf({ name: "a" });
    expect(failures).toEqual([
      {
        property: "influxdb:url",
        reason: expect.stringMatching(/^the URL from stack config influxdb:url is an InfluxDB Cloud/),
      },
    ]);
  });

  it("no URL anywhere fails at check", () => {
    setStackConfig(completeSettings({ "influxdb:url": "" }));
    expect(failuresOf({ name: "a" }).map((f) => f.property)).toEqual(["connection.url"]);
  });

  it("check sends no request: it answers failures from the inputs alone", async () => {
    const hooks = userHooks(() => {
      throw new Error("check must not make a client");
    });
    const result = await hooks.check({}, { name: "", password: "short" });
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["name", "password"]);
  });
});
