import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../../emulator";
import { closeHttpAgent, InfluxApiError } from "../../../../provider/http";
import { databaseTokenHooks } from "../../../../provider/resources/database-token/hooks";
import { apply, configureFor, deploy, raw, refresh, requestsOf } from "../../../support/provider";

const hooks = databaseTokenHooks();
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

const grafana = {
  __provider: "serialized provider text",
  description: "grafana reads sensors",
  permissions: [{ action: "read", resource: "sensors" }],
  expiresAt: "2099-06-30T00:00:00Z",
};

/** Writes one point into `database` with a database token: 204 when allowed (emulator data API). */
async function writeWith(emulator: Emulator, token: string, database: string): Promise<number> {
  return (await raw(emulator, "POST", `/api/v2/write?bucket=${database}`, `Bearer ${token}`, "m v=1")).status;
}

afterAll(() => closeHttpAgent());

describe.each([
  ["Clustered", false, "hidden"],
  ["Cloud Dedicated", true, "hidden"],
  ["Clustered, revoked tokens visible", false, "visible"],
  ["Cloud Dedicated, revoked tokens visible", true, "visible"],
] as const)("DatabaseToken against the emulator (%s)", (_, dedicated, revokedDatabaseTokens) => {
  let emulator: Emulator;
  let unconfigure: () => void;
  const tokens = () =>
    dedicated
      ? `/api/v0/accounts/${emulator.seed.accountId}/clusters/${emulator.seed.clusterId}/tokens`
      : "/api/v0/tokens";

  beforeAll(async () => {
    emulator = await startEmulator({ revokedDatabaseTokens });
  });
  afterAll(() => emulator.close());
  afterEach(() => unconfigure?.());

  it("creates, reads (keeping the access token), updates the description in place and deletes", async () => {
    unconfigure = configureFor(emulator, { dedicated });
    emulator.clearRequestLog();
    const token = await deploy(hooks, grafana);
    expect(requestsOf(emulator, "POST")).toEqual([{ method: "POST", path: tokens() }]);
    expect(token.outs).toMatchObject({
      description: "grafana reads sensors",
      permissions: [{ action: "read", resource: "sensors" }],
      expiresAt: "2099-06-30T00:00:00.000Z",
    });
    expect(typeof token.outs.createdAt).toBe("string");
    if (dedicated) {
      expect(token.outs).toMatchObject({
        accountId: emulator.seed.accountId,
        clusterId: emulator.seed.clusterId,
      });
    } else {
      expect(token.outs.accountId).toBeUndefined();
    }
    const accessToken = token.outs.accessToken as string;
    expect(accessToken.length).toBeGreaterThanOrEqual(64);
    // 403, not 401: the token authenticates, and a read-only token may not write.
    expect(await writeWith(emulator, accessToken, "sensors")).toBe(403);

    const refreshed = (await refresh(hooks, token))!;
    expect(refreshed.outs.accessToken).toBe(accessToken);
    expect(
      (await apply(hooks, refreshed, { ...grafana, expiresAt: "2099-06-30T00:00:00.000Z" })).action,
    ).toBe("same");

    emulator.clearRequestLog();
    const updated = await apply(hooks, refreshed, { ...grafana, description: "grafana, renamed" });
    expect(updated.action).toBe("update");
    expect(requestsOf(emulator)).toEqual([{ method: "PATCH", path: `${tokens()}/${token.id}` }]);
    expect(updated.resource.outs).toMatchObject({ description: "grafana, renamed", accessToken });

    await hooks.delete(token.id, updated.resource.outs);
    expect(await writeWith(emulator, accessToken, "sensors")).toBe(401);
    expect(await refresh(hooks, updated.resource)).toBeUndefined();
    await expect(hooks.delete(token.id, updated.resource.outs)).resolves.toBeUndefined();
  });

  it("replaces the token when permissions or the expiry change", async () => {
    unconfigure = configureFor(emulator, { dedicated });
    const token = await deploy(hooks, grafana);
    const wider = await apply(hooks, token, {
      ...grafana,
      permissions: [{ action: "write", resource: "*" }],
    });
    expect(wider.action).toBe("replace");
    expect(wider.diff.replaces).toEqual(["permissions"]);
    expect(await writeWith(emulator, wider.resource.outs.accessToken as string, "anything")).toBe(204);
    expect(await writeWith(emulator, token.outs.accessToken as string, "sensors")).toBe(401);

    const later = await apply(hooks, wider.resource, {
      ...grafana,
      permissions: [{ action: "write", resource: "*" }],
      expiresAt: "2100-01-01T00:00:00Z",
    });
    expect(later.action).toBe("replace");
    expect(later.diff.replaces).toEqual(["expiresAt"]);
    await hooks.delete(later.resource.id, later.resource.outs);
  });

  it("reports an out-of-band revocation as gone on refresh", async () => {
    unconfigure = configureFor(emulator, { dedicated });
    const token = await deploy(hooks, grafana);
    const revoke = await raw(
      emulator,
      "DELETE",
      `${tokens()}/${token.id}`,
      `Bearer ${emulator.managementToken}`,
    );
    expect(revoke.status).toBe(204);
    const visible = await raw(
      emulator,
      "GET",
      `${tokens()}/${token.id}`,
      `Bearer ${emulator.managementToken}`,
    );
    expect(visible.status).toBe(revokedDatabaseTokens === "visible" ? 200 : 404);
    expect(await refresh(hooks, token)).toBeUndefined();
  });

  it("reports an expired token as gone, and an unchanged past expiry does not fail check", async () => {
    unconfigure = configureFor(emulator, { dedicated });
    const soon = inFuture(1_000);
    const token = await deploy(hooks, { ...grafana, expiresAt: soon });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await refresh(hooks, token)).toBeUndefined();
    expect((await hooks.check(token.inputs, token.inputs)).failures ?? []).toEqual([]);
    expect((await hooks.check({}, token.inputs)).failures?.[0]?.property).toBe("expiresAt");
  });

  it("creates a token with no permissions (an empty list)", async () => {
    unconfigure = configureFor(emulator, { dedicated });
    const token = await deploy(hooks, { description: "no access", permissions: [] });
    expect(token.outs.permissions).toEqual([]);
    expect(token.outs.expiresAt).toBeUndefined();
    await hooks.delete(token.id, token.outs);
  });
});

