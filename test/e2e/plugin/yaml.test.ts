/**
 * The provider plugin `pulumi-resource-influxdb-tokens` through the real engine, from a Pulumi YAML
 * program (the language host built by scripts/setup-languages.sh): the plugin is the one the
 * packed tarball installs, found through `plugins.providers` in Pulumi.yaml. One scenario, in
 * order: create (default provider from `influxdb-tokens:*` stack config, and an explicit provider
 * resource pointing at a second server), no-change preview, secrets in state, a bad input at
 * preview, an in-place update, a replacement with its reason, refresh after an out-of-band
 * delete, `pulumi import`, destroy.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { type PulumiSandbox, pulumiSandbox } from "../../support/pulumi";
import {
  type InstalledPlugin,
  installPlugin,
  readTree,
  runAsync,
  setupLanguages,
  type Toolchain,
  withPluginNode,
} from "./support";

const program = (pluginDir: string) => `name: plugin-yaml
runtime: yaml
description: The influxdb-tokens provider plugin from a YAML program (test/e2e/plugin).
plugins:
  providers:
    - name: influxdb-tokens
      path: ${pluginDir}
config:
  orgId:
    type: string
  readerDescription:
    type: string
  readerAction:
    type: string
  rotation:
    type: string
  euUrl:
    type: string
  euToken:
    type: string
  euOrgId:
    type: string
resources:
  reader:
    type: influxdb-tokens:index:Authorization
    properties:
      orgId: \${orgId}
      description: \${readerDescription}
      rotationTrigger: \${rotation}
      permissions:
        - action: \${readerAction}
          resource:
            type: buckets
            orgId: \${orgId}
  ingest:
    type: influxdb-tokens:index:DatabaseToken
    properties:
      description: ingest reads everything
      permissions:
        - action: read
          resource: "*"
  eu:
    type: pulumi:providers:influxdb-tokens
    properties:
      url: \${euUrl}
      token: \${euToken}
  euReader:
    type: influxdb-tokens:index:Authorization
    properties:
      orgId: \${euOrgId}
      description: eu reader
      permissions:
        - action: read
          resource:
            type: buckets
            orgId: \${euOrgId}
    options:
      provider: \${eu}
outputs:
  readerId: \${reader.id}
  readerToken: \${reader.token}
  ingestId: \${ingest.id}
  ingestToken: \${ingest.accessToken}
  euReaderId: \${euReader.id}
`;

type StateResource = { urn: string; type: string; id?: string; outputs?: Record<string, unknown> };

describe("the provider plugin from a Pulumi YAML program", () => {
  let tools: Toolchain;
  let plugin: InstalledPlugin;
  let sandbox: PulumiSandbox;
  let home: Emulator; // the default provider's server (stack config)
  let eu: Emulator; // the explicit provider's server
  let project: string;

  const pulumi = (...args: string[]) =>
    runAsync(path.join(tools.PULUMI_BIN, "pulumi"), [...args, "--non-interactive", "--cwd", project], {
      env: withPluginNode(sandbox.env),
    });
  const ok = async (...args: string[]) => {
    const result = await pulumi(...args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.all}`);
    return result.all;
  };
  const outputs = async () => JSON.parse(await ok("stack", "output", "--json", "--show-secrets"));
  const resources = async (): Promise<StateResource[]> =>
    JSON.parse(await ok("stack", "export")).deployment.resources ?? [];
  const v2 = (server: Emulator, method: string, route: string, body?: unknown) =>
    fetch(`${server.url}/api/v2/authorizations${route}`, {
      method,
      headers: { authorization: `Token ${server.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const authorizationStatus = async (server: Emulator, id: string) =>
    (await v2(server, "GET", `/${id}`)).status;
  const databaseTokenStatus = async (id: string) =>
    (
      await fetch(`${home.url}/api/v0/tokens/${id}`, {
        headers: { authorization: `Bearer ${home.managementToken}` },
      })
    ).status;

  beforeAll(async () => {
    tools = setupLanguages();
    plugin = installPlugin("plugin-yaml");
    [home, eu] = await Promise.all([startEmulator(), startEmulator()]);
    sandbox = pulumiSandbox();
    project = path.join(plugin.dir, "project");
    mkdirSync(project);
    writeFileSync(path.join(project, "Pulumi.yaml"), program(plugin.binDir));
    await ok("stack", "init", "dev");
    await ok(
      "config",
      "set-all",
      "--plaintext",
      `influxdb-tokens:url=${home.url}`,
      "--secret",
      `influxdb-tokens:token=${home.token}`,
      "--plaintext",
      `influxdb-tokens:managementUrl=${home.url}`,
      "--secret",
      `influxdb-tokens:managementToken=${home.managementToken}`,
      "--plaintext",
      `orgId=${home.seed.org.id}`,
      "--plaintext",
      "readerDescription=ci reader",
      "--plaintext",
      "readerAction=read",
      "--plaintext",
      "rotation=1",
      "--plaintext",
      `euUrl=${eu.url}`,
      "--secret",
      `euToken=${eu.token}`,
      "--plaintext",
      `euOrgId=${eu.seed.org.id}`,
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all([home?.close(), eu?.close()]);
    sandbox?.dispose();
    if (plugin) rmSync(plugin.dir, { recursive: true, force: true });
  });

  let first: {
    readerId: string;
    ingestId: string;
    euReaderId: string;
    readerToken: string;
    ingestToken: string;
  };

  it("up creates an Authorization and a DatabaseToken, and one more through an explicit provider on its own server", async () => {
    const up = await ok("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 5 created/); // stack, reader, ingest, eu provider, euReader
    first = await outputs();
    expect(await authorizationStatus(home, first.readerId)).toBe(200);
    expect(await databaseTokenStatus(first.ingestId)).toBe(200);
    // Two providers in one program, each with its own configuration: euReader is on eu only.
    expect(await authorizationStatus(eu, first.euReaderId)).toBe(200);
    expect(await authorizationStatus(home, first.euReaderId)).toBe(404);
    expect(first.readerToken).toMatch(/\S{20,}/);
    expect(first.ingestToken).toMatch(/\S{20,}/);
  }, 120_000);

  it("a preview of the unchanged program expects no changes", async () => {
    await ok("preview", "--expect-no-changes");
  }, 60_000);

  it("the token values are secrets in state: ciphertext in the export, never the value", async () => {
    const plain = JSON.parse(await ok("stack", "output", "--json"));
    expect(plain.readerToken).toBe("[secret]");
    expect(plain.ingestToken).toBe("[secret]");
    const exported = await ok("stack", "export");
    const reader = (JSON.parse(exported).deployment.resources as StateResource[]).find((r) =>
      r.urn.endsWith("::reader"),
    );
    expect(reader?.outputs?.token).toMatchObject({ ciphertext: expect.any(String) });
    for (const value of [first.readerToken, first.ingestToken, home.token, eu.token, home.managementToken]) {
      expect(exported).not.toContain(value);
      expect(readTree(path.join(sandbox.stateDir, "backend"))).not.toContain(value);
    }
  }, 60_000);

  it("a bad input or an unknown provider setting fails at preview, naming it", async () => {
    await ok("config", "set", "readerAction", "destroy");
    const preview = await pulumi("preview");
    await ok("config", "set", "readerAction", "read");
    expect(preview.code).not.toBe(0);
    expect(preview.all).toContain("permissions[0].action");

    // A provider setting that does not exist (a typo) fails too, naming the key.
    await ok("config", "set", "influxdb-tokens:urll", home.url);
    const typo = await pulumi("preview");
    await ok("config", "rm", "influxdb-tokens:urll");
    expect(typo.code).not.toBe(0);
    expect(typo.all).toContain('"urll" is no influxdb-tokens setting');
  }, 60_000);

  it("a description change updates in place, and the preview says so", async () => {
    await ok("config", "set", "readerDescription", "ci reader v2");
    const preview = await ok("preview");
    expect(preview).toMatch(/reader\s+update\s+\[diff: ~description\]/);
    await ok("up", "--yes", "--skip-preview");
    const after = await outputs();
    expect(after.readerId).toBe(first.readerId);
    const server = (await (await v2(home, "GET", `/${first.readerId}`)).json()) as { description: string };
    expect(server.description).toBe("ci reader v2");
  }, 90_000);

  it("a permission change replaces, creating the new token first, and the preview names permissions", async () => {
    await ok("config", "set", "readerAction", "write");
    const preview = await ok("preview");
    expect(preview).toMatch(/reader\s+replace\s+\[diff: ~permissions\]/);
    const up = await ok("up", "--yes", "--skip-preview");
    const created = up.indexOf("created replacement");
    const deleted = up.indexOf("deleted original");
    expect(created).toBeGreaterThan(-1);
    expect(deleted).toBeGreaterThan(created);
    const after = await outputs();
    expect(after.readerId).not.toBe(first.readerId);
    expect(await authorizationStatus(home, first.readerId)).toBe(404);
    expect(await authorizationStatus(home, after.readerId)).toBe(200);
    expect(after.ingestId).toBe(first.ingestId);
    await ok("preview", "--expect-no-changes");
  }, 120_000);

  it("a rotation trigger change replaces, and the preview names rotationTrigger", async () => {
    await ok("config", "set", "rotation", "2");
    const preview = await pulumi("preview");
    await ok("config", "set", "rotation", "1");
    expect(preview.code).toBe(0);
    expect(preview.all).toMatch(/reader\s+replace\s+\[diff: ~rotationTrigger\]/);
  }, 60_000);

  it("refresh after an out-of-band delete drops it from the stack", async () => {
    const { readerId } = await outputs();
    expect((await v2(home, "DELETE", `/${readerId}`)).status).toBe(204);
    await ok("refresh", "--yes", "--skip-preview");
    const urns = (await resources()).map((r) => r.urn);
    expect(urns.some((urn) => urn.endsWith("::reader"))).toBe(false);
    expect(urns.some((urn) => urn.endsWith("::ingest"))).toBe(true);
  }, 90_000);

  it("pulumi import takes over an existing Authorization and DatabaseToken, and the matching program then previews without changes", async () => {
    const made = await v2(home, "POST", "", {
      orgID: home.seed.org.id,
      description: "ci reader v2",
      permissions: [{ action: "write", resource: { type: "buckets", orgID: home.seed.org.id } }],
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    // `pulumi import` protects what it imports unless told otherwise: destroy below must delete it.
    await ok(
      "import",
      "influxdb-tokens:index:Authorization",
      "reader",
      id,
      "--yes",
      "--generate-code=false",
      "--protect=false",
    );
    const reader = (await resources()).find((r) => r.urn.endsWith("::reader"));
    expect(reader?.id).toBe(id);
    // The API never returns the value again: unknown after an import (docs/plugin.md).
    expect(reader?.outputs?.tokenKnown).toBe(false);
    // The program's rotationTrigger is on no server: the first up records it, in state only.
    const preview = await ok("preview");
    expect(preview).toMatch(/reader\s+update\s+\[diff: \+rotationTrigger\]/);
    expect(preview).toMatch(/~ 1 to update/);
    await ok("up", "--yes", "--skip-preview");
    expect((await outputs()).readerId).toBe(id);
    await ok("preview", "--expect-no-changes");

    // A DatabaseToken by its ID: forget the stack's one, import it again.
    const ingest = (await resources()).find((r) => r.urn.endsWith("::ingest"))!;
    await ok("state", "delete", ingest.urn, "--yes");
    await ok(
      "import",
      "influxdb-tokens:index:DatabaseToken",
      "ingest",
      ingest.id!,
      "--yes",
      "--generate-code=false",
      "--protect=false",
    );
    const reimported = (await resources()).find((r) => r.urn.endsWith("::ingest"));
    expect(reimported?.id).toBe(ingest.id);
    expect(reimported?.outputs?.tokenKnown).toBe(false);
    await ok("preview", "--expect-no-changes");
  }, 90_000);

  it("destroy removes every token, on both servers", async () => {
    const { readerId, ingestId, euReaderId } = await outputs();
    await ok("destroy", "--yes", "--skip-preview");
    expect(await authorizationStatus(home, readerId)).toBe(404);
    expect(await databaseTokenStatus(ingestId)).toBe(404);
    expect(await authorizationStatus(eu, euReaderId)).toBe(404);
    rmSync(path.join(project, "Pulumi.dev.yaml"), { force: true });
  }, 90_000);
});
