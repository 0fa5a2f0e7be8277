/**
 * The audit CLI against the emulator: the command lines of the token guides, tables and
 * JSON, --help, exit codes and error texts. Most cases call `main` in-process; a few run the real
 * entry point in a child process to prove the exit code and the streams.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type Io, main } from "../../../cli/main";
import { managementClient } from "../../../provider/clients/management";
import { v2Client } from "../../../provider/clients/v2";
import { type SeededEmulator, startSeededEmulator } from "../provider/lookups/seeded-emulator";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
let server: SeededEmulator;
let env: NodeJS.ProcessEnv;
const ids: Record<string, string> = {};
const secrets: string[] = [];

async function run(argv: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const io: Io = { out: (t) => (stdout += t), err: (t) => (stderr += t), env: { ...env, ...extraEnv } };
  // The library reads the environment through process.env (provider/config), like the real CLI.
  const saved = { ...process.env };
  Object.assign(process.env, io.env);
  for (const key of Object.keys(process.env)) if (io.env[key] === undefined) delete process.env[key];
  try {
    const code = await main(argv, io);
    return { code, stdout, stderr };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

beforeAll(async () => {
  server = await startSeededEmulator({ seed: 93, revokedDatabaseTokens: "visible" });
  env = {
    INFLUX_HOST: server.url,
    INFLUX_TOKEN: server.token,
    INFLUX_MANAGEMENT_URL: server.url,
    INFLUX_MANAGEMENT_TOKEN: server.emulator.managementToken,
  };
  const client = v2Client({ url: server.url, token: server.token });
  const telemetry = { type: "buckets", id: server.buckets.telemetry, orgID: server.org.id };
  for (const [key, userID, description, action, status] of [
    ["writer", server.users.iot_user_1, "edge-01 telegraf", "write", "active"],
    ["reader", server.users.iot_user_1, "edge-01 dashboard", "read", "active"],
    ["retired", server.users.iot_user_1, "edge-02 telegraf", "write", "inactive"],
    ["other", server.users.iot_user_2, "edge-03 telegraf", "write", "active"],
  ] as const) {
    const created = await client.createAuthorization({
      orgID: server.org.id,
      userID,
      description,
      status,
      permissions: [{ action, resource: telemetry }],
    });
    ids[key] = created.id;
    secrets.push(created.token!);
  }
  const mgmt = managementClient({ url: server.url, token: server.emulator.managementToken });
  const grafana = await mgmt.createToken({
    description: "grafana reads sensors",
    permissions: [{ action: "read", resource: "sensors" }],
  });
  const old = await mgmt.createToken({
    description: "old writer",
    permissions: [{ action: "write", resource: "*" }],
  });
  await mgmt.deleteToken(old.id);
  ids.grafana = grafana.id;
  ids.old = old.id;
  secrets.push(grafana.accessToken!, old.accessToken!);
});

afterAll(async () => {
  await server?.close();
});

describe("list", () => {
  it("list --user iot_user_1 --active --can write: a table with the one matching token", async () => {
    const { code, stdout, stderr } = await run([
      "list",
      "--user",
      "iot_user_1",
      "--active",
      "--can",
      "write",
    ]);
    expect({ code, stderr }).toEqual({ code: EXIT.ok, stderr: "" });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+USER\s+ORG\s+DESCRIPTION\s+PERMISSIONS$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ids.writer);
    expect(lines[1]).toContain("write:orgs/my-org/buckets/telemetry");
    expect(lines[1]).toMatch(/active\s+iot_user_1\s+my-org\s+edge-01 telegraf/);
  });

  it("--json prints the summaries; no token value in any output", async () => {
    const { code, stdout } = await run(["list", "--user", "iot_user_1", "--json"]);
    expect(code).toBe(EXIT.ok);
    const parsed = JSON.parse(stdout) as Array<{ id: string; status: string }>;
    expect(parsed.map((a) => a.id)).toEqual([ids.writer, ids.reader, ids.retired]);
    const all = await run(["list", "--all-orgs", "--json"]);
    for (const secret of [...secrets, server.token]) expect(all.stdout).not.toContain(secret);
  });

  it("--inactive, --can read:buckets, --description-regex, --resource-id, and INFLUX_ORG as the default org", async () => {
    const inactive = JSON.parse((await run(["list", "--inactive", "--json"])).stdout);
    expect(inactive.map((a: { id: string }) => a.id)).toEqual([ids.retired]);
    const readers = JSON.parse((await run(["list", "--can", "read:buckets", "--json"])).stdout);
    // The operator token reads buckets too (type-wide).
    expect(readers.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([ids.reader]));
    expect(readers.map((a: { id: string }) => a.id)).not.toContain(ids.writer);
    const regex = JSON.parse((await run(["list", "--description-regex", "^edge-0[23]", "--json"])).stdout);
    expect(regex.map((a: { id: string }) => a.id)).toEqual([ids.retired, ids.other]);
    const elsewhere = await run(["list", "--json"], { INFLUX_ORG: "other-org" });
    expect(JSON.parse(elsewhere.stdout)).toEqual([]);
    const allOrgs = await run(["list", "--all-orgs", "--user", "iot_user_2", "--json"], {
      INFLUX_ORG: "other-org",
    });
    expect(JSON.parse(allOrgs.stdout).map((a: { id: string }) => a.id)).toEqual([ids.other]);
  });

  it("--sort description orders the rows; --sort size is a usage error", async () => {
    const { stdout } = await run(["list", "--user", "iot_user_1", "--sort", "description", "--json"]);
    expect(JSON.parse(stdout).map((a: { description: string }) => a.description)).toEqual([
      "edge-01 dashboard",
      "edge-01 telegraf",
      "edge-02 telegraf",
    ]);
    const db = await run(["list-database-tokens", "--include-revoked", "--sort", "description", "--json"]);
    expect(JSON.parse(db.stdout).map((t: { description: string }) => t.description)).toEqual([
      "grafana reads sensors",
      "old writer",
    ]);
    const bad = await run(["list", "--sort", "size"]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain("--sort size: give id or description");
  });

  it("an empty result is a header only and exit code 0", async () => {
    const { code, stdout } = await run(["list", "--user", "iot_user_2", "--inactive"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("get", () => {
  it("shows one authorization; 3 and a message when there is none", async () => {
    const found = await run(["get", ids.other!, "--json"]);
    expect(found.code).toBe(EXIT.ok);
    expect(JSON.parse(found.stdout)).toMatchObject({ id: ids.other, user: "iot_user_2" });
    const missing = await run(["get", "0fffffffffffffff"]);
    expect(missing).toMatchObject({ code: EXIT.notFound, stdout: "" });
    expect(missing.stderr).toContain("no authorization with ID 0fffffffffffffff");
  });
});

describe("database tokens", () => {
  it("list-database-tokens hides revoked ones unless --include-revoked; get-database-token", async () => {
    const live = await run(["list-database-tokens"]);
    expect(live.code).toBe(EXIT.ok);
    expect(live.stdout).toContain(ids.grafana);
    expect(live.stdout).toContain("read:sensors");
    expect(live.stdout).not.toContain(ids.old);
    const all = await run(["list-database-tokens", "--include-revoked", "--json"]);
    expect(JSON.parse(all.stdout).map((t: { id: string }) => t.id)).toEqual([ids.grafana, ids.old]);
    const revoked = await run(["get-database-token", ids.old!]);
    expect(revoked.code).toBe(EXIT.notFound);
    expect(revoked.stderr).toContain("--include-revoked");
    const shown = await run(["get-database-token", ids.old!, "--include-revoked"]);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.stdout).toMatch(/revoked\s+never\s+old writer\s+write:\*/);
    for (const secret of secrets) expect(all.stdout + live.stdout + shown.stdout).not.toContain(secret);
  });
});

