/**
 * Every example is a complete Pulumi project; each one runs `pulumi up` and `pulumi destroy`
 * through the real CLI and the Node.js language host, as users run them, with the package
 * installed from its tarball and only environment variables pointing at local servers: the
 * emulator (v2 + management API) and an emulated InfluxDB 3 Enterprise server.
 *
 * An example made of several projects (e.g. a producer and a consumer stack) keeps each in a
 * sub-folder; they run in name order and are destroyed in reverse.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type Influxdb3Emulator, startEmulator, startInfluxdb3Emulator } from "../../emulator";
import { installPackedPackage } from "../support/packed-package";
import { type PulumiSandbox, pulumiSandbox, repoRoot } from "../support/pulumi";

const execFileAsync = promisify(execFile);
const examplesDir = path.join(repoRoot, "examples");
// Node.js projects only: the plugin's YAML and Python examples run in examples-plugin.test.ts.
const isProject = (dir: string) =>
  existsSync(path.join(dir, "Pulumi.yaml")) &&
  /^runtime:\s*(?:\n\s+name:\s*)?nodejs\b/m.test(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));

/** The project folders of one example, in the order they must come up. */
function projectsOf(example: string): string[] {
  const dir = path.join(examplesDir, example);
  if (isProject(dir)) return [dir];
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter(isProject)
    .sort();
}

// Runs in phases around a server start (its own test: example-offline-bootstrap.test.ts).
const PHASED = new Set(["influxdb3-offline-bootstrap"]);
const examples = readdirSync(examplesDir).filter((name) => projectsOf(name).length > 0 && !PHASED.has(name));

describe.each(examples)("example %s", (example) => {
  let emulator: Emulator;
  let influxdb3: Influxdb3Emulator;
  let sandbox: PulumiSandbox;
  const dirs: string[] = [];
  // Asynchronous on purpose: the emulators answer from this process's event loop.
  const run = async (dir: string, ...args: string[]) => {
    try {
      const { stdout } = await execFileAsync("pulumi", [...args, "--non-interactive", "--cwd", dir], {
        env: sandbox.env,
        encoding: "utf8",
      });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")} failed in ${example}:\n${stdout}\n${stderr}`);
    }
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    influxdb3 = await startInfluxdb3Emulator({ edition: "enterprise", databases: ["sensors", "logs"] });
    sandbox = pulumiSandbox({
      INFLUX_HOST: emulator.url,
      INFLUX_TOKEN: emulator.token,
      INFLUX_ORG: emulator.seed.org.name,
      INFLUX_MANAGEMENT_URL: emulator.url,
      INFLUX_MANAGEMENT_TOKEN: emulator.managementToken,
      INFLUXDB3_HOST_URL: influxdb3.url,
    });
  }, 600_000);

  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    sandbox?.dispose();
    await emulator?.close();
    await influxdb3?.close();
  });

  it("runs pulumi up, then a no-change preview, then pulumi destroy", async () => {
    const projects = projectsOf(example);
    for (const project of projects) {
      const dir = installPackedPackage(`example-${example}`, project);
      dirs.push(dir);
      await run(dir, "stack", "init", "dev");
      expect(await run(dir, "up", "--yes", "--skip-preview")).toMatch(/created/);
      await run(dir, "preview", "--expect-no-changes");
    }
    for (const dir of [...dirs].reverse()) {
      expect(await run(dir, "destroy", "--yes")).toMatch(/deleted/);
    }
    expect(emulator.state().counts).toMatchObject({ authorizations: 1, activeDatabaseTokens: 0 });
  }, 600_000); // a CLI run type-checks the program: about 50 s per project
});
