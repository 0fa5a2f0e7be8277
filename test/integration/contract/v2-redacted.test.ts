import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";
import { missingSpecsReason } from "../../support/openapi";
import { contractClient } from "./contract-client";

/**
 * Cloud / Serverless mode (emulator only, no real server to compare): the token is returned once,
 * then redacted (behaviour A.3). Responses are validated against cloud.yml.
 */
describe("v2 redacted visibility (Cloud) against cloud.yml", () => {
  let server: EmulatorTestServer;
  let client: ReturnType<typeof contractClient>;
  beforeAll(async () => {
    const reason = missingSpecsReason();
    if (reason) console.warn(reason);
    server = await startEmulatorTestServer({ tokenVisibility: "redacted" });
    client = contractClient(server.url, server.token, "cloud");
  });
  afterAll(() => server.stop());

  it("POST returns the token; GET, list and PATCH answer the literal `redacted`", async () => {
    const created = await client.call("POST", "/api/v2/authorizations", {
      body: {
        orgID: server.org.id,
        permissions: [{ action: "read", resource: { type: "buckets", orgID: server.org.id } }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.token).toHaveLength(88);
    const get = await client.call("GET", `/api/v2/authorizations/${created.json.id}`);
    expect(get.json.token).toBe("redacted");
    const list = await client.call("GET", "/api/v2/authorizations");
    expect(list.json.authorizations.every((a: { token: string }) => a.token === "redacted")).toBe(true);
    const patch = await client.call("PATCH", `/api/v2/authorizations/${created.json.id}`, {
      body: { description: "d" },
    });
    expect(patch.json.token).toBe("redacted");
    expect((await client.call("DELETE", `/api/v2/authorizations/${created.json.id}`)).status).toBe(204);
  });

  it("honours the Cloud-only `token` list filter; no match => empty list", async () => {
    const created = await client.call("POST", "/api/v2/authorizations", {
      body: {
        orgID: server.org.id,
        permissions: [{ action: "read", resource: { type: "buckets", orgID: server.org.id } }],
      },
    });
    const found = await client.call(
      "GET",
      `/api/v2/authorizations?token=${encodeURIComponent(created.json.token)}`,
    );
    expect(found.json.authorizations.map((a: { id: string }) => a.id)).toEqual([created.json.id]);
    const none = await client.call("GET", "/api/v2/authorizations?token=nope");
    expect(none.status).toBe(200);
    expect(none.json.authorizations).toEqual([]);
  });
});