describe("usage, configuration and server errors", () => {
  it.each([
    [["list", "--bogus"], /Unknown option '--bogus'/],
    [["list", "--can", "delete"], /--can delete: give read or write/],
    [["list", "--active", "--inactive"], /--active or --inactive/],
    [["list", "--description-regex", "("], /not a regular expression/],
    [["list", "--user-id", "IOT"], /userId: "IOT" is not an ID/],
    [["get"], /give the authorization ID/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("%j exits 2 with a message", async (argv, message) => {
    const { code, stderr, stdout } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("a missing token names the environment variable (exit 2)", async () => {
    const { code, stderr } = await run(["list"], { INFLUX_TOKEN: undefined });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("INFLUX_TOKEN");
  });

  it("a wrong token is a server error (exit 1) naming the variable it came from, never the token", async () => {
    const { code, stderr } = await run(["list"], { INFLUX_TOKEN: "not-the-right-token" });
    expect(code).toBe(EXIT.server);
    expect(stderr).toContain("HTTP 401");
    expect(stderr).toContain("the credential comes from INFLUX_TOKEN");
    expect(stderr).not.toContain("not-the-right-token");
  });

  it("each API's missing token names its own variable, in the CLI's words (exit 2)", async () => {
    const management = await run(["list-database-tokens"], { INFLUX_MANAGEMENT_TOKEN: undefined });
    expect(management.code).toBe(EXIT.usage);
    expect(management.stderr).toContain("set INFLUX_MANAGEMENT_TOKEN to a management token");
    const influxdb3 = await run(["list-influxdb3-tokens", "--host", "http://127.0.0.1:9"], {
      INFLUXDB3_AUTH_TOKEN: undefined,
    });
    expect(influxdb3.stderr).toContain("set INFLUXDB3_AUTH_TOKEN to an admin token");
    for (const result of [management, influxdb3])
      expect(result.stderr).not.toMatch(/stack config|connection\.token/);
  });

  it("an ID that cannot exist is bad input (exit 2) with no request", async () => {
    for (const [argv, message] of [
      [["get", "0000000000000000"], /"0000000000000000" is not an authorization ID/],
      [["get", "0A1B2C3D4E5F6A7B"], /is not an authorization ID: 16 lowercase hex/],
      [["get-database-token", "not-a-uuid"], /is not a database token ID \(a UUID/],
    ] as const) {
      const { code, stderr } = await run([...argv]);
      expect(code).toBe(EXIT.usage);
      expect(stderr).toMatch(message);
    }
  });

  it("--version prints the package's version", async () => {
    const { code, stdout } = await run(["--version"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`pulumi-influxdb-tokens ${require("../../../package.json").version}\n`);
  });

  it("an unknown user is a usage error naming the argument", async () => {
    const { code, stderr } = await run(["list", "--user", "nobody"]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("user: user not found");
  });

  it("--help and <command> --help print usage and exit 0; no arguments prints usage and exits 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain("list-database-tokens");
    expect(help.stdout).toContain("INFLUX_MANAGEMENT_URL");
    const listHelp = await run(["list", "--help"]);
    expect(listHelp.stdout).toContain("--can <action>[:<type>]");
    expect((await run([])).code).toBe(EXIT.usage);
  });
});

describe("the entry point as a process", () => {
  function spawn(argv: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "cli", "index.ts"), ...argv],
        { cwd: repoRoot, env: { ...process.env, ...env, ...extraEnv } },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr }),
      );
    });
  }

  it("exits 0 with the table on stdout, 3 for a missing ID, 2 for wrong usage", async () => {
    const ok = await spawn(["list", "--user", "iot_user_1", "--active", "--can", "write"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(ids.writer);
    expect((await spawn(["get", "0fffffffffffffff"])).code).toBe(3);
    const usage = await spawn(["list", "--nope"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--nope");
  }, 60_000);
});
