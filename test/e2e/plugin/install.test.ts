/**
 * The self-contained plugin tarball (scripts/pack-plugin.sh): `pulumi plugin install resource
 * influxdb-tokens <version> --file <tarball>` puts it into a sandbox PULUMI_HOME, and a Pulumi YAML
 * program WITHOUT `plugins.providers`, in a folder with no node_modules anywhere above it, finds
 * it by name: it creates an Authorization and a DatabaseToken against the emulator and destroys
 * them. What the plugin runs comes from the tarball alone (its dist/, schema and node_modules).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { type PulumiSandbox, pulumiSandbox, repoRoot } from "../../support/pulumi";
import { runAsync, setupLanguages, type Toolchain, withPluginNode } from "./support";

const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;

const program = `name: plugin-install
runtime: yaml
description: The influxdb-tokens plugin installed with pulumi plugin install (no plugins.providers).
config:
  orgId:
    type: string
resources:
  reader:
    type: influxdb-tokens:index:Authorization
    properties:
      orgId: \${orgId}
      description: installed plugin reader
      permissions:
        - action: read
          resource:
            type: buckets
            orgId: \${orgId}
  ingest:
    type: influxdb-tokens:index:DatabaseToken
    properties:
      description: installed plugin ingest
      permissions:
        - action: write
          resource: sensors
outputs:
  ingestId: \${ingest.id}
  readerId: \${reader.id}
  readerToken: \${reader.token}
`;

describe("the plugin tarball, installed with pulumi plugin install", () => {
  let tools: Toolchain;
  let sandbox: PulumiSandbox;
  let emulator: Emulator;
  let out: string;
  let project: string;
  let tarball: string;

  const pulumi = async (...args: string[]) => {
    const result = await runAsync(path.join(tools.PULUMI_BIN, "pulumi"), [...args, "--non-interactive"], {
      cwd: project,
      env: withPluginNode(sandbox.env),
    });
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.all}`);
    return result.stdout;
  };

  beforeAll(async () => {
    tools = setupLanguages();
    out = mkdtempSync(path.join(tmpdir(), "pit-plugin-tarball-"));
    // dist/ is current: test/global-setup.ts packed the package (prepack builds it) before any test.
    const pack = await runAsync("bash", [
      path.join(repoRoot, "scripts", "pack-plugin.sh"),
      "--no-build",
      "--out",
      out,
    ]);
    if (pack.code !== 0) throw new Error(`pack-plugin.sh exited ${pack.code}\n${pack.all}`);
    tarball = pack.stdout.trim().split("\n").pop() as string;
    project = mkdtempSync(path.join(tmpdir(), "pit-plugin-install-"));
    writeFileSync(path.join(project, "Pulumi.yaml"), program);
    emulator = await startEmulator();
    sandbox = pulumiSandbox();
  }, 240_000);

  afterAll(async () => {
    await emulator?.close();
    sandbox?.dispose();
    for (const dir of [out, project]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`is named pulumi-resource-influxdb-tokens-v${version}-linux-amd64.tar.gz`, () => {
    expect(path.basename(tarball)).toBe(`pulumi-resource-influxdb-tokens-v${version}-linux-amd64.tar.gz`);
  });

  it("pulumi plugin install takes it, with the executable at the plugin folder's top level", async () => {
    await pulumi("plugin", "install", "resource", "influxdb-tokens", version, "--file", tarball);
    const dir = path.join(
      sandbox.env.PULUMI_HOME as string,
      "plugins",
      `resource-influxdb-tokens-v${version}`,
    );
    for (const file of [
      "pulumi-resource-influxdb-tokens",
      "dist/provider/plugin/main.js",
      "provider/plugin/schema.json",
      "node_modules/@pulumi/pulumi/package.json",
      "node_modules/undici/package.json",
      "node_modules/zod/package.json",
    ]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    const listed = JSON.parse(await pulumi("plugin", "ls", "--json")) as { name: string; version: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ name: "influxdb-tokens", version }));
  }, 60_000);

  it("a YAML program without plugins.providers finds it: up creates an Authorization and a DatabaseToken, destroy deletes them", async () => {
    await pulumi("stack", "init", "dev");
    await pulumi(
      "config",
      "set-all",
      "--plaintext",
      `influxdb-tokens:url=${emulator.url}`,
      "--secret",
      `influxdb-tokens:token=${emulator.token}`,
      "--plaintext",
      `influxdb-tokens:managementUrl=${emulator.url}`,
      "--secret",
      `influxdb-tokens:managementToken=${emulator.managementToken}`,
      "--plaintext",
      `orgId=${emulator.seed.org.id}`,
    );
    const up = await pulumi("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 3 created/); // stack, reader, ingest
    expect(up).not.toContain("from $PATH");
    const { readerId, readerToken, ingestId } = JSON.parse(
      await pulumi("stack", "output", "--json", "--show-secrets"),
    );
    expect(readerToken).toMatch(/\S{20,}/);
    const status = () =>
      fetch(`${emulator.url}/api/v2/authorizations/${readerId}`, {
        headers: { authorization: `Token ${emulator.token}` },
      }).then((r) => r.status);
    const ingestStatus = () =>
      fetch(`${emulator.url}/api/v0/tokens/${ingestId}`, {
        headers: { authorization: `Bearer ${emulator.managementToken}` },
      }).then((r) => r.status);
    expect(await status()).toBe(200);
    expect(await ingestStatus()).toBe(200);
    expect(await pulumi("destroy", "--yes", "--skip-preview")).toMatch(/- 3 deleted/);
    expect(await status()).toBe(404);
    expect(await ingestStatus()).toBe(404);
  }, 120_000);
});
