/**
 * User through the real Pulumi engine (the package installed from its tarball), against the
 * emulator and a real InfluxDB OSS 2.9.1: one `up` makes a user in an org and a token for it; a
 * rename and a status change update in place; `destroy` removes both in dependency order; a second
 * stack with the identical User fails naming the user and touches nothing of the first; and
 * (emulator) a lost POST answer leaves neither an orphan nor a duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorServer } from "../support/emulator";
import { startInfluxd } from "../support/influxd";
import {
  createTokenStack,
  disposeInstalledPackage,
  exportStack,
  type TokenStack,
} from "../support/token-stack";
import type { V2ServerFactory, V2TestServer } from "../support/v2-server";

const servers: [string, V2ServerFactory][] = [
  ["emulator", startEmulatorServer],
  ["influxd", startInfluxd],
];

type Desired = { name: string; status: "active" | "inactive"; password: string };

describe.each(servers)("User through the Pulumi engine against %s", (kind, startServer) => {
  let server: V2TestServer;
  let first: TokenStack;
  const desired: Desired = { name: "telegraf-svc", status: "active", password: "first-password" };

  async function v2(method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Token ${server.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  }
  const users = async () =>
    (
      (await v2("GET", "/api/v2/users?limit=100")).body.users as {
        id: string;
        name: string;
        status: string;
      }[]
    ).filter((u) => u.name !== server.user.name);
  const config = () => ({
    "influxdb:url": { value: server.url },
    "influxdb:token": { value: server.token, secret: true },
    "influxdb:org": { value: server.org.name },
  });
  const program = (d: Desired) => (sdk: Parameters<Parameters<typeof createTokenStack>[1]>[0]) => {
    const user = new sdk.User("svc", {
      name: d.name,
      status: d.status,
      password: d.password,
      orgMemberships: [server.org.name],
    });
    const token = new sdk.Authorization("svc-token", {
      userId: user.id,
      description: "telegraf as its own user",
      permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
    });
    return { userId: user.id, name: user.name, orgIds: user.orgIds, tokenId: token.id, token: token.token };
  };
  const outputs = async (t: TokenStack) =>
    Object.fromEntries(Object.entries(await t.stack.outputs()).map(([k, v]) => [k, v.value]));

  beforeAll(async () => {
    server = await startServer();
    first = await createTokenStack(`user-${kind}`, program(desired), config());
  }, 600_000);

  afterAll(async () => {
    first?.dispose();
    await server?.stop();
    disposeInstalledPackage();
  });

  it("one up creates the user in the org and a token for it", async () => {
    const up = await first.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const out = await outputs(first);
    expect(out).toMatchObject({ name: "telegraf-svc", orgIds: [server.org.id] });
    expect(await users()).toEqual([expect.objectContaining({ id: out.userId, name: "telegraf-svc" })]);
    const members = (await v2("GET", `/api/v2/orgs/${server.org.id}/members`)).body.users as { id: string }[];
    expect(members.map((m) => m.id)).toContain(out.userId);
    const token = (await v2("GET", `/api/v2/authorizations/${out.tokenId}`)).body;
    expect(token.userID).toBe(out.userId);
    // The password is a secret in state, like the connection.
    const exported = exportStack(first);
    expect(exported).not.toContain("first-password");
    expect(exported).not.toContain(server.token);
  });

  it("a rename and a status change update in place: same ID, same token", async () => {
    const before = await outputs(first);
    desired.name = "telegraf-svc-2";
    desired.status = "inactive";
    const { ops } = await first.previewOps();
    expect(ops.svc).toEqual(["update"]);
    expect(ops["svc-token"]).toEqual(["same"]);
    const up = await first.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 2 });
    const after = await outputs(first);
    expect(after.userId).toBe(before.userId);
    expect(after.tokenId).toBe(before.tokenId);
    expect((await v2("GET", `/api/v2/users/${after.userId}`)).body).toMatchObject({
      name: "telegraf-svc-2",
      status: "inactive",
    });
    desired.status = "active";
    expect((await first.stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 2 });
  });

  it("a second stack with the identical User fails naming the user, and touches nothing of the first", async () => {
    const before = await users();
    const second = await createTokenStack(`user-${kind}-second`, program({ ...desired }), config());
    try {
      const failed = second.stack.up();
      await expect(failed).rejects.toThrow(
        /"telegraf-svc-2" is already taken .* which this stack did not create/,
      );
      expect(await users()).toEqual(before);
      const first_ = await outputs(first);
      expect((await v2("GET", `/api/v2/authorizations/${first_.tokenId}`)).status).toBe(200);
      await second.stack.destroy();
    } finally {
      second.dispose();
    }
    expect(await users()).toEqual(before);
  });

  it("destroy removes the token, then the user, cleanly", async () => {
    const { userId, tokenId } = await outputs(first);
    const destroy = await first.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    expect((await v2("GET", `/api/v2/users/${userId}`)).status).toBe(404);
    expect((await v2("GET", `/api/v2/authorizations/${tokenId}`)).status).toBe(404);
    expect(await users()).toEqual([]);
  });

  if (kind === "emulator")
    it("a lost POST answer leaves one user and no orphan or duplicate", async () => {
      const emulator = (server as EmulatorTestServer).emulator;
      emulator.clearRequestLog();
      emulator.setFaults({ resetAfterRate: 1, methods: ["POST"], paths: "^/api/v2/users$" });
      try {
        const up = await first.stack.up();
        expect(up.summary.resourceChanges).toEqual({ create: 3 });
      } finally {
        emulator.setFaults({});
      }
      const posts = emulator.requestLog().filter((e) => e.method === "POST" && e.path === "/api/v2/users");
      expect(posts.map((e) => e.fault)).toEqual(["reset-after"]);
      const { userId } = await outputs(first);
      expect(await users()).toEqual([expect.objectContaining({ id: userId, name: desired.name })]);
      expect((await first.stack.destroy()).summary.resourceChanges).toEqual({ delete: 3 });
      expect(await users()).toEqual([]);
    });
});
