/**
 * The examples for the provider plugin, run as their READMEs say, through the real engine against
 * the emulator, with the plugin from the packed tarball (test/e2e/plugin/support.ts):
 *
 * - examples/yaml-bootstrap: a Pulumi YAML project (the YAML host of scripts/setup-languages.sh),
 *   copied into a folder where the tarball is installed, so its `plugins.providers` path
 *   `./node_modules/pulumi-influxdb-tokens/bin` names the installed plugin.
 * - examples/python-bootstrap: an Automation API script with the generated Python SDK installed
 *   from sdk/python (pip, offline, into a target folder), the plugin given with --plugin-dir.
 *
 * Each: up, a no-change preview, the token values secret, destroy. The connection comes from the
 * INFLUX_* environment variables, as the emulator's printed export lines set them.
 * (test/e2e/examples.test.ts runs the TypeScript examples, runtime nodejs, and skips these.)
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type PulumiSandbox, pulumiSandbox, repoRoot } from "../support/pulumi";
import {
  type InstalledPlugin,
  installPlugin,
  PLUGIN_NODE_DIR,
  readTree,
  runAsync,
  setupLanguages,
  type Toolchain,
  withPluginNode,
} from "./plugin/support";

const examplesDir = path.join(repoRoot, "examples");

/** An emulator, a sandbox whose environment points the plugin at it, and the installed plugin. */
function harness(prefix: string) {
  const h = {} as {
    tools: Toolchain;
    plugin: InstalledPlugin;
    emulator: Emulator;
    sandbox: PulumiSandbox;
    temps: string[];
  };
  h.temps = [];
  beforeAll(async () => {
    h.tools = setupLanguages();
    h.plugin = installPlugin(prefix);
    h.emulator = await startEmulator();
    h.sandbox = pulumiSandbox({
      INFLUX_HOST: h.emulator.url,
      INFLUX_TOKEN: h.emulator.token,
      INFLUX_ORG: h.emulator.seed.org.name,
      INFLUX_MANAGEMENT_URL: h.emulator.url,
      INFLUX_MANAGEMENT_TOKEN: h.emulator.managementToken,
    });
  }, 240_000);
  afterAll(async () => {
    await h.emulator?.close();
    h.sandbox?.dispose();
    if (h.plugin) rmSync(h.plugin.dir, { recursive: true, force: true });
    for (const dir of h.temps) rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

const v2Status = (emulator: Emulator, id: string) =>
  fetch(`${emulator.url}/api/v2/authorizations/${id}`, {
    headers: { authorization: `Token ${emulator.token}` },
  }).then((r) => r.status);
const databaseTokenStatus = (emulator: Emulator, id: string) =>
  fetch(`${emulator.url}/api/v0/tokens/${id}`, {
    headers: { authorization: `Bearer ${emulator.managementToken}` },
  }).then((r) => r.status);

describe("example yaml-bootstrap (Pulumi YAML, the plugin through plugins.providers)", () => {
  const h = harness("example-yaml-bootstrap");
  const pulumi = async (...args: string[]) => {
    const result = await runAsync(
      path.join(h.tools.PULUMI_BIN, "pulumi"),
      [...args, "--non-interactive", "--cwd", h.plugin.dir],
      { env: withPluginNode(h.sandbox.env) },
    );
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.all}`);
    return result.stdout;
  };

  it("runs pulumi up, then a no-change preview, with the tokens secret, then pulumi destroy", async () => {
    cpSync(path.join(examplesDir, "yaml-bootstrap"), h.plugin.dir, { recursive: true });
    await pulumi("stack", "init", "dev");
    expect(await pulumi("up", "--yes", "--skip-preview")).toMatch(/\+ 4 created/); // stack + 3 tokens
    await pulumi("preview", "--expect-no-changes");

    const plain = JSON.parse(await pulumi("stack", "output", "--json"));
    for (const key of ["telegrafToken", "grafanaToken", "ingestToken"]) expect(plain[key]).toBe("[secret]");
    const out = JSON.parse(await pulumi("stack", "output", "--json", "--show-secrets"));
    const state = readTree(path.join(h.sandbox.stateDir, "backend"));
    for (const key of ["telegrafToken", "grafanaToken", "ingestToken"]) {
      expect(out[key]).toMatch(/\S{20,}/);
      expect(state).not.toContain(out[key]);
    }
    // telegraf writes the bucket `telemetry`, by its ID.
    const summary = h.emulator.state();
    const bucket = summary.buckets.find((b) => b.name === "telemetry");
    const telegraf = summary.authorizations.find((a) => a.id === out.telegrafId);
    expect(telegraf?.permissions).toEqual([
      { action: "write", resource: expect.objectContaining({ type: "buckets", id: bucket?.id }) },
    ]);
    expect(await v2Status(h.emulator, out.grafanaId)).toBe(200);
    expect(await databaseTokenStatus(h.emulator, out.ingestId)).toBe(200);

    expect(await pulumi("destroy", "--yes", "--skip-preview")).toMatch(/- 4 deleted/);
    expect(await v2Status(h.emulator, out.telegrafId)).toBe(404);
    expect(await databaseTokenStatus(h.emulator, out.ingestId)).toBe(404);
  }, 120_000);
});

describe("example python-bootstrap (Automation API, the generated Python SDK from sdk/python)", () => {
  const h = harness("example-python-bootstrap");
  let site: string;
  let workDir: string;
  const script = path.join(examplesDir, "python-bootstrap", "bootstrap.py");
  const run = async (command: "up" | "preview" | "destroy") => {
    const result = await runAsync(
      path.join(h.tools.PYTHON_VENV, "bin", "python"),
      [script, command, "--json", "--work-dir", workDir, "--plugin-dir", h.plugin.binDir],
      {
        env: {
          ...h.sandbox.env,
          PATH: [PLUGIN_NODE_DIR, h.sandbox.env.PATH].join(path.delimiter),
          PYTHONPATH: site,
          PYTHONDONTWRITEBYTECODE: "1",
        },
      },
    );
    if (result.code !== 0) throw new Error(`bootstrap.py ${command} exited ${result.code}\n${result.all}`);
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    // `pip install ./sdk/python`, as the README says, offline into a folder of this test.
    site = mkdtempSync(path.join(tmpdir(), "pit-example-python-site-"));
    workDir = mkdtempSync(path.join(tmpdir(), "pit-example-python-work-"));
    h.temps.push(site, workDir);
    const pip = await runAsync(path.join(h.tools.PYTHON_VENV, "bin", "python"), [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-index",
      "--no-build-isolation",
      "--no-deps",
      "--target",
      site,
      path.join(repoRoot, "sdk", "python"),
    ]);
    if (pip.code !== 0) throw new Error(`pip install exited ${pip.code}\n${pip.all}`);
  }, 240_000);

  it("runs up, then a no-change preview, with the tokens secret, then destroy", async () => {
    const up = await run("up");
    expect(up.result).toBe("succeeded");
    expect(up.changes).toEqual({ create: 4 }); // stack + 3 tokens
    for (const key of ["telegrafToken", "grafanaToken", "ingestToken"]) {
      expect(up.outputs[key]).toMatchObject({ secret: true, value: expect.stringMatching(/\S{20,}/) });
    }
    const state = readTree(path.join(h.sandbox.stateDir, "backend"));
    for (const key of ["telegrafToken", "grafanaToken", "ingestToken"]) {
      expect(state).not.toContain(up.outputs[key].value);
    }
    expect(await v2Status(h.emulator, up.outputs.telegrafId.value)).toBe(200);
    expect(await databaseTokenStatus(h.emulator, up.outputs.ingestId.value)).toBe(200);

    const preview = await run("preview");
    expect(preview.changes).toEqual({ same: 4 });

    const destroy = await run("destroy");
    expect(destroy.result).toBe("succeeded");
    expect(destroy.changes).toEqual({ delete: 4 });
    expect(await v2Status(h.emulator, up.outputs.telegrafId.value)).toBe(404);
    expect(await databaseTokenStatus(h.emulator, up.outputs.ingestId.value)).toBe(404);
  }, 120_000);
});
