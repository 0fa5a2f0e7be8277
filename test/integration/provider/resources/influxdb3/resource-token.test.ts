import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeHttpAgent } from "../../../../../provider/http";
import { namedTokenHooks } from "../../../../../provider/resources/influxdb3";
import { checkAndCreate, startServer } from "./harness";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

const writer = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }];

describe("ResourceToken against the enterprise emulator", () => {
  const hooks = namedTokenHooks("ResourceToken");

  it("creates a db writer and a reader of everything; read shows the server's permission text", async () => {
    const server = await startServer("enterprise", cleanups);
    const w = await checkAndCreate(hooks, {
      name: "writer",
      permissions: writer,
      connection: server.connection,
    });
    expect(w.outs).toMatchObject({ tokenName: "writer", status: "active", permissions: writer });
    const r = await checkAndCreate(hooks, {
      autonamePrefix: "reader",
      permissions: [
        { resourceType: "db", resourceNames: "*", actions: ["read"] },
        { resourceType: "system", resourceNames: ["Health", "ping"], actions: ["read"] },
      ],
      expiresIn: "365d",
      connection: server.connection,
    });
    expect(r.id).toMatch(/^reader-[0-9a-f]{7}$/);
    expect(r.outs["permissions"]).toEqual([
      { resourceType: "db", resourceNames: "*", actions: ["read"] },
      { resourceType: "system", resourceNames: ["health", "ping"], actions: ["read"] },
    ]);
    const read = await hooks.read(w.id, w.outs);
    expect((read.props as Record<string, unknown>)["permissionsText"]).toBe("db:sensors:write");
    expect(await server.works(String(r.outs["token"]))).toBe(true); // system:ping:read
  });

  it("permissions compare as a set: reordering is no change, a new action replaces", async () => {
    const server = await startServer("enterprise", cleanups);
    const perms = [
      { resourceType: "db", resourceNames: ["sensors", "logs"], actions: ["write", "read"] },
      { resourceType: "system", resourceNames: ["*"], actions: ["read"] },
    ];
    const { id, outs } = await checkAndCreate(hooks, {
      name: "w",
      permissions: perms,
      connection: server.connection,
    });
    const reordered = [
      { resourceType: "system", resourceNames: "*", actions: ["read"] },
      { resourceType: "db", resourceNames: ["logs", "sensors"], actions: ["read", "write", "read"] },
    ];
    expect(
      await hooks.diff(id, outs, { name: "w", permissions: reordered, connection: server.connection }),
    ).toMatchObject({
      changes: false,
    });
    const more = [
      { resourceType: "db", resourceNames: ["sensors", "logs"], actions: ["write", "read", "delete"] },
    ];
    expect(
      await hooks.diff(id, outs, { name: "w", permissions: more, connection: server.connection }),
    ).toEqual({
      changes: true,
      replaces: ["permissions"],
      deleteBeforeReplace: true,
    });
  });

  it("a database that does not exist: the server's own message", async () => {
    const server = await startServer("enterprise", cleanups);
    await expect(
      checkAndCreate(hooks, {
        name: "w",
        permissions: [{ resourceType: "db", resourceNames: ["nope"], actions: ["write"] }],
        connection: server.connection,
      }),
    ).rejects.toThrow(/HTTP 400: cannot parse token .*invalid resource name nope/);
  });

  it("InfluxDB #27620 (born expired): deletes the dead token and fails with a link to the issue", async () => {
    const server = await startServer("enterprise", cleanups, { reproduceIssue27620: true });
    await expect(
      checkAndCreate(hooks, { name: "w", permissions: writer, connection: server.connection }),
    ).rejects.toThrow(/already expired.*#27620.*github\.com\/influxdata\/influxdb\/issues\/27620/);
    expect(server.emu.state().tokens.map((t) => t.name)).toEqual(["_admin"]);
    // The workaround the message gives works.
    const { outs } = await checkAndCreate(hooks, {
      name: "w",
      permissions: writer,
      expiresIn: "365d",
      connection: server.connection,
    });
    expect(outs["status"]).toBe("active");
  });

  it("refresh after an out-of-band delete drops it", async () => {
    const server = await startServer("enterprise", cleanups);
    const { id, outs } = await checkAndCreate(hooks, {
      name: "w",
      permissions: writer,
      connection: server.connection,
    });
    await server.call("DELETE", "/api/v3/configure/token?token_name=w", server.operator);
    expect(await hooks.read(id, outs)).toEqual({});
  });
});

describe("ResourceToken against the core emulator", () => {
  it("fails with a clear error: resource tokens need Enterprise", async () => {
    const server = await startServer("core", cleanups);
    await expect(
      checkAndCreate(namedTokenHooks("ResourceToken"), {
        name: "w",
        permissions: writer,
        connection: server.connection,
      }),
    ).rejects.toThrow(/InfluxDB 3 Core \(X-Influxdb-Build: Core\).*need InfluxDB 3 Enterprise.*AdminToken/);
  });
});
