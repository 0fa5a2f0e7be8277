import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { withSecretOutputs } from "../../../sdk/authorization";

type Registered = { type: string; name: string; inputs: Record<string, unknown> };
const registered: Registered[] = [];

// Mocks never call a dynamic provider's hooks (DESIGN.md); this test checks only what the classes
// register: type token, inputs, the serialized provider, and the secret outputs option.
beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, token: "tok", accessToken: "acc" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

async function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("sdk classes", () => {
  it("Authorization registers its inputs, a tiny require()-only provider, and exposes outputs", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const auth = new Authorization("telegraf", {
      org: "my-org",
      permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
      connection: { url: "http://127.0.0.1:8086", token: "t" },
    });
    expect(await resolved(auth.id)).toBe("telegraf-id");
    expect(await resolved(auth.token)).toBe("tok");
    const entry = registered.find((r) => r.name === "telegraf")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:Authorization");
    expect(entry.inputs.org).toBe("my-org");
    // The connection input travels as a Pulumi secret (the RPC's secret signature wraps it).
    expect(entry.inputs.connection).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: { url: "http://127.0.0.1:8086", token: "t" },
    });
    const provider = entry.inputs.__provider as string;
    expect(provider).toContain('require("pulumi-influxdb-tokens/registry")');
    expect(provider.length).toBeLessThan(4000);
  });

  it("DatabaseToken registers under its own type", async () => {
    const { DatabaseToken } = await import("../../../sdk/index.js");
    const token = new DatabaseToken("grafana", {
      description: "g",
      permissions: [{ action: "read", resource: "sensors" }],
    });
    expect(await resolved(token.accessToken)).toBe("acc");
    const entry = registered.find((r) => r.name === "grafana")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:DatabaseToken");
    // Run from sources the provider is serialized by value: the kind it delegates to is captured.
    expect(entry.inputs.__provider as string).toContain('"databaseToken"');
  });

  it("passes its URN as the hidden input __createKey (the create journal's key), none for a get", async () => {
    const { Authorization, DatabaseToken } = await import("../../../sdk/index.js");
    const parent = new pulumi.ComponentResource("my:Group", "group");
    const readOnly = Authorization.get("read-only", "0a1b2c3d4e5f6071");
    const auth = new Authorization(
      "keyed",
      { permissions: [{ action: "read", resource: { type: "buckets" } }] },
      { parent },
    );
    const token = new DatabaseToken("keyed-db", { description: "d", permissions: [] });
    const inputsOf = (name: string) => registered.find((r) => r.name === name)!.inputs;
    await resolved(auth.id);
    await resolved(token.id);
    await resolved(readOnly.id);
    expect(inputsOf("keyed").__createKey).toBe(await resolved(auth.urn));
    expect(inputsOf("keyed").__createKey).toContain("my:Group$");
    expect(inputsOf("keyed-db").__createKey).toBe(await resolved(token.urn));
    const gets = registered.filter((r) => r.name === "read-only");
    expect(gets).toHaveLength(1);
    expect(gets[0]!.inputs.__createKey).toBeUndefined();
  });

  it("registers without Pulumi's per-promise stack traces unless PULUMI_DEBUG_PROMISE_LEAKS asks", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const args = { permissions: [{ action: "read" as const, resource: { type: "buckets" as const } }] };
    /**
     * Stack traces formatted by Pulumi's debuggablePromise while `construct` ran (the resource's
     * one source-position trace, which the engine uses, is not counted).
     */
    const framesFormatted = (construct: () => unknown): number => {
      const original = Error.prepareStackTrace;
      let frames = 0;
      Error.prepareStackTrace = (error, stack) => {
        if (stack[0]?.getFileName()?.endsWith("debuggable.js")) frames += stack.length;
        return String(error);
      };
      try {
        construct();
      } finally {
        Error.prepareStackTrace = original;
      }
      return frames;
    };
    class Plain extends pulumi.dynamic.Resource {}
    const plain = { create: async () => ({ id: "x" }) };
    const before = Error.stackTraceLimit;
    expect(framesFormatted(() => new Plain(plain, "plain", { a: 1, b: undefined }))).toBeGreaterThan(0);
    expect(framesFormatted(() => new Authorization("quiet", args))).toBe(0);
    expect(Error.stackTraceLimit).toBe(before);
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    try {
      expect(framesFormatted(() => new Authorization("traced", args))).toBeGreaterThan(0);
    } finally {
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
  });

  it("merges the secret outputs into the user's options", () => {
    expect(
      withSecretOutputs({ protect: true, additionalSecretOutputs: ["user", "token"] }, [
        "token",
        "connection",
      ]),
    ).toEqual({
      protect: true,
      additionalSecretOutputs: ["user", "token", "connection"],
    });
    expect(withSecretOutputs(undefined, ["accessToken"])).toEqual({
      additionalSecretOutputs: ["accessToken"],
    });
  });
});
