import { describe, expect, it } from "vitest";
import type { ManagementClient, ManagementToken } from "../../../../../provider/clients/management";
import { databaseTokenHooks, isGone } from "../../../../../provider/resources/database-token/hooks";
import { useCompleteSettings } from "../../../../support/complete-settings";

useCompleteSettings();

const NOW = Date.parse("2026-06-01T00:00:00Z");
const base: ManagementToken = {
  id: "t",
  description: "d",
  permissions: [],
  createdAt: "2026-01-01T00:00:00Z",
};

describe("isGone", () => {
  it.each([
    ["404", undefined, true],
    ["a live token", base, false],
    ["a future expiry", { ...base, expiresAt: "2026-07-01T00:00:00Z" }, false],
    ["a past expiry", { ...base, expiresAt: "2026-05-01T00:00:00Z" }, true],
    ["an expiry of exactly now", { ...base, expiresAt: "2026-06-01T00:00:00Z" }, true],
    ["a revocation", { ...base, revokedAt: "2026-05-01T00:00:00Z" }, true],
  ])("%s", (_, token, gone) => {
    expect(isGone(token as ManagementToken | undefined, NOW)).toBe(gone);
  });
});

describe("database token hooks (fake client)", () => {
  function fake(answer: ManagementToken | undefined) {
    const calls: string[] = [];
    const client: ManagementClient = {
      createToken: async (body) => {
        calls.push("create");
        return { ...base, ...body, accessToken: "apiv1_secret" };
      },
      getToken: async () => {
        calls.push("get");
        return answer;
      },
      updateToken: async (_id, patch) => {
        calls.push("update");
        return { ...base, ...patch };
      },
      deleteToken: async () => {
        calls.push("delete");
        return false;
      },
    };
    return { client, calls };
  }

  it("create sends canonical permissions and returns no undefined output", async () => {
    const { client } = fake(undefined);
    const result = await databaseTokenHooks(() => client).create({
      __provider: "x",
      description: "d",
      permissions: [
        { action: "write", resource: "b" },
        { action: "read", resource: "a" },
        { action: "write", resource: "b" },
      ],
    });
    expect(result.outs?.permissions).toEqual([
      { action: "read", resource: "a" },
      { action: "write", resource: "b" },
    ]);
    expect(result.outs?.accessToken).toBe("apiv1_secret");
    expect(Object.values(result.outs ?? {})).not.toContain(undefined);
  });

  it("read takes the server's permissions (a PATCH elsewhere replaces them, behaviour B.3) and keeps the access token", async () => {
    const { client } = fake({ ...base, permissions: [{ action: "write", resource: "*" }] });
    const read = await databaseTokenHooks(() => client).read("t", {
      description: "d",
      permissions: [{ action: "read", resource: "a" }],
      accessToken: "apiv1_secret",
    });
    expect(read.props).toMatchObject({
      permissions: [{ action: "write", resource: "*" }],
      accessToken: "apiv1_secret",
    });
  });

  it("update with an unchanged description sends nothing", async () => {
    const { client, calls } = fake(base);
    const olds = { description: "d", permissions: [], accessToken: "x", connection: { token: "old" } };
    const result = await databaseTokenHooks(() => client).update("t", olds, {
      description: "d",
      connection: { token: "new" },
    });
    expect(calls).toEqual([]);
    expect(result.outs?.connection).toEqual({ token: "new" });
  });

  it("create refuses a past expiry before any request", async () => {
    const { client, calls } = fake(undefined);
    await expect(
      databaseTokenHooks(() => client).create({ description: "d", expiresAt: "2000-01-01T00:00:00Z" }),
    ).rejects.toThrow(/expiresAt: 2000-01-01T00:00:00Z is not in the future/);
    expect(calls).toEqual([]);
  });
});
