/**
 * examples/influxdb3-offline-bootstrap as its README runs it, through the real Pulumi CLI: `pulumi up`
 * generates the token files (no server yet), the files are written 0600 from the stack outputs, the
 * emulator CLI starts with `--admin-token-file` and `--permission-tokens-file`, a second `up` creates
 * an AdminToken and a ResourceToken with the offline admin token, `refresh` shows both offline tokens
 * loaded, and `destroy` deletes those two and only forgets the offline ones.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPackedPackage } from "../support/packed-package";
import { type PulumiSandbox, pulumiSandbox, repoRoot } from "../support/pulumi";

const execFileAsync = promisify(execFile);
const example = path.join(repoRoot, "examples", "influxdb3-offline-bootstrap");
const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");

describe("example influxdb3-offline-bootstrap", () => {
  let sandbox: PulumiSandbox;
  let dir: string;
  let server: ChildProcess | undefined;

  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await execFileAsync("pulumi", [...args, "--non-interactive", "--cwd", dir], {
        env: sandbox.env,
        encoding: "utf8",
      });
      return `${stdout}${stderr}`;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")} failed:\n${stdout}\n${stderr}`);
    }
  };

  /** The emulator CLI, as `influxdb3 serve --admin-token-file ...` would start. */
  const serve = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      server = spawn(tsNode, ["--transpile-only", "emulator/influxdb3/cli.ts", "--quiet", ...args], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      server.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      server.stderr?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      server.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
    });

  beforeAll(() => {
    sandbox = pulumiSandbox();
    dir = installPackedPackage("example-influxdb3-offline-bootstrap", example);
  }, 600_000);

  afterAll(() => {
    if (server?.exitCode === null) server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    sandbox?.dispose();
  });

  it("up without a server, files 0600, server started with them, up, refresh, destroy", async () => {
    await run("stack", "init", "dev");
    const first = await run("up", "--yes", "--skip-preview");
    expect(first).toMatch(/created/);
    expect(first).not.toMatch(/apiv3_/);

    // Step 2 of the README: `(umask 077; pulumi stack output --show-secrets F > file)`.
    const writeOutput = async (output: string, file: string) => {
      const { stdout } = await execFileAsync(
        "pulumi",
        ["stack", "output", "--show-secrets", output, "--cwd", dir],
        {
          env: sandbox.env,
          encoding: "utf8",
        },
      );
      const target = path.join(dir, file);
      writeFileSync(target, stdout, { mode: 0o600 });
      expect(statSync(target).mode & 0o777).toBe(0o600);
      return target;
    };
    const adminFile = await writeOutput("adminTokenFile", "admin-token.json");
    const permissionFile = await writeOutput("permissionTokensFile", "permission-tokens.json");
    const url = await serve([
      "--edition",
      "enterprise",
      "--admin-token-file",
      adminFile,
      "--permission-tokens-file",
      permissionFile,
    ]);

    await run("config", "set", "serverUrl", url);
    const second = await run("up", "--yes", "--skip-preview");
    expect(second).toMatch(/oncall/);
    expect(second).toMatch(/grafana/);

    // A refresh updates the resource's state; the stack outputs follow at the next `up`.
    await run("refresh", "--yes");
    const state = JSON.parse(await run("stack", "export")) as {
      deployment: { resources?: Array<{ urn: string; outputs?: Record<string, unknown> }> };
    };
    const files = state.deployment.resources?.find((r) => r.urn.endsWith("::server-files"));
    expect(files?.outputs?.["loadStatus"]).toEqual({ _admin: "loaded", telegraf: "loaded" });
    await run("up", "--yes", "--skip-preview");
    const status = JSON.parse(await run("stack", "output", "loadStatus", "--json"));
    expect(status).toEqual({ _admin: "loaded", telegraf: "loaded" });
    await run("preview", "--expect-no-changes");

    const adminToken = (await run("stack", "output", "--show-secrets", "adminToken"))
      .trim()
      .split("\n")[0] as string;
    const names = async () => {
      const response = await fetch(
        `${url}/api/v3/query_sql?db=_internal&q=SELECT%20name%20FROM%20system.tokens`,
        {
          headers: { authorization: `Bearer ${adminToken}` },
        },
      );
      return ((await response.json()) as Array<{ name: string }>).map((row) => row.name).sort();
    };
    const before = await names();
    expect(before).toEqual(expect.arrayContaining(["_admin", "telegraf", "oncall"]));
    expect(before.some((name) => name.startsWith("grafana-"))).toBe(true);

    const destroyed = await run("destroy", "--yes");
    expect(destroyed).toMatch(/deleted/);
    expect(destroyed).toMatch(/nothing was deleted on any server/);
    expect(await names()).toEqual(["_admin", "telegraf"]);
  }, 600_000);
});
