/**
 * The look-ups against the emulator: server-side org/user filters, client-side status,
 * action, type and description filters, get by ID, database tokens with and without revoked ones,
 * connection resolution and errors. Never a token value in what they return.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError, closeHttpAgent, InfluxApiError } from "../../../../provider";
import { managementClient } from "../../../../provider/clients/management";
import { v2Client } from "../../../../provider/clients/v2";
import {
  getAuthorization,
  getDatabaseToken,
  LookupArgumentError,
  listAuthorizations,
  listDatabaseTokens,
} from "../../../../provider/lookups";
import { type SeededEmulator, startSeededEmulator } from "./seeded-emulator";

let server: SeededEmulator;
const tokens: string[] = [];
const ids: Record<string, string> = {};
let connection: { url: string; token: string };

beforeAll(async () => {
  server = await startSeededEmulator({ seed: 91, revokedDatabaseTokens: "visible" });
  connection = { url: server.url, token: server.token };
  const client = v2Client(connection);
  const make = async (
    key: string,
    userID: string,
    description: string,
    permissions: Array<{ action: "read" | "write"; resource: { type: string; id?: string; orgID?: string } }>,
    status: "active" | "inactive" = "active",
  ) => {
    const created = await client.createAuthorization({
      orgID: server.org.id,
      userID,
      description,
      status,
      permissions,
    });
    ids[key] = created.id;
    tokens.push(created.token!);
  };
  const telemetry = { type: "buckets", id: server.buckets.telemetry, orgID: server.org.id };
  await make("iot1Writer", server.users.iot_user_1, "edge-01 telegraf", [
    { action: "write", resource: telemetry },
  ]);
  await make("iot1Reader", server.users.iot_user_1, "edge-01 dashboard", [
    { action: "read", resource: telemetry },
  ]);
  await make(
    "iot1Disabled",
    server.users.iot_user_1,
    "edge-02 telegraf (retired)",
    [{ action: "write", resource: telemetry }],
    "inactive",
  );
  await make("iot2Writer", server.users.iot_user_2, "edge-03 telegraf", [
    { action: "write", resource: { type: "buckets", orgID: server.org.id } },
  ]);
});

afterAll(async () => {
  await server?.close();
  await closeHttpAgent();
});

describe("listAuthorizations", () => {
  it("every active token of iot_user_1 that can write: the guides' example", async () => {
    const found = await listAuthorizations({
      user: "iot_user_1",
      status: "active",
      action: "write",
      connection,
    });
    expect(found.map((a) => a.id)).toEqual([ids.iot1Writer]);
    expect(found[0]).toMatchObject({
      user: "iot_user_1",
      userId: server.users.iot_user_1,
      org: server.org.name,
      orgId: server.org.id,
      description: "edge-01 telegraf",
      status: "active",
    });
    expect(found[0]!.permissions).toEqual([
      {
        action: "write",
        resource: {
          type: "buckets",
          id: server.buckets.telemetry,
          orgId: server.org.id,
          name: "telemetry",
          org: "my-org",
        },
      },
    ]);
  });

  it("filters by userId, by org name or ID, by inactive status, by resource type and ID", async () => {
    const byUserId = await listAuthorizations({ userId: server.users.iot_user_1, connection });
    expect(byUserId.map((a) => a.id)).toEqual([ids.iot1Writer, ids.iot1Reader, ids.iot1Disabled]);
    const inactive = await listAuthorizations({ org: "my-org", status: "inactive", connection });
    expect(inactive.map((a) => a.id)).toEqual([ids.iot1Disabled]);
    const inOtherOrg = await listAuthorizations({ orgId: server.otherOrg.id, connection });
    expect(inOtherOrg).toEqual([]);
    // iot2's org-wide bucket grant covers the telemetry bucket too (behaviour A.10).
    const canWriteTelemetry = await listAuthorizations({
      action: "write",
      resourceType: "buckets",
      resourceId: server.buckets.telemetry,
      status: "active",
      connection,
    });
    expect(canWriteTelemetry.map((a) => a.id)).toEqual(
      expect.arrayContaining([ids.iot1Writer, ids.iot2Writer]),
    );
    expect(canWriteTelemetry.map((a) => a.id)).not.toContain(ids.iot1Reader);
  });

  it("filters descriptions by substring and by regular expression", async () => {
    const sub = await listAuthorizations({ description: "telegraf", connection });
    expect(sub.map((a) => a.id)).toEqual([ids.iot1Writer, ids.iot1Disabled, ids.iot2Writer]);
    const regex = await listAuthorizations({ description: /^edge-0[13] telegraf$/, connection });
    expect(regex.map((a) => a.id)).toEqual([ids.iot1Writer, ids.iot2Writer]);
  });

  it("never returns a token value, even when the server shows it (plain mode)", async () => {
    const plain = await startSeededEmulator({ seed: 92, tokenVisibility: "plain" });
    try {
      const all = await listAuthorizations({ connection: { url: plain.url, token: plain.token } });
      expect(all.length).toBeGreaterThan(0);
      const text = JSON.stringify(all);
      expect(text).not.toContain(plain.token);
      expect(all.every((a) => !("token" in a))).toBe(true);
    } finally {
      await plain.close();
    }
    const text = JSON.stringify(await listAuthorizations({ connection }));
    for (const token of tokens) expect(text).not.toContain(token);
  });

  it("names the argument when a user or org does not exist, and rejects malformed IDs before any request", async () => {
    await expect(listAuthorizations({ user: "nobody", connection })).rejects.toThrow(LookupArgumentError);
    await expect(listAuthorizations({ user: "nobody", connection })).rejects.toThrow(/^user: user not found/);
    await expect(listAuthorizations({ org: "no-org", connection })).rejects.toThrow(
      /^org: organization name "no-org" not found/,
    );
    server.emulator.clearRequestLog();
    await expect(listAuthorizations({ userId: "IOT", connection })).rejects.toThrow(
      /userId: "IOT" is not an ID/,
    );
    await expect(listAuthorizations({ org: "a", orgId: server.org.id, connection })).rejects.toThrow(
      /either org or orgId/,
    );
    expect(server.emulator.requestLog()).toEqual([]);
  });

  it("a wrong credential is an InfluxApiError with the status and no credential in the message", async () => {
    const error = await listAuthorizations({ connection: { url: server.url, token: "wrong-token" } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfluxApiError);
    expect((error as InfluxApiError).status).toBe(401);
    expect(String((error as Error).message)).not.toContain("wrong-token");
  });

  it("reads the connection from stack config, then the environment", async () => {
    const config = new Map([
      ["influxdb:url", server.url],
      ["influxdb:token", server.token],
    ]);
    const viaConfig = await listAuthorizations(
      { user: "iot_user_2" },
      { config: { get: (k) => config.get(k) } },
    );
    expect(viaConfig.map((a) => a.id)).toEqual([ids.iot2Writer]);
    const saved = { host: process.env.INFLUX_HOST, token: process.env.INFLUX_TOKEN };
    try {
      process.env.INFLUX_HOST = server.url;
      process.env.INFLUX_TOKEN = server.token;
      expect((await listAuthorizations({ user: "iot_user_2" })).map((a) => a.id)).toEqual([ids.iot2Writer]);
      delete process.env.INFLUX_TOKEN;
      await expect(listAuthorizations({})).rejects.toThrow(ConfigurationError);
      await expect(listAuthorizations({})).rejects.toThrow(/INFLUX_TOKEN/);
    } finally {
      for (const [key, value] of [
        ["INFLUX_HOST", saved.host],
        ["INFLUX_TOKEN", saved.token],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("getAuthorization", () => {
  it("returns one authorization without its token, and undefined for an unknown ID", async () => {
    const found = await getAuthorization(ids.iot2Writer!, { connection });
    expect(found).toMatchObject({ id: ids.iot2Writer, user: "iot_user_2", description: "edge-03 telegraf" });
    expect(found).not.toHaveProperty("token");
    expect(await getAuthorization("0fffffffffffffff", { connection })).toBeUndefined();
    await expect(getAuthorization("not-an-id", { connection })).rejects.toThrow(LookupArgumentError);
  });
});

describe("database tokens", () => {
  const mgmt = () => ({ url: server.url, token: server.emulator.managementToken });
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const client = managementClient(mgmt());
    const create = async (
      key: string,
      description: string,
      permissions: Array<{ action: string; resource: string }>,
    ) => {
      const token = await client.createToken({ description, permissions });
      made[key] = token.id;
      tokens.push(token.accessToken!);
    };
    await create("reader", "grafana reads sensors", [{ action: "read", resource: "sensors" }]);
    await create("writer", "telegraf writes everything", [{ action: "write", resource: "*" }]);
    await create("revoked", "old grafana", [{ action: "read", resource: "sensors" }]);
    await client.deleteToken(made.revoked!);
  });

  it("lists without revoked tokens unless asked, filters by action, database and description", async () => {
    const live = await listDatabaseTokens({ connection: mgmt() });
    expect(live.map((t) => t.id)).toEqual([made.reader, made.writer]);
    const all = await listDatabaseTokens({ includeRevoked: true, connection: mgmt() });
    expect(all.map((t) => t.id)).toEqual([made.reader, made.writer, made.revoked]);
    expect(all[2]).toMatchObject({ active: false, description: "old grafana" });
    expect(all[2]!.revokedAt).toEqual(expect.any(String));
    const writers = await listDatabaseTokens({ action: "write", database: "sensors", connection: mgmt() });
    expect(writers.map((t) => t.id)).toEqual([made.writer]);
    const byText = await listDatabaseTokens({ description: /^grafana/, connection: mgmt() });
    expect(byText.map((t) => t.id)).toEqual([made.reader]);
    const text = JSON.stringify(all);
    for (const token of tokens) expect(text).not.toContain(token);
  });

  it("gets one token; a revoked one only with includeRevoked; Cloud Dedicated paths from accountId/clusterId", async () => {
    expect(await getDatabaseToken(made.reader!, { connection: mgmt() })).toMatchObject({
      id: made.reader,
      active: true,
      permissions: [{ action: "read", resource: "sensors" }],
    });
    expect(await getDatabaseToken(made.revoked!, { connection: mgmt() })).toBeUndefined();
    expect(await getDatabaseToken(made.revoked!, { includeRevoked: true, connection: mgmt() })).toMatchObject(
      {
        id: made.revoked,
        active: false,
      },
    );
    const dedicated = {
      ...mgmt(),
      accountId: server.emulator.seed.accountId,
      clusterId: server.emulator.seed.clusterId,
    };
    const viaDedicated = await listDatabaseTokens({ connection: dedicated });
    expect(viaDedicated.map((t) => t.id)).toEqual([made.reader, made.writer]);
    expect(viaDedicated[0]).toMatchObject({ accountId: dedicated.accountId, clusterId: dedicated.clusterId });
    expect(
      await getDatabaseToken("11111111-1111-4111-8111-111111111111", { connection: mgmt() }),
    ).toBeUndefined();
  });
});
