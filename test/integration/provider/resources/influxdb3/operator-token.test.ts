import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { Edition } from "../../../../../emulator/influxdb3";
import { closeHttpAgent } from "../../../../../provider/http";
import { operatorTokenHooks } from "../../../../../provider/resources/influxdb3";
import { checkAndCreate, startServer } from "./harness";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

describe.each(["core", "enterprise"] as Edition[])("OperatorToken against the %s emulator", (edition) => {
  const hooks = operatorTokenHooks();

  it("bootstraps a fresh server without any token and reports the edition", async () => {
    const server = await startServer(edition, cleanups, { bootstrap: false });
    const { id, outs } = await checkAndCreate(hooks, { connection: { url: server.url } });
    expect(id).toBe("_admin");
    expect(outs).toMatchObject({ name: "_admin", tokenId: 0, status: "active", edition });
    expect(String(outs["token"])).toMatch(/^apiv3_/);
    expect(outs["hashPrefix"]).toBe(server.emu.state().tokens[0]?.hash.slice(0, 9));
    expect(server.requests()[0]).toMatchObject({
      method: "POST",
      path: "/api/v3/configure/token/admin",
      status: 201,
    });
  });

  it("409 on a bootstrapped server: a clear error saying how to adopt it", async () => {
    const server = await startServer(edition, cleanups);
    await expect(checkAndCreate(hooks, { connection: { url: server.url } })).rejects.toThrow(
      /already bootstrapped.*\(409\).*existingToken/,
    );
  });

  it("adopts a bootstrapped server with existingToken, and refuses a token that is not _admin", async () => {
    const server = await startServer(edition, cleanups);
    const { outs } = await checkAndCreate(hooks, {
      connection: { url: server.url },
      existingToken: server.operator,
    });
    expect(outs).toMatchObject({ token: server.operator, tokenId: 0, status: "active" });
    expect(server.requests().some((r) => r.path === "/api/v3/configure/token/admin")).toBe(false);
    const other = await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, {
      token_name: "ops",
    });
    const ops = (JSON.parse(other.text) as { token: string }).token;
    await expect(
      checkAndCreate(hooks, { connection: { url: server.url }, existingToken: ops }),
    ).rejects.toThrow(/not the operator token/);
  });

  it("rotationTrigger regenerates in place: same id, new secret, the old one dead at once", async () => {
    const server = await startServer(edition, cleanups, { bootstrap: false });
    const { id, outs } = await checkAndCreate(hooks, {
      connection: { url: server.url },
      rotationTrigger: "2026-01",
    });
    const news = { connection: { url: server.url }, rotationTrigger: "2026-02" };
    expect(await hooks.diff(id, outs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    const updated = (await hooks.update(id, outs, news)).outs as Record<string, unknown>;
    expect(updated).toMatchObject({
      tokenId: 0,
      createdAt: outs["createdAt"],
      rotationTrigger: "2026-02",
      status: "active",
    });
    expect(updated["token"]).not.toBe(outs["token"]);
    expect(updated["updatedAt"]).toEqual(expect.any(String));
    expect(await server.works(String(outs["token"]))).toBe(false);
    expect(await server.works(String(updated["token"]))).toBe(true);
    expect(await hooks.read(id, updated)).toEqual({ id, props: updated });
  });

  it("regenerated outside Pulumi: read says `replaced`; an update regenerates with the fallback token", async () => {
    const server = await startServer(edition, cleanups, { bootstrap: false });
    const { id, outs } = await checkAndCreate(hooks, { connection: { url: server.url } });
    const ops = await server.call("POST", "/api/v3/configure/token/named_admin", String(outs["token"]), {
      token_name: "ops",
    });
    const opsToken = (JSON.parse(ops.text) as { token: string }).token;
    await server.call("POST", "/api/v3/configure/token/admin/regenerate", opsToken);
    const read = await hooks.read(id, outs);
    expect((read.props as Record<string, unknown>)["status"]).toBe("replaced");
    const news = { connection: { url: server.url, token: opsToken } };
    const props = read.props as Record<string, unknown>;
    expect((await hooks.diff(id, props, news)).changes).toBe(true);
    const updated = (await hooks.update(id, props, news)).outs as Record<string, unknown>;
    expect(updated["status"]).toBe("active");
    expect(await server.works(String(updated["token"]))).toBe(true);
    const again = await hooks.read(id, updated);
    expect((again.props as Record<string, unknown>)["status"]).toBe("active");
  });

  it("delete forgets it without any request and says so loudly", async () => {
    const server = await startServer(edition, cleanups, { bootstrap: false });
    const { id, outs } = await checkAndCreate(hooks, { connection: { url: server.url } });
    server.emu.clearRequestLog();
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await hooks.delete(id, outs);
    expect(server.requests()).toEqual([]);
    const printed = stderr.mock.calls.map((call) => String(call[0])).join("");
    expect(printed).toContain("was NOT deleted");
    expect(printed).not.toContain(String(outs["token"]));
    expect(await server.works(String(outs["token"]))).toBe(true);
  });

  it("a server started --without-auth: a clear 405 error", async () => {
    const server = await startServer(edition, cleanups, { withoutAuth: true });
    await expect(checkAndCreate(hooks, { connection: { url: server.url } })).rejects.toThrow(
      /--without-auth.*405/,
    );
  });
});
