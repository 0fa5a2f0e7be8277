import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Edition } from "../../../../../emulator/influxdb3";
import { closeHttpAgent } from "../../../../../provider/http";
import { namedTokenHooks } from "../../../../../provider/resources/influxdb3";
import { diffNamedToken } from "../../../../../provider/resources/influxdb3/named-token-diff";
import { checkAndCreate, startServer } from "./harness";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

describe.each(["core", "enterprise"] as Edition[])("AdminToken against the %s emulator", (edition) => {
  const hooks = namedTokenHooks("AdminToken");

  it("creates a named admin token with an expiry; the ID is the name; the token works", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs } = await checkAndCreate(hooks, {
      name: "ci",
      expiresIn: "1h",
      connection: server.connection,
    });
    expect(id).toBe("ci");
    expect(outs).toMatchObject({ tokenName: "ci", tokenId: 1, status: "active", expiresIn: "1h" });
    expect(Date.parse(String(outs["expiresAt"])) - Date.parse(String(outs["createdAt"]))).toBe(3_600_000);
    expect(await server.works(String(outs["token"]))).toBe(true);
    // "No expiry" is never sent as 0 (behaviour D.10): the request body had no expiry_secs at all for this one.
    const forever = await checkAndCreate(hooks, { name: "forever", connection: server.connection });
    expect(forever.outs["expiresAt"]).toBeUndefined();
    expect(server.emu.state().tokens.find((t) => t.name === "forever")?.expiry).toBeNull();
  });

  it("autonames `<resource>-<7 hex>`, keeps the name while nothing forces a replacement, renews it when something does", async () => {
    const server = await startServer(edition, cleanups);
    const news = { autonamePrefix: "grafana", expiresIn: "30d", connection: server.connection };
    const first = await hooks.check({}, news);
    const autoName = String((first.inputs as Record<string, unknown>)["autoName"]);
    expect(autoName).toMatch(/^grafana-[0-9a-f]{7}$/);
    const again = await hooks.check(first.inputs as Record<string, unknown>, news);
    expect((again.inputs as Record<string, unknown>)["autoName"]).toBe(autoName);
    const changed = await hooks.check(first.inputs as Record<string, unknown>, { ...news, expiresIn: "60d" });
    const renewed = (changed.inputs as Record<string, unknown>)["autoName"];
    expect(renewed).not.toBe(autoName);
    // With different names the engine may create the new token before deleting the old one.
    const created = await hooks.create(first.inputs as Record<string, unknown>);
    const diff = await hooks.diff(
      created.id,
      created.outs as Record<string, unknown>,
      changed.inputs as Record<string, unknown>,
    );
    expect(diff).toMatchObject({ changes: true, replaces: ["expiresIn"], deleteBeforeReplace: false });
    const replacement = await hooks.create(changed.inputs as Record<string, unknown>);
    expect(replacement.id).toBe(renewed);
    await hooks.delete(created.id, created.outs as Record<string, unknown>);
    expect(server.emu.state().tokens.map((t) => t.name)).toEqual(["_admin", renewed]);
  });

  it("with an explicit name, a replacement deletes first (names are unique, behaviour D.12)", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs } = await checkAndCreate(hooks, {
      name: "ci",
      expiresIn: "1h",
      connection: server.connection,
    });
    const next = await hooks.check(outs, { name: "ci", expiresIn: "2h", connection: server.connection });
    const diff = await hooks.diff(id, outs, next.inputs as Record<string, unknown>);
    expect(diff).toEqual({ changes: true, replaces: ["expiresIn"], deleteBeforeReplace: true });
    const same = await hooks.diff(id, outs, { name: "ci", expiresIn: "60m", connection: server.connection });
    expect(same).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("a changed credential only updates state, with no request", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    const other = await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, {
      token_name: "ops",
    });
    const opsToken = (JSON.parse(other.text) as { token: string }).token;
    const news = { name: "ci", connection: { url: server.url, token: opsToken } };
    expect(await hooks.diff(id, outs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    server.emu.clearRequestLog();
    const updated = await hooks.update(id, outs, news);
    expect(server.requests()).toEqual([]);
    expect((updated.outs as Record<string, unknown>)["connection"]).toEqual(news.connection);
    expect((updated.outs as Record<string, unknown>)["token"]).toBe(outs["token"]);
  });

  it("a taken name fails with what to do", async () => {
    const server = await startServer(edition, cleanups);
    await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, { token_name: "ci" });
    await expect(checkAndCreate(hooks, { name: "ci", connection: server.connection })).rejects.toThrow(
      /token name already exists on http:\/\/127\.0\.0\.1:\d+.*influxdb3 delete token --token-name 'ci'/,
    );
  });

  it("read: active, then gone after an out-of-band delete (refresh drops it)", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    const read = await hooks.read(id, outs);
    expect(read).toEqual({ id, props: outs });
    await server.call("DELETE", "/api/v3/configure/token?token_name=ci", server.operator);
    expect(await hooks.read(id, outs)).toEqual({});
  });

  it("read: re-created out of band -> `replaced`, and the next diff replaces it (delete first)", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs, inputs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    await server.call("DELETE", "/api/v3/configure/token?token_name=ci", server.operator);
    await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, { token_name: "ci" });
    const read = await hooks.read(id, outs);
    const props = read.props as Record<string, unknown>;
    expect(props).toMatchObject({ status: "replaced", tokenId: outs["tokenId"], token: outs["token"] });
    expect(await hooks.diff(id, props, inputs)).toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
  });

  it("read: expired -> `expired`; diff replaces it even without a refresh once expiresAt has passed", async () => {
    const server = await startServer(edition, cleanups);
    const clocked = namedTokenHooks("AdminToken", undefined, server.clock.now);
    const { id, outs, inputs } = await checkAndCreate(clocked, {
      name: "ci",
      expiresIn: 60,
      connection: server.connection,
    });
    server.clock.advance(61_000);
    const read = await clocked.read(id, outs);
    expect((read.props as Record<string, unknown>)["status"]).toBe("expired");
    const expiresAt = Date.parse(String(outs["expiresAt"]));
    expect(diffNamedToken(outs, inputs, expiresAt + 1)).toMatchObject({
      replaces: ["expiresAt"],
      deleteBeforeReplace: true,
    });
    expect(diffNamedToken(outs, inputs, expiresAt - 1)).toMatchObject({ changes: false });
  });

  it("delete removes it; deleting again (already gone) succeeds", async () => {
    const server = await startServer(edition, cleanups);
    const { id, outs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    await hooks.delete(id, outs);
    expect(await server.works(String(outs["token"]))).toBe(false);
    await expect(hooks.delete(id, outs)).resolves.toBeUndefined();
  });

  it("the secret never appears in an error message", async () => {
    const server = await startServer(edition, cleanups);
    const error = await checkAndCreate(hooks, {
      name: "ci",
      connection: { url: server.url, token: "apiv3_not-a-real-token-0123456789" },
    }).catch((e: unknown) => e as Error);
    expect(String(error)).toContain("401");
    expect(String(error)).not.toContain("apiv3_not-a-real-token-0123456789");
  });
});
