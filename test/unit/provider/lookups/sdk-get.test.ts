/**
 * What `Authorization.get` / `DatabaseToken.get` register (mocks never run a dynamic provider's
 * hooks, DESIGN.md; the engine-level behaviour is in test/e2e/lookups.test.ts): a read of the
 * given ID with the read provider (a missing token fails), not a create, and the connection
 * as a secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

type Registered = { type: string; name: string; id?: string; inputs: Record<string, unknown> };
const registered: Registered[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, id: args.id, inputs: args.inputs });
        return { id: args.id ?? `${args.name}-id`, state: { ...args.inputs, user: "iot_user_1" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("get()", () => {
  it("Authorization.get reads the ID with the read provider and passes the connection as a secret", async () => {
    const { Authorization } = await import("../../../../sdk/index.js");
    const seen = Authorization.get("seen", "0d00000000000001", {
      connection: { url: "http://127.0.0.1:8086", token: "t" },
      protect: false,
    });
    expect(await resolved(seen.id)).toBe("0d00000000000001");
    expect(await resolved(seen.user)).toBe("iot_user_1");
    const entry = registered.find((r) => r.name === "seen")!;
    expect(entry.id).toBe("0d00000000000001");
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:Authorization");
    const provider = entry.inputs.__provider as string;
    expect(provider).toContain("Authorization.get: no authorization with ID");
    expect(provider).toContain('require("pulumi-influxdb-tokens/registry")');
    expect(provider.length).toBeLessThan(6000);
    expect(entry.inputs.connection).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: { url: "http://127.0.0.1:8086", token: "t" },
    });
  });

  it("DatabaseToken.get does the same with its own read provider; new resources keep the plain one", async () => {
    const { DatabaseToken } = await import("../../../../sdk/index.js");
    const seen = DatabaseToken.get("seenDb", "11111111-1111-4111-8111-111111111111");
    expect(await resolved(seen.id)).toBe("11111111-1111-4111-8111-111111111111");
    const entry = registered.find((r) => r.name === "seenDb")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/influxdb:DatabaseToken");
    expect(entry.inputs.__provider as string).toContain("DatabaseToken.get: no usable database token");
    new DatabaseToken("managed", { description: "d" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const managed = registered.find((r) => r.name === "managed")!;
    expect(managed.id ?? "").toBe(""); // a registration, not a read
    expect(managed.inputs.__provider as string).not.toContain(".get: no");
  });
});
