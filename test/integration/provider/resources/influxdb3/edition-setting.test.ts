import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { influxdb3Client } from "../../../../../provider/clients/influxdb3/client";
import { setStackConfig } from "../../../../../provider/config/settings";
import { closeHttpAgent, InfluxApiError } from "../../../../../provider/http";
import { namedTokenHooks, operatorTokenHooks } from "../../../../../provider/resources/influxdb3";
import { setLogSink } from "../../../../../provider/shared/log";
import { checkAndCreate, type ServerFixture, startServer } from "./harness";

/**
 * `influxdb:influxdb3Edition` (behaviour D.15): what it rules out at check, before any request;
 * that it wins over `/ping` detection, with a warning when they disagree; and InfluxDB 3 Cloud
 * (the emulator's cloud mode) for AdminToken and ResourceToken.
 */
type Props = Record<string, unknown>;
const cleanups: Array<() => Promise<void>> = [];
let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setLogSink((line) => {
    if (line.level === "warn") warnings.push(line.message);
  });
});
afterEach(async () => {
  setStackConfig(undefined);
  setLogSink(undefined);
  delete process.env["INFLUXDB3_EDITION"];
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

function edition(value: string | undefined): void {
  setStackConfig({ get: (key) => (key === "influxdb:influxdb3Edition" ? value : undefined) });
}

const writer = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }];

async function cloudServer(): Promise<ServerFixture> {
  const server = await startServer("cloud", cleanups, { bootstrap: false });
  const admin = server.emu.operatorToken as string;
  return { ...server, operator: admin, connection: { url: server.url, token: admin } };
}

describe("influxdb:influxdb3Edition at check", () => {
  it("cloud: OperatorToken is refused, naming the setting and the way out, with 0 requests", async () => {
    const server = await cloudServer();
    edition("cloud");
    const hooks = operatorTokenHooks();
    const checked = await hooks.check({}, { connection: { url: server.url } });
    expect(checked.failures).toHaveLength(1);
    const [failure] = checked.failures ?? [];
    expect(failure?.property).toBe("influxdb:influxdb3Edition");
    expect(failure?.reason).toMatch(/is cloud \(from stack config influxdb:influxdb3Edition\)/);
    expect(failure?.reason).toMatch(/no operator-token bootstrap/);
    expect(failure?.reason).toMatch(
      /connection\.token.*influxdb:influxdb3Token.*AdminToken \/ ResourceToken/,
    );
    // create (which the engine calls only after a clean check) refuses the same way.
    await expect(hooks.create({ connection: { url: server.url } })).rejects.toThrow(/is cloud/);
    expect(server.requests()).toEqual([]);
  });

  it("core: ResourceToken is refused with 0 requests; AdminToken is not", async () => {
    const server = await startServer("core", cleanups);
    edition("Core"); // case-insensitive
    const checked = await namedTokenHooks("ResourceToken").check(
      {},
      { name: "w", permissions: writer, connection: server.connection },
    );
    expect(checked.failures).toEqual([
      {
        property: "influxdb:influxdb3Edition",
        reason: expect.stringMatching(/is core .*no resource tokens.*use AdminToken/),
      },
    ]);
    const admin = await namedTokenHooks("AdminToken").check({}, { name: "a", connection: server.connection });
    expect(admin.failures).toBeUndefined();
    expect(server.requests()).toEqual([]);
  });

  it("an invalid value fails every InfluxDB 3 resource, with where it came from and a hint", async () => {
    process.env["INFLUXDB3_EDITION"] = "enterprse";
    const checked = await namedTokenHooks("AdminToken").check(
      {},
      { name: "a", connection: { url: "http://127.0.0.1:1", token: "apiv3_x" } },
    );
    expect(checked.failures).toEqual([
      {
        property: "INFLUXDB3_EDITION",
        reason: expect.stringMatching(
          /is "enterprse" \(from environment variable INFLUXDB3_EDITION\), not one of core, enterprise, cloud \(did you mean enterprise\?\)/,
        ),
      },
    ]);
    const operator = await operatorTokenHooks().check({}, { connection: { url: "http://127.0.0.1:1" } });
    expect(operator.failures?.[0]?.property).toBe("INFLUXDB3_EDITION");
  });

  it("stack config wins over the environment variable", async () => {
    process.env["INFLUXDB3_EDITION"] = "cloud";
    edition("enterprise");
    const checked = await operatorTokenHooks().check({}, { connection: { url: "http://127.0.0.1:1" } });
    expect(checked.failures).toBeUndefined();
  });
});

