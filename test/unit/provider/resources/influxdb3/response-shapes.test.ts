import { describe, expect, it } from "vitest";
import type { Influxdb3Client, TokenRow } from "../../../../../provider/clients/influxdb3/client";
import { namedTokenHooks } from "../../../../../provider/resources/influxdb3/named-token-hooks";

/**
 * behaviour D.5 [?]: the Enterprise resource-token response may be the spec's
 * `ResourceTokenObject` (no id/hash/created_at). The provider then reads the facts from
 * `system.tokens` with one lookup.
 */
function fakeClient(calls: string[]): Influxdb3Client {
  const row: TokenRow = {
    token_id: 7,
    name: "w",
    // Longer than 9 chars, as v3.0.0-3.0.1 showed it (behaviour D.4): only the first 9 are kept.
    hash: "0123456789abcdef",
    created_at: "2026-03-04T05:06:07.089",
    expiry: "2027-03-04T05:06:07.089",
    permissions: "db:sensors:write",
  };
  const unexpected = async (): Promise<never> => {
    throw new Error("unexpected call");
  };
  return {
    url: "http://127.0.0.1:1",
    createOperatorToken: unexpected,
    regenerateOperatorToken: unexpected,
    createNamedAdminToken: unexpected,
    async createResourceToken(_credential, name) {
      calls.push(`create ${name}`);
      return { token: "apiv3_only-the-token" };
    },
    deleteToken: unexpected,
    async findToken(_credential, name) {
      calls.push(`find ${name}`);
      return name === row.name ? row : undefined;
    },
    listTokens: unexpected,
    ping: unexpected,
  };
}

describe("a resource-token response without id/hash/created_at", () => {
  it("is completed from system.tokens (timestamps get their Z, the hash is cut to 9 chars)", async () => {
    const calls: string[] = [];
    const hooks = namedTokenHooks("ResourceToken", () => fakeClient(calls));
    const created = await hooks.create({
      name: "w",
      permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
      connection: { url: "http://127.0.0.1:1", token: "apiv3_admin" },
    });
    expect(calls).toEqual(["create w", "find w"]);
    expect(created.outs).toMatchObject({
      tokenId: 7,
      hashPrefix: "012345678",
      createdAt: "2026-03-04T05:06:07.089Z",
      expiresAt: "2027-03-04T05:06:07.089Z",
      token: "apiv3_only-the-token",
      status: "active",
    });
  });
});
