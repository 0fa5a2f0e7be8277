/**
 * Spot checks of the presets on the emulator: tokens created through the Authorization
 * provider's hooks with the operator token can do what the preset says, and no more.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationHooks, closeHttpAgent } from "../../../../provider";
import { v2Client } from "../../../../provider/clients/v2";
import {
  allAccessPermissions,
  influxCliAllAccessPermissions,
  operatorPermissions,
} from "../../../../provider/presets";
import { type SeededEmulator, startSeededEmulator, v2Call, writeStatus } from "./seeded-emulator";

let server: SeededEmulator;
const hooks = authorizationHooks();

beforeAll(async () => {
  server = await startSeededEmulator({ seed: 9 });
});
afterAll(async () => {
  await server?.close();
  await closeHttpAgent();
});

async function create(inputs: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const created = await hooks.create({ ...inputs, connection: { url: server.url, token: server.token } });
  return { id: created.id, token: (created.outs as { token: string }).token };
}

describe("allAccessPermissions through the Authorization provider", () => {
  it("writes and reads inside its org only, and cannot see or make tokens without a user grant", async () => {
    const { token } = await create({
      orgId: server.org.id,
      permissions: allAccessPermissions(server.org.id),
    });
    expect(await writeStatus(server, token, server.org.name, "telemetry")).toBe(204);
    expect(await writeStatus(server, token, server.org.name, "logs")).toBe(204);
    expect(await writeStatus(server, token, "other-org", "other-telemetry")).not.toBe(204);
    const buckets = await v2Call(server, token, "GET", "/api/v2/buckets");
    expect(new Set(buckets.body.buckets.map((b: { orgID: string }) => b.orgID))).toEqual(
      new Set([server.org.id]),
    );
    // The owner set's `users` grant is org-scoped and matches no user (behaviour A.10): the list is empty
    // and creating a token fails on the user check (behaviour A.4 step 5).
    const list = await v2Call(server, token, "GET", "/api/v2/authorizations");
    expect(list.body.authorizations).toEqual([]);
    const post = await v2Call(server, token, "POST", "/api/v2/authorizations", {
      orgID: server.org.id,
      permissions: [{ action: "read", resource: { type: "buckets", orgID: server.org.id } }],
    });
    expect(post.status).toBe(401);
  });

  it("with userId it may also manage that user's tokens in its org", async () => {
    const { token } = await create({
      orgId: server.org.id,
      userId: server.users.iot_user_1,
      permissions: allAccessPermissions(server.org.id, { userId: server.users.iot_user_1 }),
    });
    const post = await v2Call(server, token, "POST", "/api/v2/authorizations", {
      orgID: server.org.id,
      permissions: [{ action: "read", resource: { type: "buckets", orgID: server.org.id } }],
    });
    expect(post.status).toBe(201);
    expect(post.body.userID).toBe(server.users.iot_user_1);
    // Another org's token cannot be made: the caller holds nothing there (403, behaviour A.4 step 5).
    const elsewhere = await v2Call(server, token, "POST", "/api/v2/authorizations", {
      orgID: server.otherOrg.id,
      permissions: [{ action: "read", resource: { type: "buckets", orgID: server.otherOrg.id } }],
    });
    expect(elsewhere.status).not.toBe(201);
  });

  it("influxCliAllAccessPermissions: the org is read-only, the user's tokens are manageable", async () => {
    const { token } = await create({
      orgId: server.org.id,
      userId: server.users.iot_user_2,
      permissions: influxCliAllAccessPermissions(server.org.id, server.users.iot_user_2),
    });
    expect(await writeStatus(server, token, server.org.name, "telemetry")).toBe(204);
    const listed = await v2Call(server, token, "GET", "/api/v2/authorizations");
    expect(listed.status).toBe(200);
    expect(listed.body.authorizations.map((a: { userID: string }) => a.userID)).toEqual(
      expect.arrayContaining([server.users.iot_user_2]),
    );
    expect(new Set(listed.body.authorizations.map((a: { userID: string }) => a.userID))).toEqual(
      new Set([server.users.iot_user_2]),
    );
  });
});

describe("operatorPermissions", () => {
  it("sent as is, it reaches every org (what `influx auth create --operator` makes)", async () => {
    const client = v2Client({ url: server.url, token: server.token });
    const created = await client.createAuthorization({
      orgID: server.org.id,
      permissions: operatorPermissions(),
    });
    const token = created.token!;
    expect(
      created.permissions.every((p) => p.resource.orgID === undefined && p.resource.id === undefined),
    ).toBe(true);
    expect(await writeStatus(server, token, server.org.name, "telemetry")).toBe(204);
    expect(await writeStatus(server, token, "other-org", "other-telemetry")).toBe(204);
    const list = await v2Call(server, token, "GET", "/api/v2/authorizations");
    expect(list.body.authorizations.length).toBeGreaterThanOrEqual(2);
  });

  it("through the Authorization provider (anyOrg), it reaches every org", async () => {
    const { id, token } = await create({ orgId: server.org.id, permissions: operatorPermissions() });
    const stored = await v2Call(server, server.token, "GET", `/api/v2/authorizations/${id}`);
    expect(
      stored.body.permissions.every((p: { resource: { orgID?: string } }) => p.resource.orgID === undefined),
    ).toBe(true);
    expect(await writeStatus(server, token, "other-org", "other-telemetry")).toBe(204);
  });
});