describe("DatabaseToken: connection and errors", () => {
  let emulator: Emulator;
  let unconfigure: () => void;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  afterEach(() => unconfigure?.());

  it("uses a per-resource Dedicated connection", async () => {
    unconfigure = () => {};
    const connection = {
      url: emulator.url,
      token: emulator.managementToken,
      accountId: emulator.seed.accountId,
      clusterId: emulator.seed.clusterId,
    };
    emulator.clearRequestLog();
    const token = await deploy(hooks, { ...grafana, connection });
    expect(requestsOf(emulator, "POST")[0]?.path).toContain(`/accounts/${emulator.seed.accountId}/clusters/`);
    expect(token.outs.connection).toEqual(connection);
    await hooks.delete(token.id, token.outs);
  });

  it("surfaces a wrong cluster as InfluxApiError with the management API's integer code", async () => {
    unconfigure = () => {};
    const error = (await hooks
      .create({
        ...grafana,
        connection: {
          url: emulator.url,
          token: emulator.managementToken,
          accountId: emulator.seed.accountId,
          clusterId: "99999999-9999-4999-8999-999999999999",
        },
      })
      .catch((e: unknown) => e)) as InfluxApiError;
    expect(error).toBeInstanceOf(InfluxApiError);
    expect(error.status).toBe(404);
    expect(error.code).toBe(404);
    expect(error.message).not.toContain(emulator.managementToken);
  });
});