describe("influxdb:influxdb3Edition against /ping detection", () => {
  it("absent: exactly as before (the detected edition is recorded, no warning)", async () => {
    const server = await startServer("enterprise", cleanups, { bootstrap: false });
    const { outs } = await checkAndCreate(operatorTokenHooks(), { connection: { url: server.url } });
    expect(outs["edition"]).toBe("enterprise");
    expect(warnings).toEqual([]);
  });

  it("the setting wins when detection disagrees, with a warning, not a failure", async () => {
    const server = await startServer("enterprise", cleanups, { bootstrap: false });
    edition("core");
    const { outs } = await checkAndCreate(operatorTokenHooks(), { connection: { url: server.url } });
    expect(outs["edition"]).toBe("core");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /influxdb:influxdb3Edition says core .* reports X-Influxdb-Build: Enterprise on \/ping; acting as core/,
    );
  });

  it("a matching setting (enterprise on an Enterprise server) warns about nothing", async () => {
    const server = await startServer("enterprise", cleanups, { bootstrap: false });
    edition("enterprise");
    await checkAndCreate(operatorTokenHooks(), { connection: { url: server.url } });
    expect(warnings).toEqual([]);
  });

  it("ResourceToken on Core: without the setting the create-time detection still says Core", async () => {
    const server = await startServer("core", cleanups);
    await expect(
      checkAndCreate(namedTokenHooks("ResourceToken"), {
        name: "w",
        permissions: writer,
        connection: server.connection,
      }),
    ).rejects.toThrow(/is InfluxDB 3 Core \(X-Influxdb-Build: Core\), which has no resource tokens/);
  });

  it("ResourceToken on Core with the setting enterprise: the setting wins (the server's 404), and a warning", async () => {
    const server = await startServer("core", cleanups);
    edition("enterprise");
    const error = await checkAndCreate(namedTokenHooks("ResourceToken"), {
      name: "w",
      permissions: writer,
      connection: server.connection,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxApiError);
    expect((error as InfluxApiError).status).toBe(404);
    expect(warnings.join("\n")).toMatch(/says enterprise .*X-Influxdb-Build: Core/);
  });
});

describe("InfluxDB 3 Cloud (emulator cloud mode, influxdb:influxdb3Edition cloud)", () => {
  it("AdminToken and ResourceToken: create, refresh, delete; no bootstrap or regenerate is ever sent", async () => {
    const server = await cloudServer();
    edition("cloud");
    for (const [kind, inputs] of [
      ["AdminToken", { name: "ci", expiresIn: "30d" }],
      ["ResourceToken", { name: "w", permissions: writer }],
    ] as Array<["AdminToken" | "ResourceToken", Props]>) {
      const hooks = namedTokenHooks(kind);
      const { id, outs } = await checkAndCreate(hooks, { ...inputs, connection: server.connection });
      expect(outs).toMatchObject({ tokenName: id, status: "active" });
      // A db-only resource token may not call /ping (Enterprise rules): only the admin one is tried.
      if (kind === "AdminToken") expect(await server.works(String(outs["token"]))).toBe(true);
      const read = await hooks.read(id, outs);
      expect(read.props).toMatchObject({ status: "active", tokenId: outs["tokenId"] });
      await hooks.delete(id, read.props as Props);
      expect(server.emu.state().tokens.map((t) => t.name)).not.toContain(id);
      expect(await hooks.read(id, outs)).toEqual({}); // gone: refresh drops it
    }
    const paths = server.requests().map((r) => r.path);
    expect(paths).not.toContain("/api/v3/configure/token/admin");
    expect(paths).not.toContain("/api/v3/configure/token/admin/regenerate");
    expect(warnings).toEqual([]);
  });

  it("refresh keeps the state and says so when the server refuses the system.tokens lookup", async () => {
    const server = await cloudServer();
    edition("cloud");
    let refuse = false;
    const clientFor: Parameters<typeof namedTokenHooks>[1] = (connection) => {
      const client = influxdb3Client(connection);
      return {
        ...client,
        url: client.url,
        findToken: (credential, name) =>
          refuse
            ? Promise.reject(
                new InfluxApiError({
                  method: "GET",
                  path: "/api/v3/query_sql",
                  status: 404,
                  apiMessage: "table 'system.tokens' not found",
                }),
              )
            : client.findToken(credential, name),
      };
    };
    const hooks = namedTokenHooks("AdminToken", clientFor);
    const { id, outs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    refuse = true;
    const read = await hooks.read(id, outs);
    expect(read).toEqual({ id, props: outs });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/AdminToken "ci": refresh cannot verify it on InfluxDB 3 Cloud/);
    expect(warnings[0]).not.toContain(String(outs["token"]));
    // Without the setting, the same refusal fails the refresh, as it always did.
    edition(undefined);
    await expect(hooks.read(id, outs)).rejects.toBeInstanceOf(InfluxApiError);
  });
});
