/**
 * Through the real Pulumi engine, with the package installed from its tarball, against
 * the emulator: `Authorization.get` / `DatabaseToken.get` (unmanaged reads: the engine calls the
 * provider's `read`), cloning a token's permissions from `get` and from a look-up, look-ups inside
 * a program, the all-access preset shown in full by preview, user-scoped tokens whose user is
 * deleted, and the audit CLI as installed (`node_modules/.bin/pulumi-influxdb-tokens`).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { managementClient } from "../../provider/clients/management";
import { v2Client } from "../../provider/clients/v2";
import {
  type SeededEmulator,
  startSeededEmulator,
  v2Call,
  writeStatus,
} from "../integration/provider/lookups/seeded-emulator";
import { emulatorStackConfig } from "../support/emulator";
import { createTokenStack, disposeInstalledPackage, type TokenStack } from "../support/token-stack";

describe("look-ups, get() and cloning through the Pulumi engine", () => {
  let server: SeededEmulator;
  let t: TokenStack;
  const desired = { existingId: "", existingDbId: "", missingGet: false };
  let existingToken = "";

  const outputs = async () => {
    const all = await t.stack.outputs();
    // biome-ignore lint/suspicious/noExplicitAny: stack outputs are untyped JSON
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value])) as Record<string, any>;
  };

  beforeAll(async () => {
    server = await startSeededEmulator({ seed: 99 });
    // Made outside Pulumi: what `get` reads and what the clones copy.
    const existing = await v2Client({ url: server.url, token: server.token }).createAuthorization({
      orgID: server.org.id,
      userID: server.users.iot_user_1,
      description: "edge-01 telegraf (made by hand)",
      permissions: [
        {
          action: "write",
          resource: { type: "buckets", id: server.buckets.telemetry, orgID: server.org.id },
        },
        { action: "read", resource: { type: "buckets", id: server.buckets.telemetry, orgID: server.org.id } },
      ],
    });
    desired.existingId = existing.id;
    existingToken = existing.token!;
    const db = await managementClient({
      url: server.url,
      token: server.emulator.managementToken,
    }).createToken({
      description: "grafana reads sensors (made by hand)",
      permissions: [{ action: "read", resource: "sensors" }],
    });
    desired.existingDbId = db.id;

    t = await createTokenStack(
      "lookups",
      (sdk) => {
        const seen = sdk.Authorization.get("seen", desired.existingId);
        const clone = new sdk.Authorization("clone", {
          orgId: seen.orgId,
          userId: seen.userId,
          description: "clone of edge-01 (from get)",
          // A get reports `permissions` by ID, in input shape: the clone takes them as they are.
          permissions: seen.permissions,
        });
        const source = sdk.getAuthorizationOutput(desired.existingId);
        const cloneByLookup = new sdk.Authorization("cloneByLookup", {
          orgId: source.apply((s) => s!.orgId),
          user: "iot_user_1",
          description: "clone of edge-01 (from a look-up)",
          permissions: source.apply((s) => sdk.clonePermissions(s!.permissions)),
        });
        const allAccess = new sdk.Authorization("allAccess", {
          orgId: server.org.id,
          userId: server.users.admin,
          description: "all access to my-org",
          permissions: sdk.allAccessPermissions(server.org.id, { userId: server.users.admin }),
        });
        const scoped = new sdk.Authorization("scoped", {
          user: "iot_user_2",
          description: "token of a generic user",
          permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
        });
        const writers = sdk.listAuthorizationsOutput({
          user: "iot_user_1",
          status: "active",
          action: "write",
        });
        const seenDb = sdk.DatabaseToken.get("seenDb", desired.existingDbId);
        const dbTokens = sdk.listDatabaseTokensOutput({ database: "sensors" });
        const dbClone = new sdk.DatabaseToken("dbClone", {
          description: "clone of grafana (from get)",
          permissions: seenDb.permissions,
        });
        const dbSource = sdk.getDatabaseTokenOutput(desired.existingDbId);
        const dbCloneByLookup = new sdk.DatabaseToken("dbCloneByLookup", {
          description: "clone of grafana (from a look-up)",
          permissions: dbSource.apply((d) => sdk.cloneDatabaseTokenPermissions(d!.permissions)),
        });
        if (desired.missingGet) sdk.Authorization.get("ghost", "0fffffffffffffff");
        return {
          seenUser: seen.user,
          seenDescription: seen.description,
          seenGranted: seen.grantedPermissions,
          seenToken: seen.token,
          cloneId: clone.id,
          cloneToken: clone.token,
          clonePermissions: clone.grantedPermissions,
          cloneByLookupId: cloneByLookup.id,
          cloneByLookupToken: cloneByLookup.token,
          allAccessToken: allAccess.token,
          scopedToken: scoped.token,
          scopedUser: scoped.user,
          writerIds: writers.apply((list) => list.map((a) => a.id)),
          seenDbDescription: seenDb.description,
          seenDbPermissions: seenDb.permissions,
          seenDbAccessToken: seenDb.accessToken,
          dbTokenIds: dbTokens.apply((list) => list.map((d) => d.id)),
          dbClonePermissions: dbClone.permissions,
          dbCloneByLookupPermissions: dbCloneByLookup.permissions,
        };
      },
      emulatorStackConfig(server.emulator),
    );
  }, 600_000);

  afterAll(async () => {
    t?.dispose();
    await server?.close();
    disposeInstalledPackage();
  });

  it("preview lists every permission of the all-access preset, and reads the existing tokens", async () => {
    const planned: Record<string, { op: string; permissions?: unknown[] }> = {};
    await t.stack.preview({
      onEvent: (event: EngineEvent) => {
        const metadata = event.resourcePreEvent?.metadata;
        if (!metadata) return;
        const name = metadata.urn.split("::").pop()!;
        planned[name] = { op: metadata.op, permissions: metadata.new?.inputs?.permissions as unknown[] };
      },
    });
    expect(planned.allAccess?.op).toBe("create");
    // 22 types x 2 actions + read/write on the one user: all of it in the plan.
    expect(planned.allAccess?.permissions).toHaveLength(46);
    expect(planned.seen?.op).toBe("read");
    expect(planned.seenDb?.op).toBe("read");
    // The clone's permissions come from the read, already known in preview.
    const bucket = { type: "buckets", id: server.buckets.telemetry, orgId: server.org.id };
    expect(planned.clone?.permissions).toHaveLength(2);
    expect(planned.clone?.permissions).toEqual(
      expect.arrayContaining([
        { action: "read", resource: bucket },
        { action: "write", resource: bucket },
      ]),
    );
  });

  it("up reads without managing, and the clones can do what the original can, no more", async () => {
    const before = server.emulator.requestLog().length;
    const up = await t.stack.up();
    // stack, clone, cloneByLookup, allAccess, scoped, dbClone, dbCloneByLookup
    expect(up.summary.resourceChanges?.create).toBe(7);
    const out = await outputs();
    expect(out.seenUser).toBe("iot_user_1");
    expect(out.seenDescription).toBe("edge-01 telegraf (made by hand)");
    expect(out.seenToken).toBeUndefined(); // never returned again by the API
    expect(out.seenGranted).toHaveLength(2);
    for (const token of [out.cloneToken, out.cloneByLookupToken]) {
      expect(await writeStatus(server, token, server.org.name, "telemetry")).toBe(204);
      expect(await writeStatus(server, token, server.org.name, "logs")).not.toBe(204);
    }
    expect(out.clonePermissions.map((p: { resource: { id: string } }) => p.resource.id)).toEqual([
      server.buckets.telemetry,
      server.buckets.telemetry,
    ]);
    // `get` sent only GETs for the read resources: nothing was changed on the existing tokens.
    const sent = server.emulator.requestLog().slice(before);
    expect(
      sent.filter((r) => r.path === `/api/v2/authorizations/${desired.existingId}`).map((r) => r.method),
    ).toEqual(expect.arrayContaining(["GET"]));
    expect(sent.some((r) => r.path.includes(desired.existingId) && r.method !== "GET")).toBe(false);
    expect(out.seenDbDescription).toBe("grafana reads sensors (made by hand)");
    expect(out.seenDbPermissions).toEqual([{ action: "read", resource: "sensors" }]);
    expect(out.seenDbAccessToken).toBeUndefined();
    expect(out.dbTokenIds).toEqual([desired.existingDbId]);
    expect(out.dbClonePermissions).toEqual([{ action: "read", resource: "sensors" }]);
    expect(out.dbCloneByLookupPermissions).toEqual([{ action: "read", resource: "sensors" }]);
    // The look-up ran before the clones existed.
    expect(out.writerIds).toEqual([desired.existingId]);
  });

  it("state stores each provider as one require of its module, <= 1 KB per resource", async () => {
    const state = await t.stack.exportStack();
    type Stored = {
      urn: string;
      type: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    };
    const ours = (state.deployment.resources as Stored[]).filter((r) => r.type.includes("dynamic/influxdb:"));
    // The managed tokens, and the two read with get (their own read providers).
    expect(ours.length).toBe(8);
    const expectedModule = (r: Stored) => {
      const name = r.urn.split("::").pop();
      if (name === "seen") return "authorization-read";
      if (name === "seenDb") return "database-token-read";
      return r.type.endsWith(":Authorization") ? "authorization" : "database-token";
    };
    for (const r of ours) {
      const stored = [r.inputs?.__provider, r.outputs?.__provider].filter((p) => p !== undefined);
      expect(stored.length, r.urn).toBeGreaterThan(0);
      console.log(
        `[state] ${r.urn.split("::").pop()}: __provider ${stored.map((p) => Buffer.byteLength(p as string)).join(" + ")} bytes`,
      );
      for (const text of stored as string[]) {
        expect(Buffer.byteLength(text), r.urn).toBeLessThanOrEqual(1024);
        expect(text).toContain(
          `require("pulumi-influxdb-tokens/dist/provider/serialized/${expectedModule(r)}.js")`,
        );
      }
    }
  });

  it("the all-access token works in its org and on its user's tokens, not in another org", async () => {
    const { allAccessToken } = await outputs();
    expect(await writeStatus(server, allAccessToken, server.org.name, "logs")).toBe(204);
    expect(await writeStatus(server, allAccessToken, "other-org", "other-telemetry")).not.toBe(204);
    expect((await v2Call(server, allAccessToken, "GET", "/api/v2/authorizations")).status).toBe(200);
  });

  it("the next run's look-up sees the clones; a second preview plans no change", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).not.toHaveProperty("create");
    const out = await outputs();
    expect(new Set(out.writerIds)).toEqual(new Set([desired.existingId, out.cloneId, out.cloneByLookupId]));
    const { result } = await t.previewOps();
    expect(Object.keys(result.changeSummary)).not.toContain("create");
    expect(Object.keys(result.changeSummary)).not.toContain("update");
    expect(Object.keys(result.changeSummary)).not.toContain("replace");
  });

  it("the installed CLI lists the same tokens (npx pulumi-influxdb-tokens list ...)", async () => {
    const bin = path.join(t.dir, "node_modules", ".bin", "pulumi-influxdb-tokens");
    const run = (argv: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          bin,
          argv,
          {
            env: {
              PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
              INFLUX_HOST: server.url,
              INFLUX_TOKEN: server.token,
              INFLUX_MANAGEMENT_URL: server.url,
              INFLUX_MANAGEMENT_TOKEN: server.emulator.managementToken,
            },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const out = await outputs();
    const listed = await run(["list", "--user", "iot_user_1", "--active", "--can", "write", "--json"]);
    expect(listed.code).toBe(0);
    expect(new Set(JSON.parse(listed.stdout).map((a: { id: string }) => a.id))).toEqual(
      new Set(out.writerIds as string[]),
    );
    for (const secret of [existingToken, out.cloneToken, out.cloneByLookupToken]) {
      expect(listed.stdout).not.toContain(secret);
    }
    const table = await run(["list-database-tokens"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(desired.existingDbId);
    expect((await run(["get", "0fffffffffffffff"])).code).toBe(3);
  });

  it("get of an ID that does not exist fails preview and up with the ID, and nothing is stored", async () => {
    desired.missingGet = true;
    try {
      const preview = await t.stack.preview().catch((e: unknown) => e);
      expect(String((preview as Error).message)).toContain(
        "Authorization.get: no authorization with ID 0fffffffffffffff",
      );
      const up = await t.stack.up().catch((e: unknown) => e);
      expect(up).toBeInstanceOf(Error);
      expect(String((up as Error).message)).toContain("npx pulumi-influxdb-tokens get 0fffffffffffffff");
    } finally {
      desired.missingGet = false;
    }
    const state = await t.stack.exportStack();
    expect(state.deployment.resources.some((r: { urn: string }) => r.urn.endsWith("::ghost"))).toBe(false);
  });

  it("a token whose user is deleted stops working, and refresh shows it gone", async () => {
    const { scopedToken, scopedUser } = await outputs();
    expect(scopedUser).toBe("iot_user_2");
    expect(await writeStatus(server, scopedToken, server.org.name, "telemetry")).toBe(204);
    server.deleteUser("iot_user_2");
    expect(await writeStatus(server, scopedToken, server.org.name, "telemetry")).toBe(403);
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    const state = await t.stack.exportStack();
    expect(state.deployment.resources.some((r: { urn: string }) => r.urn.endsWith("::scoped"))).toBe(false);
  });

  it("refresh drops a read token that went away out of band instead of failing", async () => {
    const mgmt = managementClient({ url: server.url, token: server.emulator.managementToken });
    expect(await mgmt.deleteToken(desired.existingDbId)).toBe(true);
    const refresh = await t.stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    const state = await t.stack.exportStack();
    expect(state.deployment.resources.some((r: { urn: string }) => r.urn.endsWith("::seenDb"))).toBe(false);
    expect(state.deployment.resources.some((r: { urn: string }) => r.urn.endsWith("::seen"))).toBe(true);
  });

  it("destroy deletes the managed tokens and leaves the ones read with get", async () => {
    await t.stack.destroy();
    const existing = await v2Call(
      server,
      server.token,
      "GET",
      `/api/v2/authorizations/${desired.existingId}`,
    );
    expect(existing.status).toBe(200);
    expect(await writeStatus(server, existingToken, server.org.name, "telemetry")).toBe(204);
    const left = await v2Call(server, server.token, "GET", "/api/v2/authorizations");
    // The operator token, the hand-made one, and the scoped one (its user is gone: not listed, behaviour A.5).
    expect(left.body.authorizations.map((a: { id: string }) => a.id)).toHaveLength(2);
  });
});
