/**
 * The User hooks against the emulator and against a real InfluxDB OSS 2.9.1 (the same cases), the
 * way the engine calls them: names taken by users this stack did not make, delete refusals, drift,
 * import, and (emulator only) a lost POST answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clearLookupCache, v2UsersClient } from "../../../../provider/clients/v2";
import { resolveV2Connection, setStackConfig } from "../../../../provider/config";
import { closeHttpAgent } from "../../../../provider/http";
import { resetSweeps } from "../../../../provider/lifecycle/create";
import { authorizationHooks } from "../../../../provider/resources/authorization/hooks";
import { userHooks } from "../../../../provider/resources/user/hooks";
import { type EmulatorTestServer, startEmulatorServer } from "../../../support/emulator";
import { startInfluxd } from "../../../support/influxd";
import { apply, deploy, refresh } from "../../../support/provider";
import type { V2ServerFactory, V2TestServer } from "../../../support/v2-server";

const servers: [string, V2ServerFactory][] = [
  ["emulator", startEmulatorServer],
  ["influxd", startInfluxd],
];

afterAll(() => closeHttpAgent());

describe.each(servers)("User hooks against %s", (kind, startServer) => {
  let server: V2TestServer;
  let n = 0;
  const hooks = userHooks();
  const unique = (base: string) => `${base}-${++n}`;

  async function api(method: string, path: string, body?: unknown, credential = server.token) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Token ${credential}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  }
  const usersNamed = async (name: string) =>
    ((await api("GET", "/api/v2/users?limit=100")).body.users as { id: string; name: string }[]).filter(
      (u) => u.name === name || u.name.startsWith("pulumi-influxdb-tokens creating"),
    );
  const memberIds = async (orgId: string) =>
    ((await api("GET", `/api/v2/orgs/${orgId}/members`)).body.users as { id: string }[]).map((u) => u.id);
  const emulator = () => (server as EmulatorTestServer).emulator;

  beforeAll(async () => {
    server = await startServer();
    const values: Record<string, string> = {
      "influxdb:url": server.url,
      "influxdb:token": server.token,
      "influxdb:org": server.org.name,
    };
    setStackConfig({ get: (key) => values[key] });
  }, 600_000);
  afterAll(async () => {
    setStackConfig(undefined);
    await server?.stop();
  });
  afterEach(() => {
    clearLookupCache();
    resetSweeps();
  });

  it("creates a user in an org with a password, renames it in place, and deletes it", async () => {
    const name = unique("alice");
    const user = await deploy(hooks, { name, password: "first-password", orgMemberships: [server.org.name] });
    expect(user.outs).toMatchObject({ userId: user.id, name, status: "active", orgIds: [server.org.id] });
    expect((await api("GET", `/api/v2/users/${user.id}`)).body).toMatchObject({ name, status: "active" });
    expect(await memberIds(server.org.id)).toContain(user.id);
    // No marker user is left: the POST's name was replaced by one PATCH.
    expect((await usersNamed(name)).map((u) => u.name)).toEqual([name]);

    const renamed = await apply(hooks, user, {
      name: `${name}-renamed`,
      status: "inactive",
      password: "second-password",
      orgMemberships: [server.org.id],
    });
    expect(renamed.action).toBe("update");
    expect(renamed.resource.id).toBe(user.id);
    expect((await api("GET", `/api/v2/users/${user.id}`)).body).toMatchObject({
      name: `${name}-renamed`,
      status: "inactive",
    });
    // A name given as its ID is the same membership: nothing removed.
    expect(await memberIds(server.org.id)).toContain(user.id);

    const dropped = await apply(hooks, renamed.resource, { name: `${name}-renamed`, status: "inactive" });
    expect(dropped.action).toBe("update");
    expect(dropped.resource.outs.orgIds).toEqual([]);
    expect(await memberIds(server.org.id)).not.toContain(user.id);

    await hooks.delete(user.id, dropped.resource.outs);
    expect((await api("GET", `/api/v2/users/${user.id}`)).status).toBe(404);
    await expect(hooks.delete(user.id, dropped.resource.outs)).resolves.toBeUndefined();
  });

  it("a name another user holds fails naming it, with no write, and leaves that user alone", async () => {
    const name = unique("shared");
    const other = await api("POST", "/api/v2/users", { name });
    expect(other.status).toBe(201);
    await expect(deploy(hooks, { name })).rejects.toThrow(
      new RegExp(
        `"${name}" is already taken .* by user ${other.body.id}, which this stack did not create.*Authorization`,
      ),
    );
    expect(await usersNamed(name)).toEqual([expect.objectContaining({ id: other.body.id, name })]);
  });

  it("a name taken between the check and the rename: only the marker user this attempt made is deleted", async () => {
    const name = unique("racy");
    let otherId = "";
    const racing = userHooks((connection) => {
      const client = v2UsersClient(resolveV2Connection(connection));
      return {
        ...client,
        async createUser(body) {
          const made = await client.createUser(body);
          otherId = (await api("POST", "/api/v2/users", { name })).body.id;
          return made;
        },
      };
    });
    const checked = await racing.check({}, { name });
    await expect(racing.create(checked.inputs ?? {})).rejects.toThrow(new RegExp(`by user ${otherId}`));
    // The other user is untouched; the marker user is gone.
    expect(await usersNamed(name)).toEqual([expect.objectContaining({ id: otherId, name })]);
  });

  it("refuses to delete a user that still owns tokens, naming them; deleteWithTokens deletes it anyway", async () => {
    const name = unique("owner");
    const user = await deploy(hooks, { name, orgMemberships: [server.org.name] });
    const token = await deploy(authorizationHooks(), {
      userId: user.id,
      description: "for the user",
      permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
    });
    expect(token.outs.userId).toBe(user.id);
    await expect(hooks.delete(user.id, user.outs)).rejects.toThrow(
      new RegExp(`still owns 1 token: ${token.id} \\("for the user"\\).*deleteWithTokens: true`),
    );
    expect((await api("GET", `/api/v2/users/${user.id}`)).status).toBe(200);

    const forced = await apply(hooks, user, {
      name,
      orgMemberships: [server.org.name],
      deleteWithTokens: true,
    });
    expect(forced.action).toBe("update");
    await hooks.delete(user.id, forced.resource.outs);
    expect((await api("GET", `/api/v2/users/${user.id}`)).status).toBe(404);
    expect((await api("GET", "/api/v2/buckets", undefined, token.outs.token as string)).status).toBe(403);
    await authorizationHooks().delete(token.id, token.outs);
  });

  it("a token by user name, then both deleted in dependency order", async () => {
    const name = unique("byname");
    const user = await deploy(hooks, { name });
    const token = await deploy(authorizationHooks(), {
      user: name,
      permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
    });
    expect(token.outs.userId).toBe(user.id);
    await authorizationHooks().delete(token.id, token.outs);
    await expect(hooks.delete(user.id, user.outs)).resolves.toBeUndefined();
    expect((await api("GET", `/api/v2/users/${user.id}`)).status).toBe(404);
  });

  it("refresh sees a status change, a lost membership and a deletion; import finds the memberships", async () => {
    const name = unique("drift");
    const user = await deploy(hooks, { name, orgMemberships: [server.org.name] });
    expect((await api("PATCH", `/api/v2/users/${user.id}`, { status: "inactive" })).status).toBe(200);
    expect((await api("DELETE", `/api/v2/orgs/${server.org.id}/members/${user.id}`)).status).toBe(204);
    const drifted = (await refresh(hooks, user))!;
    expect(drifted.outs).toMatchObject({ status: "inactive", orgIds: [], orgMemberships: [] });
    const fixed = await apply(hooks, drifted, { name, orgMemberships: [server.org.name] });
    expect(fixed.action).toBe("update");
    expect(await memberIds(server.org.id)).toContain(user.id);

    const imported = await hooks.read(user.id, {});
    expect(imported).toEqual({
      id: user.id,
      props: {
        userId: user.id,
        name,
        status: "active",
        orgMemberships: [server.org.id],
        orgIds: [server.org.id],
      },
    });

    expect((await api("DELETE", `/api/v2/users/${user.id}`)).status).toBe(204);
    expect(await refresh(hooks, fixed.resource)).toBeUndefined();
  });

  it("an unknown org name fails naming the entry, with no user left", async () => {
    const name = unique("lost-org");
    await expect(deploy(hooks, { name, orgMemberships: ["no-such-org"] })).rejects.toThrow(
      /orgMemberships\[0\]: organization "no-such-org" not found/,
    );
    expect(await usersNamed(name)).toEqual([]);
  });

  it("a password the server refuses never reaches it: check fails first", async () => {
    const result = await hooks.check({}, { name: unique("short"), password: "1234567" });
    expect(result.failures?.map((f) => f.property)).toEqual(["password"]);
  });

  if (kind === "emulator")
    it("a lost POST answer leaves one user, found by its marker, and no orphan", async () => {
      const name = unique("lost");
      emulator().setFaults({ resetAfterRate: 1, methods: ["POST"], paths: "^/api/v2/users$" });
      try {
        const user = await deploy(hooks, { name });
        expect(user.outs.name).toBe(name);
      } finally {
        emulator().setFaults({});
      }
      const posts = emulator()
        .requestLog()
        .filter((e) => e.method === "POST" && e.path === "/api/v2/users");
      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect((await usersNamed(name)).map((u) => u.name)).toEqual([name]);
    });
});
