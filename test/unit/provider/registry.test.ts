/** The registry: every resource once, and a too old Node.js named at the first hook call. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hooks, influxdb3Hooks, RESOURCE_NAMES, registry, withNodeCheck } from "../../../provider/registry";
import { MINIMUM_NODE, unsupportedNode } from "../../../provider/shared/node-version";

describe("registry", () => {
  it("holds every resource, and the 0.1.0 groups are views of the same hook instances", () => {
    expect(Object.keys(registry)).toEqual([...RESOURCE_NAMES]);
    expect(hooks.authorization).toBe(registry.Authorization.hooks);
    expect(hooks.databaseToken).toBe(registry.DatabaseToken.hooks);
    expect(hooks.user).toBe(registry.User.hooks);
    expect(influxdb3Hooks.operatorToken).toBe(registry.OperatorToken.hooks);
    expect(influxdb3Hooks.adminToken).toBe(registry.AdminToken.hooks);
    expect(influxdb3Hooks.resourceToken).toBe(registry.ResourceToken.hooks);
  });
});

describe("Node.js version", () => {
  it("the minimum is the package's engines field", () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE.replace(/\.0$/, "")}`);
  });

  it("names the version found and the one needed; newer ones pass", () => {
    expect(unsupportedNode("20.20.2")).toMatch(
      /^Node\.js 20\.20\.2 runs this Pulumi program, but pulumi-influxdb-tokens needs Node\.js 22\.19\.0 or newer/,
    );
    expect(unsupportedNode("v22.18.9")).toContain("22.18.9");
    for (const ok of ["22.19.0", "22.20.1", "24.21.0", "v25.0.0"])
      expect(unsupportedNode(ok)).toBeUndefined();
  });

  it("the first hook call (check, at preview) fails with it before anything else runs", async () => {
    let called = 0;
    const inner = {
      check: async () => ({ inputs: { called: ++called } }),
      diff: async () => ({}),
      create: async () => ({ id: "x" }),
      read: async () => ({}),
      update: async () => ({}),
      delete: async () => {},
    };
    const old = withNodeCheck(inner, () => "20.20.2");
    expect(() => old.check({}, {})).toThrow(/Node\.js 20\.20\.2 runs this Pulumi program/);
    expect(() => old.create({})).toThrow(/needs Node\.js 22\.19\.0/);
    expect(called).toBe(0);
    await expect(withNodeCheck(inner, () => "24.21.0").check({}, {})).resolves.toEqual({
      inputs: { called: 1 },
    });
  });
});
