import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The SDK classes pass every key they were given, so that check sees a misspelled input and fails
 * naming it (it used to vanish: `stauts: "inactive"` made an active token). Keys that are not
 * documented inputs travel as secrets; output keys are still declared; `__createKey` stays.
 * Mocks never call the provider (DESIGN.md): this checks only what the classes register.
 */
type Registered = { type: string; name: string; inputs: Record<string, unknown> };
const registered: Registered[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs } };
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
const inputsOf = async (resource: pulumi.Resource & { id: pulumi.Output<string> }, name: string) => {
  await resolved(resource.id);
  return registered.find((r) => r.name === name)!.inputs;
};

describe("every key the caller gave reaches the provider", () => {
  it("Authorization: a misspelled key travels (as a secret) next to the documented ones", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const args = {
      description: "break-glass",
      permissions: [{ action: "write" as const, resource: { type: "buckets" as const } }],
      stauts: "inactive",
    };
    const auth = new Authorization("break-glass", args as never);
    const inputs = await inputsOf(auth, "break-glass");
    expect(inputs["stauts"]).toEqual(secretOf("inactive"));
    expect(inputs["description"]).toBe("break-glass");
    expect(inputs["__createKey"]).toBe(await resolved(auth.urn));
  });

  it("DatabaseToken: expiresat travels; waitForActivation is a secret input", async () => {
    const { DatabaseToken } = await import("../../../sdk/index.js");
    const token = new DatabaseToken("never-expires", {
      description: "d",
      expiresat: "2027-06-30T00:00:00Z",
      waitForActivation: { url: "https://cluster.example.com" },
    } as never);
    const inputs = await inputsOf(token, "never-expires");
    expect(inputs["expiresat"]).toEqual(secretOf("2027-06-30T00:00:00Z"));
    expect(inputs["waitForActivation"]).toEqual(secretOf({ url: "https://cluster.example.com" }));
    expect(inputs["__createKey"]).toBe(await resolved(token.urn));
  });

  it("the InfluxDB 3 classes pass every key too, and keep their autoname prefix", async () => {
    const { OperatorToken, AdminToken, ResourceToken } = await import("../../../sdk/index.js");
    const operator = new OperatorToken("op", { existingtoken: "apiv3_x" } as never);
    const admin = new AdminToken("ad", { nmae: "ci", autonamePrefix: "mine" } as never);
    const resource = new ResourceToken("rt", {
      permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["read"] }],
      expiresin: "90d",
    } as never);
    expect((await inputsOf(operator, "op"))["existingtoken"]).toEqual(secretOf("apiv3_x"));
    const adminInputs = await inputsOf(admin, "ad");
    expect(adminInputs["nmae"]).toEqual(secretOf("ci"));
    expect(adminInputs["autonamePrefix"]).toBe("ad"); // the SDK's own key wins
    const resourceInputs = await inputsOf(resource, "rt");
    expect(resourceInputs["expiresin"]).toEqual(secretOf("90d"));
    expect(resourceInputs["permissions"]).toEqual([
      { resourceType: "db", resourceNames: ["sensors"], actions: ["read"] },
    ]);
  });

  it("an output key given as an input travels too (check says it is an output), as a secret", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const auth = new Authorization("with-token", {
      permissions: [{ action: "read", resource: { type: "buckets" } }],
      token: "pasted",
    } as never);
    expect((await inputsOf(auth, "with-token"))["token"]).toEqual(secretOf("pasted"));
  });

  it("documented inputs keep their form: plain, or secret where they hold a credential", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const auth = new Authorization("plain", {
      orgId: "0123456789abcdef",
      permissions: [{ action: "read", resource: { type: "buckets" } }],
      connection: { url: "http://127.0.0.1:8086", token: "t" },
      adoptId: "fedcba9876543210",
      adoptedToken: "v",
      rotateAfter: "90d",
    });
    const inputs = await inputsOf(auth, "plain");
    expect(inputs).toMatchObject({
      orgId: "0123456789abcdef",
      adoptId: "fedcba9876543210",
      rotateAfter: "90d",
    });
    expect(inputs["connection"]).toEqual(secretOf({ url: "http://127.0.0.1:8086", token: "t" }));
    expect(inputs["adoptedToken"]).toEqual(secretOf("v"));
    expect(Object.keys(inputs).sort()).toEqual(
      [
        "__createKey",
        "__provider",
        "adoptId",
        "adoptedToken",
        "connection",
        "orgId",
        "permissions",
        "rotateAfter",
      ].sort(),
    );
  });
});

describe("outputs stay declared", () => {
  it.each([
    [
      "Authorization",
      [
        "orgId",
        "org",
        "userId",
        "user",
        "status",
        "grantedPermissions",
        "token",
        "createdAt",
        "updatedAt",
        "adopted",
        "tokenKnown",
        "rotationDueAt",
      ],
    ],
    [
      "DatabaseToken",
      [
        "description",
        "permissions",
        "expiresAt",
        "accessToken",
        "createdAt",
        "revokedAt",
        "accountId",
        "clusterId",
        "adopted",
        "tokenKnown",
        "rotationDueAt",
      ],
    ],
    [
      "OperatorToken",
      ["name", "token", "tokenId", "hashPrefix", "createdAt", "updatedAt", "edition", "status"],
    ],
    ["AdminToken", ["tokenName", "token", "tokenId", "hashPrefix", "createdAt", "expiresAt", "status"]],
    ["ResourceToken", ["tokenName", "token", "permissions", "permissionsText", "expiresAt", "status"]],
  ])("%s registers every output key even when no input sets it", async (kind, outputs) => {
    const sdk = (await import("../../../sdk/index.js")) as unknown as Record<
      string,
      new (
        name: string,
        args: unknown,
      ) => Record<string, unknown>
    >;
    const args =
      kind === "Authorization"
        ? { permissions: [] }
        : kind === "DatabaseToken"
          ? { description: "d" }
          : kind === "ResourceToken"
            ? { permissions: [] }
            : {};
    const resource = new sdk[kind]!(`outputs-${kind}`, args);
    for (const key of outputs) expect(pulumi.Output.isInstance(resource[key]), key).toBe(true);
  });
});

describe("reserved keys", () => {
  it("a caller's own __ key fails in the constructor instead of vanishing", async () => {
    const { Authorization, AdminToken } = await import("../../../sdk/index.js");
    expect(() => new Authorization("reserved", { permissions: [], __createKey: "x" } as never)).toThrow(
      /Authorization "reserved": the input "__createKey" is not accepted: names starting with "__" are reserved/,
    );
    expect(() => new AdminToken("reserved-admin", { __provider: "x" } as never)).toThrow(
      /"__provider" is not accepted/,
    );
  });

  it("a get passes no __createKey and only its own keys", async () => {
    const { Authorization } = await import("../../../sdk/index.js");
    const read = Authorization.get("read-only-props", "0a1b2c3d4e5f6071");
    const inputs = await inputsOf(read, "read-only-props");
    expect(inputs["__createKey"]).toBeUndefined();
    expect(Object.keys(inputs).sort()).toEqual(["__provider", "permissions"]);
  });
});
