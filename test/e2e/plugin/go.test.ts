/**
 * The provider plugin from a Go Automation API inline program, with the Go SDK generated from
 * the package schema the tarball ships (sdkgen; a module whose go.mod points the SDK's module
 * path at the generated folder, built offline from the setup script's module cache): create an
 * Authorization and a DatabaseToken, a preview that finds no changes, the token values secret in
 * state, destroy. Runs once the generated schema exists.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { type PulumiSandbox, pulumiSandbox, repoRoot } from "../../support/pulumi";
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

const fixture = path.join(__dirname, "fixtures", "go-inline");
// The toolchain's inline fixture pins sdk/v3 (go.mod, go.sum) as the generated SDK requires it.
const toolchainInline = path.join(repoRoot, "test", "integration", "languages", "fixtures", "go-inline");
const SDK_MODULE = "github.com/pulumi-influxdb-tokens/sdk/go";

function offlineGoEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPROXY: "off",
    GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim(),
    GOTOOLCHAIN: "local",
    GOWORK: "off",
  };
}

describe.skipIf(!existsSync(GENERATED_SCHEMA))("the provider plugin from a Go inline program", () => {
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
  let bin: string;
  let workDir: string;

  const step = async (name: "up" | "destroy") => {
    const result = await runAsync(
      bin,
      [
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
          PATH: [plugin.binDir, PLUGIN_NODE_DIR, sandbox.env.PATH].join(path.delimiter),
          PIT_V2_TOKEN: emulator.token,
          PIT_MANAGEMENT_TOKEN: emulator.managementToken,
        },
      },
    );
    if (result.code !== 0) throw new Error(`go-inline ${name} exited ${result.code}\n${result.all}`);
    return JSON.parse(result.stdout);
  };
  const status = async (route: string, authorization: string) =>
    (await fetch(`${emulator.url}${route}`, { headers: { authorization } })).status;

  beforeAll(async () => {
    tools = setupLanguages();
    plugin = installPlugin("plugin-go");
    const schema = path.join(plugin.binDir, "..", "provider", "plugin", "schema.json");
    const sdkDir = tempDir("go-sdk");
    const gen = await runAsync(tools.SDKGEN, ["--schema", schema, "--out", sdkDir, "--languages", "go"]);
    if (gen.code !== 0) throw new Error(`sdkgen exited ${gen.code}\n${gen.all}`);
    const mod = tempDir("go-mod");
    cpSync(path.join(fixture, "main.go"), path.join(mod, "main.go"));
    const goMod = readFileSync(path.join(toolchainInline, "go.mod"), "utf8").replace(
      /^module .*$/m,
      "module plugingo",
    );
    writeFileSync(
      path.join(mod, "go.mod"),
      `${goMod}\nrequire ${SDK_MODULE} v0.0.0\n\nreplace ${SDK_MODULE} => ${path.join(sdkDir, "go")}\n`,
    );
    cpSync(path.join(toolchainInline, "go.sum"), path.join(mod, "go.sum"));
    bin = path.join(mod, "plugingo");
    const build = await runAsync("go", ["build", "-trimpath", "-o", bin, "."], {
      cwd: mod,
      env: offlineGoEnv(),
    });
    if (build.code !== 0) throw new Error(`go build exited ${build.code}\n${build.all}`);
    workDir = tempDir("work");
    emulator = await startEmulator();
    sandbox = pulumiSandbox();
  }, 300_000);

  afterAll(async () => {
    await emulator?.close();
    sandbox?.dispose();
    if (plugin) rmSync(plugin.dir, { recursive: true, force: true });
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  let ids: { reader: string; ingest: string };

  it("up creates both tokens, a preview then finds no changes, and the values are secrets in state", async () => {
    const out = await step("up");
    expect(out.result).toBe("succeeded");
    expect(out.changes).toEqual({ create: 3 }); // stack, reader, ingest
    expect(out.previewChanges).toEqual({ same: 3 });
    ids = { reader: out.outputs.readerId.value, ingest: out.outputs.ingestId.value };
    expect(out.outputs.readerToken).toMatchObject({ secret: true, value: expect.stringMatching(/\S{20,}/) });
    expect(out.outputs.ingestToken).toMatchObject({ secret: true, value: expect.stringMatching(/\S{20,}/) });
    expectTokensEncryptedAtRest(sandbox.stateDir, "plugin-go", [
      out.outputs.readerToken.value,
      out.outputs.ingestToken.value,
      emulator.token,
    ]);
    expect(await status(`/api/v2/authorizations/${ids.reader}`, `Token ${emulator.token}`)).toBe(200);
    expect(await status(`/api/v0/tokens/${ids.ingest}`, `Bearer ${emulator.managementToken}`)).toBe(200);
  }, 120_000);

  it("destroy removes both", async () => {
    const out = await step("destroy");
    expect(out.result).toBe("succeeded");
    expect(out.changes).toEqual({ delete: 3 });
    expect(await status(`/api/v2/authorizations/${ids.reader}`, `Token ${emulator.token}`)).toBe(404);
    expect(await status(`/api/v0/tokens/${ids.ingest}`, `Bearer ${emulator.managementToken}`)).toBe(404);
  }, 120_000);
});
