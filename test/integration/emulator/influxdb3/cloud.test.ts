import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startInfluxdb3Emulator } from "../../../../emulator/influxdb3";
import { call, type Fixture, fixture, sqlPath } from "./http";

/**
 * `--edition cloud`: InfluxDB 3 Cloud serves only the named-admin, resource-token and DELETE token
 * routes (behaviour D.15); the bootstrap and regenerate routes are absent and answer as any unknown
 * route does (behaviour D.14.2); everything else follows Enterprise.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function cloud(): Promise<Fixture & { admin: string }> {
  const fx = await fixture({ edition: "cloud", databases: ["sensors"], bootstrap: false }, cleanups);
  const admin = fx.emu.operatorToken;
  if (admin === undefined) throw new Error("cloud mode must hand out its operator token");
  return { ...fx, admin };
}

const writer = [{ resource_type: "db", resource_names: ["sensors"], actions: ["write"] }];

describe("InfluxDB 3 emulator, cloud mode", () => {
  it("has no bootstrap: 401 without a token, plain 404 with one, never a token", async () => {
    const fx = await cloud();
    const anonymous = await fx.call("POST", "/api/v3/configure/token/admin");
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toEqual({ error: "the request was not authenticated" });
    const withToken = await fx.call("POST", "/api/v3/configure/token/admin", { token: fx.admin });
    expect(withToken).toMatchObject({ status: 404, text: "Not found" });
  });

  it("has no regenerate: plain 404 with a token, and the operator token keeps working", async () => {
    const fx = await cloud();
    const regenerate = await fx.call("POST", "/api/v3/configure/token/admin/regenerate", { token: fx.admin });
    expect(regenerate).toMatchObject({ status: 404, text: "Not found" });
    expect((await fx.call("GET", "/ping", { token: fx.admin })).status).toBe(200);
  });

  it("creates named admin and resource tokens, lists them in system.tokens, deletes them", async () => {
    const fx = await cloud();
    const named = await fx.call("POST", "/api/v3/configure/token/named_admin", {
      token: fx.admin,
      body: { token_name: "ci" },
    });
    expect(named.status).toBe(201);
    const resource = await fx.call("POST", "/api/v3/enterprise/configure/token", {
      token: fx.admin,
      body: { token_name: "w", permissions: writer },
    });
    expect(resource.status).toBe(201);
    const rows = JSON.parse(
      (await fx.call("GET", sqlPath("SELECT name, permissions FROM system.tokens"), { token: fx.admin }))
        .text,
    ) as Array<{ name: string; permissions: string }>;
    expect(rows.map((row) => row.name).sort()).toEqual(["_admin", "ci", "w"]);
    expect(rows.find((row) => row.name === "w")?.permissions).toBe("db:sensors:write");
    const deleted = await fx.call("DELETE", "/api/v3/configure/token?token_name=w", { token: fx.admin });
    expect(deleted.status).toBe(200);
    const again = await fx.call("DELETE", "/api/v3/configure/token?token_name=w", { token: fx.admin });
    expect(again.status).toBe(404);
  });

  it("keeps Enterprise's rules: a resource token is refused on token routes, _admin cannot be deleted", async () => {
    const fx = await cloud();
    const created = await fx.call("POST", "/api/v3/enterprise/configure/token", {
      token: fx.admin,
      body: { token_name: "w", permissions: writer },
    });
    const w = (JSON.parse(created.text) as { token: string }).token;
    const refused = await fx.call("POST", "/api/v3/configure/token/named_admin", {
      token: w,
      body: { token_name: "x" },
    });
    expect(refused.status).toBe(403);
    const operator = await fx.call("DELETE", "/api/v3/configure/token?token_name=_admin", {
      token: fx.admin,
    });
    expect(operator.status).toBe(405);
  });

  it("answers /ping as the Enterprise build it runs", async () => {
    const fx = await cloud();
    const ping = await fx.call("GET", "/ping", { token: fx.admin });
    expect(ping.headers.get("x-influxdb-build")).toBe("Enterprise");
    expect(fx.emu.state().edition).toBe("cloud");
  });

  it("only cloud mode makes an operator token at start", async () => {
    for (const edition of ["core", "enterprise"] as const) {
      const emu = await startInfluxdb3Emulator({ edition });
      cleanups.push(() => emu.close());
      expect(emu.operatorToken).toBeUndefined();
      expect(emu.state().tokens).toEqual([]);
      // Their bootstrap still exists.
      expect((await call(emu.url, "POST", "/api/v3/configure/token/admin")).status).toBe(201);
    }
  });
});

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("emulator:influxdb3 CLI --edition cloud", () => {
  it("prints the admin token and the edition setting, and serves no bootstrap", async () => {
    const child = spawn(
      tsNode,
      ["--transpile-only", "emulator/influxdb3/cli.ts", "--edition", "cloud", "--quiet"],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    children.push(child);
    const out = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(text)) resolve(text);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${text}`)));
    });
    expect(out).toContain("pulumi config set influxdb:influxdb3Edition cloud");
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
    const token = /export INFLUXDB3_AUTH_TOKEN=(apiv3_\S+)/.exec(out)?.[1] as string;
    expect(token).toBeDefined();
    expect((await call(url, "GET", "/ping", { token })).status).toBe(200);
    expect((await call(url, "POST", "/api/v3/configure/token/admin", { token })).status).toBe(404);
  });

  it("refuses an unknown edition", async () => {
    const child = spawn(
      tsNode,
      ["--transpile-only", "emulator/influxdb3/cli.ts", "--edition", "serverless"],
      {
        cwd: repoRoot,
      },
    );
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--edition must be core, enterprise or cloud");
  });
});
