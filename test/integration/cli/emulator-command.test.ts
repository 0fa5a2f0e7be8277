/**
 * `pulumi-influxdb-tokens emulator` from the INSTALLED package (the npm pack tarball): it starts
 * the emulator, prints the variables and stack config lines that point at it, those variables
 * work for the CLI's own commands, a port in use names --port, and SIGTERM stops it.
 * `--influxdb3` does the same for the InfluxDB 3 Core/Enterprise emulator.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectionLines } from "../../../emulator/cli";
import { installPackedPackage } from "../../support/packed-package";
import { pulumiBinDir, scratchDir } from "../../support/pulumi";

let dir: string;
let cli: string;
let bin: string;
beforeAll(() => {
  dir = installPackedPackage("emulator-command");
  cli = path.join(dir, "node_modules", "pulumi-influxdb-tokens", "dist", "cli", "index.js");
  bin = path.join(dir, "node_modules", ".bin", "pulumi-influxdb-tokens");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

interface Started {
  child: ChildProcess;
  url: string;
  out: string;
  exited: Promise<number | null>;
}

/** Runs the installed command and waits for its "listening on" line. */
function start(file: string, args: string[]): Promise<Started> {
  const child = spawn(file === cli ? process.execPath : file, file === cli ? [cli, ...args] : args, {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match) resolve({ child, url: match[1] as string, out, exited });
    });
    exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}\n${err}`)));
  });
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: dir, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `export A=1 B=2` lines of the output as variables (values as the shell would read them). */
function exported(out: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const m = /^\s+export (.*)$/.exec(line);
    if (!m) continue;
    for (const word of (m[1] as string).split(/\s+(?=[A-Z0-9_]+=)/)) {
      const eq = word.indexOf("=");
      vars[word.slice(0, eq)] = word.slice(eq + 1).replace(/^'(.*)'$/, "$1");
    }
  }
  return vars;
}

async function occupyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

describe("pulumi-influxdb-tokens emulator (installed package)", () => {
  it("prints the variables and stack config lines; `list` and `list-database-tokens` work with them", async () => {
    const emulator = await start(cli, ["emulator", "--port", "0", "--seed", "5"]);
    const vars = exported(emulator.out);
    expect(vars).toEqual({
      INFLUX_HOST: emulator.url,
      INFLUX_TOKEN: expect.stringMatching(/^[A-Za-z0-9_=-]{88}$/),
      INFLUX_ORG: "my-org",
      INFLUX_MANAGEMENT_URL: emulator.url,
      INFLUX_MANAGEMENT_TOKEN: expect.any(String),
    });
    for (const line of [
      `  pulumi config set influxdb:url ${emulator.url}`,
      `  pulumi config set --secret influxdb:token -- ${vars.INFLUX_TOKEN}`,
      "  pulumi config set influxdb:org my-org",
      `  pulumi config set influxdb:managementUrl ${emulator.url}`,
      `  pulumi config set --secret influxdb:managementToken -- ${vars.INFLUX_MANAGEMENT_TOKEN}`,
    ]) {
      expect(emulator.out.split("\n")).toContain(line);
    }
    expect(emulator.out.trimEnd().split("\n").at(-1)).toBe(`listening on ${emulator.url}`);

    const list = await run(["list"], vars);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/active/); // the seeded operator token
    const database = await run(["list-database-tokens", "--json"], vars);
    expect(database.code).toBe(0);
    expect(JSON.parse(database.stdout)).toEqual([]);

    emulator.child.kill("SIGTERM");
    expect(await emulator.exited).toBe(0);
  });

  it("the printed `pulumi config set` lines, run as printed, configure a stack (secrets as secrets)", async () => {
    const emulator = await start(cli, ["emulator", "--port", "0"]);
    const lines = emulator.out
      .split("\n")
      .filter((line) => line.startsWith("  pulumi config set "))
      .map((line) => line.trim());
    expect(lines).toHaveLength(5);
    const project = scratchDir("emulator-config");
    mkdirSync(path.join(project, "state"));
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: emulator-config\nruntime: nodejs\n");
    const env = {
      ...process.env,
      PATH: [pulumiBinDir(), process.env.PATH].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${path.join(project, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "test",
      PULUMI_HOME: path.join(project, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const sh = (script: string) =>
      execFileSync("bash", ["-c", script], {
        cwd: project,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    sh("pulumi stack init dev --non-interactive");
    sh(lines.join(" && "));
    const config = JSON.parse(sh("pulumi config --show-secrets --json")) as Record<
      string,
      { value: string; secret: boolean }
    >;
    const vars = exported(emulator.out);
    expect(config["influxdb:url"]).toEqual({ value: emulator.url, secret: false });
    expect(config["influxdb:token"]).toEqual({ value: vars.INFLUX_TOKEN, secret: true });
    expect(config["influxdb:org"]).toEqual({ value: "my-org", secret: false });
    expect(config["influxdb:managementUrl"]).toEqual({ value: emulator.url, secret: false });
    expect(config["influxdb:managementToken"]).toEqual({ value: vars.INFLUX_MANAGEMENT_TOKEN, secret: true });
    // A random token may start with "-", which the CLI would take for a flag: the lines end the
    // flags with `--` first (seen with a generated token; pinned here with two such tokens).
    const dashed = connectionLines({
      url: emulator.url,
      token: "-jT4iLbZ-operator==",
      managementToken: "-Ab_management",
      seed: { org: { name: "my-org" }, accountId: "a", clusterId: "c" },
    } as Parameters<typeof connectionLines>[0])
      .filter((line) => line.startsWith("  pulumi config set "))
      .map((line) => line.trim());
    sh(dashed.join(" && "));
    const again = JSON.parse(sh("pulumi config --show-secrets --json")) as typeof config;
    expect(again["influxdb:token"]).toEqual({ value: "-jT4iLbZ-operator==", secret: true });
    expect(again["influxdb:managementToken"]).toEqual({ value: "-Ab_management", secret: true });
    rmSync(project, { recursive: true, force: true });
    emulator.child.kill("SIGTERM");
    expect(await emulator.exited).toBe(0);
  });

  it("through the bin, --influxdb3: the printed bootstrap and variables work for list-influxdb3-tokens", async () => {
    const emulator = await start(bin, ["emulator", "--influxdb3", "--edition", "enterprise", "--quiet"]);
    const vars = exported(emulator.out);
    expect(vars.INFLUXDB3_HOST_URL).toBe(emulator.url);
    expect(emulator.out).toContain(`  pulumi config set influxdb:influxdb3Url ${emulator.url}`);
    expect(emulator.out).toContain(
      '  pulumi config set --secret influxdb:influxdb3Token "$INFLUXDB3_AUTH_TOKEN"',
    );
    // The printed line that creates the operator token, run as printed (curl and node).
    const bootstrap = /^\s+(export INFLUXDB3_AUTH_TOKEN=\$\(curl .*)$/m.exec(emulator.out)?.[1] as string;
    expect(bootstrap).toBeDefined();
    const token = await new Promise<string>((resolve, reject) =>
      execFile("bash", ["-c", `${bootstrap} && printf %s "$INFLUXDB3_AUTH_TOKEN"`], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    expect(token).toMatch(/^apiv3_/);
    const tokens = await run(["list-influxdb3-tokens", "--json"], { ...vars, INFLUXDB3_AUTH_TOKEN: token });
    expect(tokens.stderr).toBe("");
    expect(tokens.code).toBe(0);
    expect(JSON.parse(tokens.stdout).map((t: { name: string }) => t.name)).toContain("_admin");

    emulator.child.kill("SIGTERM");
    expect(await emulator.exited).toBe(0);
  });

  it("a port in use names --port, for both emulators", async () => {
    const port = await occupyPort();
    const v2 = await run(["emulator", "--port", String(port)], {});
    expect(v2.code).toBe(1);
    expect(v2.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another program`);
    expect(v2.stderr).toContain("pick another with --port <n>, or --port 0 for a free one");
    const v3 = await run(["emulator", "--influxdb3", "--port", String(port)], {});
    expect(v3.code).toBe(1);
    expect(v3.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another program`);
    expect(v3.stderr).toContain("--port <n>");
  });

  it("emulator --help lists the flags (and exits 0); the CLI's --help lists the command", async () => {
    const help = await run(["emulator", "--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npx pulumi-influxdb-tokens emulator [flags]");
    expect(help.stdout).toContain("--port <n>");
    const help3 = await run(["emulator", "--influxdb3", "--help"], {});
    expect(help3.code).toBe(0);
    expect(help3.stdout).toContain("--edition core|enterprise");
    const main = await run(["--help"], {});
    expect(main.stdout).toContain("pulumi-influxdb-tokens emulator [--influxdb3]");
    const bad = await run(["emulator", "--bogus"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Run with --help for the list of flags.");
  });
});
