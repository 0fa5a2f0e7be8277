/**
 * The provider plugin from a Python Automation API inline program, with the Python SDK generated
 * from the package schema the tarball ships (sdkgen, installed offline into a temporary target
 * with the venv's pulumi): create an Authorization and a DatabaseToken, a preview that finds no
 * changes, the token values secret in state, destroy. Runs once the generated schema exists.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { type PulumiSandbox, pulumiSandbox } from "../../support/pulumi";
import {
  expectTokensEncryptedAtRest,
  GENERATED_SCHEMA,
  type InstalledPlugin,
  installPlugin,
  PLUGIN_NODE_DIR,
  runAsync,
  setupLanguages,
  type Toolchain,
} from "./support";

const fixture = path.join(__dirname, "fixtures", "python-inline", "main.py");

const USER_PASSWORD = "python-svc-password";

describe.skipIf(!existsSync(GENERATED_SCHEMA))("the provider plugin from a Python inline program", () => {
  let tools: Toolchain;
  let plugin: InstalledPlugin;
  let sandbox: PulumiSandbox;
  let emulator: Emulator;
  const temps: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), `pit-plugin-${prefix}-`));
    temps.push(dir);
    return dir;
  };
  let target: string;
  let workDir: string;

  const step = async (name: "up" | "destroy") => {
    const python = path.join(tools.PYTHON_VENV, "bin", "python");
    const result = await runAsync(
      python,
      [
        fixture,
        "--pulumi-root",
        path.dirname(tools.PULUMI_BIN),
        "--work-dir",
        workDir,
        "--step",
        name,
        "--url",
        emulator.url,
        "--org-id",
        emulator.seed.org.id,
      ],
      {
        env: {
          ...sandbox.env,
          // The plugin on PATH (the Python Automation API has no plugins.providers), with its Node.
          PATH: [plugin.binDir, PLUGIN_NODE_DIR, sandbox.env.PATH].join(path.delimiter),
          PYTHONPATH: target,
          PYTHONDONTWRITEBYTECODE: "1",
          PIT_V2_TOKEN: emulator.token,
          PIT_MANAGEMENT_TOKEN: emulator.managementToken,
          PIT_USER_PASSWORD: USER_PASSWORD,
        },
      },
    );
    if (result.code !== 0) throw new Error(`python ${name} exited ${result.code}\n${result.all}`);
    return JSON.parse(result.stdout);
  };
  const status = async (route: string, authorization: string) =>
    (await fetch(`${emulator.url}${route}`, { headers: { authorization } })).status;

  beforeAll(async () => {
    tools = setupLanguages();
    plugin = installPlugin("plugin-python");
    const schema = path.join(plugin.binDir, "..", "provider", "plugin", "schema.json");
    const sdkDir = tempDir("sdk");
    await runAsync(tools.SDKGEN, ["--schema", schema, "--out", sdkDir, "--languages", "python"]).then((r) => {
      if (r.code !== 0) throw new Error(`sdkgen exited ${r.code}\n${r.all}`);
    });
    target = tempDir("site");
    const pip = await runAsync(path.join(tools.PYTHON_VENV, "bin", "python"), [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-index",
      "--no-build-isolation",
      "--no-deps",
      "--target",
      target,
      path.join(sdkDir, "python"),
    ]);
    if (pip.code !== 0) throw new Error(`pip install exited ${pip.code}\n${pip.all}`);
    workDir = tempDir("work");
    emulator = await startEmulator();
    sandbox = pulumiSandbox();
  }, 240_000);

  afterAll(async () => {
    await emulator?.close();
    sandbox?.dispose();
    if (plugin) rmSync(plugin.dir, { recursive: true, force: true });
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  let ids: { reader: string; ingest: string; user: string };

  it("up creates the tokens, the user and the offline tokens, a preview then finds no changes, and the values are secrets in state", async () => {
    const out = await step("up");
    expect(out.result).toBe("succeeded");
    expect(out.changes).toEqual({ create: 6 }); // stack, reader, ingest, svc, writer, boot
    // expect_no_changes=True raised otherwise; the summary says the same.
    expect(out.previewChanges).toEqual({ same: 6 });
    ids = {
      reader: out.outputs.readerId.value,
      ingest: out.outputs.ingestId.value,
      user: out.outputs.userId.value,
    };
    expect(out.outputs.writerUserId.value).toBe(ids.user);
    expect(await status(`/api/v2/users/${ids.user}`, `Token ${emulator.token}`)).toBe(200);
    // OfflineTokens: generated locally, in the server's file format, secret.
    const offline = out.outputs.offlineAdminToken;
    expect(offline).toMatchObject({
      secret: true,
      value: expect.stringMatching(/^apiv3_[A-Za-z0-9_-]{86}$/),
    });
    expect(out.outputs.offlineAdminTokenFile.secret).toBe(true);
    expect(JSON.parse(out.outputs.offlineAdminTokenFile.value)).toEqual({
      token: offline.value,
      name: "_admin",
    });
    expect(out.outputs.readerToken).toMatchObject({ secret: true, value: expect.stringMatching(/\S{20,}/) });
    expect(out.outputs.ingestToken).toMatchObject({ secret: true, value: expect.stringMatching(/\S{20,}/) });
    // The Automation API exports with --show-secrets: the values come marked as secrets...
    const secretSig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
    expect(out.stateToken).toMatchObject(secretSig);
    expect(out.stateAccessToken).toMatchObject(secretSig);
    // ...and the state file holds them as ciphertext.
    expectTokensEncryptedAtRest(sandbox.stateDir, "plugin-python", [
      out.outputs.readerToken.value,
      out.outputs.ingestToken.value,
      offline.value,
      USER_PASSWORD,
      emulator.token,
    ]);
    expect(await status(`/api/v2/authorizations/${ids.reader}`, `Token ${emulator.token}`)).toBe(200);
    expect(await status(`/api/v0/tokens/${ids.ingest}`, `Bearer ${emulator.managementToken}`)).toBe(200);
  }, 120_000);

  it("destroy removes the tokens and then the user", async () => {
    const out = await step("destroy");
    expect(out.result).toBe("succeeded");
    expect(out.changes).toEqual({ delete: 6 });
    expect(await status(`/api/v2/users/${ids.user}`, `Token ${emulator.token}`)).toBe(404);
    expect(await status(`/api/v2/authorizations/${ids.reader}`, `Token ${emulator.token}`)).toBe(404);
    expect(await status(`/api/v0/tokens/${ids.ingest}`, `Bearer ${emulator.managementToken}`)).toBe(404);
  }, 120_000);
});
