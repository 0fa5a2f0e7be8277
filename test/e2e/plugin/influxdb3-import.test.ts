/**
 * `pulumi import` of the three InfluxDB 3 Core/Enterprise resources through the provider plugin,
 * by name, against the InfluxDB 3 emulator, from a Pulumi YAML program: the plugin bootstraps
 * the operator token and makes a named admin token and a resource token; the stack then forgets
 * all three (`pulumi state delete`), imports them again (`_admin`, `ci-admin`, `ci-reader`): the
 * named tokens then preview without changes, and the operator token, whose value no import can
 * know, is planned for regeneration (docs/plugin.md); destroy deletes the named tokens.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../../emulator/influxdb3";
import { type PulumiSandbox, pulumiSandbox } from "../../support/pulumi";
import {
  GENERATED_SCHEMA,
  type InstalledPlugin,
  installPlugin,
  runAsync,
  setupLanguages,
  type Toolchain,
  withPluginNode,
} from "./support";

const program = (pluginDir: string, full: boolean) => `name: plugin-influxdb3
runtime: yaml
plugins:
  providers:
    - name: influxdb-tokens
      path: ${pluginDir}
resources:
  operator:
    type: influxdb-tokens:index:OperatorToken
${
  full
    ? `  admin:
    type: influxdb-tokens:index:AdminToken
    properties:
      name: ci-admin
  reader:
    type: influxdb-tokens:index:ResourceToken
    properties:
      name: ci-reader
      permissions:
        - resourceType: db
          resourceNames: [sensors]
          actions: [read]
`
    : ""
}outputs:
  operatorToken: \${operator.token}
`;

type StateResource = { urn: string; type: string; id?: string; outputs?: Record<string, unknown> };

// The ResourceToken's permissions need the generated schema's types (the hand-made one has none).
describe.skipIf(!existsSync(GENERATED_SCHEMA))(
  "pulumi import of InfluxDB 3 tokens through the plugin",
  () => {
    let tools: Toolchain;
    let plugin: InstalledPlugin;
    let sandbox: PulumiSandbox;
    let server: Influxdb3Emulator;
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
    const resources = async (): Promise<StateResource[]> =>
      JSON.parse(await ok("stack", "export")).deployment.resources ?? [];

    beforeAll(async () => {
      tools = setupLanguages();
      plugin = installPlugin("plugin-influxdb3");
      server = await startInfluxdb3Emulator({ edition: "enterprise", databases: ["sensors"] });
      sandbox = pulumiSandbox();
      project = path.join(plugin.dir, "project");
      mkdirSync(project);
      writeFileSync(path.join(project, "Pulumi.yaml"), program(plugin.binDir, false));
      await ok("stack", "init", "dev");
      await ok("config", "set", "influxdb-tokens:influxdb3Url", server.url);
    }, 240_000);

    afterAll(async () => {
      await server?.close();
      sandbox?.dispose();
      if (plugin) rmSync(plugin.dir, { recursive: true, force: true });
    });

    it("imports the operator token, a named admin token and a resource token by name; only the operator token then changes", async () => {
      // The bootstrap needs no credential; the other two use the operator token it made.
      await ok("up", "--yes", "--skip-preview");
      const operatorToken = JSON.parse(
        await ok("stack", "output", "operatorToken", "--show-secrets", "--json"),
      );
      await ok("config", "set", "--secret", "influxdb-tokens:influxdb3Token", operatorToken);
      writeFileSync(path.join(project, "Pulumi.yaml"), program(plugin.binDir, true));
      await ok("up", "--yes", "--skip-preview");
      await ok("preview", "--expect-no-changes");

      const before = (await resources()).filter((r) => r.type.startsWith("influxdb-tokens:index:"));
      expect(before.map((r) => r.id).sort()).toEqual(["_admin", "ci-admin", "ci-reader"]);
      for (const resource of before) await ok("state", "delete", resource.urn, "--yes");

      for (const [type, name, id] of [
        ["OperatorToken", "operator", "_admin"],
        ["AdminToken", "admin", "ci-admin"],
        ["ResourceToken", "reader", "ci-reader"],
      ] as const) {
        await ok(
          "import",
          `influxdb-tokens:index:${type}`,
          name,
          id,
          "--yes",
          "--generate-code=false",
          "--protect=false",
        );
      }
      const after = (await resources()).filter((r) => r.type.startsWith("influxdb-tokens:index:"));
      expect(after.map((r) => r.id).sort()).toEqual(["_admin", "ci-admin", "ci-reader"]);
      // The named tokens diff clean. The operator token's value is unknown after the import, so
      // the plan is to regenerate it (with the configured credential): the only way to a known value.
      const preview = await ok("preview");
      expect(preview).toMatch(/operator\s+update/);
      expect(preview).toMatch(/~ 1 to update/);
      expect(preview).toMatch(/3 unchanged/); // the stack, admin, reader
      expect(preview).not.toMatch(/(admin|reader)\s+(update|replace)/);
    }, 150_000);

    it("destroy deletes the imported admin and resource tokens", async () => {
      const destroy = await ok("destroy", "--yes", "--skip-preview");
      expect(destroy).toMatch(/deleted/);
      expect(await resources()).toEqual([]);
      // `_admin` cannot be deleted (the hook forgets it); the named tokens are gone from the server.
      expect(server.state().tokens.map((t) => t.name)).toEqual(["_admin"]);
    }, 90_000);
  },
);
