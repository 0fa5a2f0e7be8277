import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

type Registered = { type: string; name: string; inputs: Record<string, unknown> };
const registered: Registered[] = [];

// Mocks never call a dynamic provider's hooks (DESIGN.md): this checks only what the classes
// register: type token, inputs (autoname prefix, secret connection), and the tiny provider.
beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, token: "apiv3_mock" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const secretOf = (value: unknown) => ({
  [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
  value,
});

describe("InfluxDB 3 sdk classes", () => {
  it("OperatorToken registers a secret connection and existingToken, and a require()-only provider", async () => {
    const { OperatorToken } = await import("../../../sdk/influxdb3/index.js");
    const operator = new OperatorToken("bootstrap", {
      connection: { url: "http://127.0.0.1:8181" },
      existingToken: "apiv3_known",
      rotationTrigger: "2026-11",
    });
    expect(await resolved(operator.token)).toBe("apiv3_mock");
    const entry = registered.find((r) => r.name === "bootstrap")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:OperatorToken");
    expect(entry.inputs["connection"]).toEqual(secretOf({ url: "http://127.0.0.1:8181" }));
    expect(entry.inputs["existingToken"]).toEqual(secretOf("apiv3_known"));
    expect(entry.inputs["rotationTrigger"]).toBe("2026-11");
    const provider = entry.inputs["__provider"] as string;
    // Run from sources the provider is serialized by value: it requires the installed package and
    // captures which hooks it delegates to (provider/serialized/delegate.ts).
    expect(provider).toContain('require("pulumi-influxdb-tokens/registry")[group]');
    expect(provider).toContain('"influxdb3Hooks"');
    expect(provider).toContain('"operatorToken"');
    expect(provider).not.toMatch(/apiv3_|127\.0\.0\.1|zod|undici/);
    expect(provider.length).toBeLessThan(4000);
  });

  it("AdminToken passes its resource name as the autoname prefix", async () => {
    const { AdminToken } = await import("../../../sdk/influxdb3/index.js");
    const admin = new AdminToken("grafana", { expiresIn: "90d" });
    expect(await resolved(admin.token)).toBe("apiv3_mock");
    const entry = registered.find((r) => r.name === "grafana")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:AdminToken");
    expect(entry.inputs).toMatchObject({ autonamePrefix: "grafana", expiresIn: "90d" });
    expect(entry.inputs["name"]).toBeUndefined();
    expect(entry.inputs["__provider"]).toContain('"adminToken"');
  });

  it("ResourceToken registers its permissions under its own type", async () => {
    const { ResourceToken } = await import("../../../sdk/influxdb3/index.js");
    const writer = new ResourceToken("writer", {
      name: "sensors-writer",
      permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
    });
    expect(await resolved(writer.token)).toBe("apiv3_mock");
    const entry = registered.find((r) => r.name === "writer")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:ResourceToken");
    expect(entry.inputs).toMatchObject({
      name: "sensors-writer",
      permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
    });
    expect(entry.inputs["__provider"]).toContain('"resourceToken"');
  });
});
