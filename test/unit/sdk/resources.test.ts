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
    expect(provider).toContain('require("pulumi-influxdb-tokens/provider")');
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
    expect(entry.inputs.__provider as string).toContain("hooks.databaseToken.create");
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
