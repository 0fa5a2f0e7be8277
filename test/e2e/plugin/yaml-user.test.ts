/**
 * `User` through the provider plugin, from a Pulumi YAML program: one `up` makes a user in an org
 * and a token for it (the token references the user's ID), an unchanged preview expects no
 * changes, `pulumi import` takes over a user made outside Pulumi by its ID, and `destroy` deletes
 * the token before its user.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { type PulumiSandbox, pulumiSandbox } from "../../support/pulumi";
import {
  type InstalledPlugin,
  installPlugin,
  runAsync,
  setupLanguages,
  type Toolchain,
  withPluginNode,
} from "./support";

const program = (pluginDir: string, withImported: boolean) => `name: plugin-yaml-user
runtime: yaml
plugins:
  providers:
    - name: influxdb-tokens
      path: ${pluginDir}
config:
  orgId:
    type: string
resources:
  svc:
    type: influxdb-tokens:index:User
    properties:
      name: telegraf-svc
      orgMemberships:
        - \${orgId}
  telegraf:
    type: influxdb-tokens:index:Authorization
    properties:
      orgId: \${orgId}
      userId: \${svc.id}
      description: telegraf writes
      permissions:
        - action: write
          resource:
            type: buckets
            orgId: \${orgId}
${
  withImported
    ? `  imported:
    type: influxdb-tokens:index:User
    properties:
      name: made-by-hand
`
    : ""
}outputs:
  userId: \${svc.id}
  tokenId: \${telegraf.id}
`;

describe("User through the provider plugin from a Pulumi YAML program", () => {
  let tools: Toolchain;
  let plugin: InstalledPlugin;
  let sandbox: PulumiSandbox;
  let server: Emulator;
  let project: string;

  const ok = async (...args: string[]) => {
    const result = await runAsync(
      path.join(tools.PULUMI_BIN, "pulumi"),
      [...args, "--non-interactive", "--cwd", project],
      { env: withPluginNode(sandbox.env) },
    );
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.all}`);
    return result.all;
  };
  const api = async (method: string, route: string, payload?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { authorization: `Token ${server.token}`, "content-type": "application/json" },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the answers of several routes, read by field
    const answer: any = response.status === 204 ? undefined : await response.json();
    return { status: response.status, body: answer };
  };
  const writeProgram = (withImported: boolean) =>
    writeFileSync(path.join(project, "Pulumi.yaml"), program(plugin.binDir, withImported));

  beforeAll(async () => {
    tools = setupLanguages();
    plugin = installPlugin("plugin-yaml-user");
    server = await startEmulator();
    sandbox = pulumiSandbox();
    project = path.join(plugin.dir, "project");
    mkdirSync(project);
    writeProgram(false);
    await ok("stack", "init", "dev");
    await ok(
      "config",
      "set-all",
      "--plaintext",
      `influxdb-tokens:url=${server.url}`,
      "--secret",
      `influxdb-tokens:token=${server.token}`,
      "--plaintext",
      `orgId=${server.seed.org.id}`,
    );
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    sandbox?.dispose();
    if (plugin) rmSync(plugin.dir, { recursive: true, force: true });
  });

  let userId: string;
  let tokenId: string;

  it("one up makes the user, its membership and a token that belongs to it", async () => {
    expect(await ok("up", "--yes", "--skip-preview")).toMatch(/\+ 3 created/); // stack, svc, telegraf
    ({ userId, tokenId } = JSON.parse(await ok("stack", "output", "--json")));
    const user = await api("GET", `/api/v2/users/${userId}`);
    expect(user.body).toMatchObject({ name: "telegraf-svc", status: "active" });
    const members = await api("GET", `/api/v2/orgs/${server.seed.org.id}/members`);
    expect(members.body.users.map((u: { id: string }) => u.id)).toContain(userId);
    const token = await api("GET", `/api/v2/authorizations/${tokenId}`);
    expect(token.body.userID).toBe(userId);
    await ok("preview", "--expect-no-changes");
  }, 120_000);

  it("pulumi import takes over a user made outside Pulumi, and the matching program previews without changes", async () => {
    const made = await api("POST", "/api/v2/users", { name: "made-by-hand", status: "active" });
    expect(made.status).toBe(201);
    writeProgram(true);
    await ok(
      "import",
      "influxdb-tokens:index:User",
      "imported",
      made.body.id,
      "--yes",
      "--generate-code=false",
      "--protect=false",
    );
    await ok("preview", "--expect-no-changes");
  }, 90_000);

  it("destroy deletes the token first, then both users", async () => {
    await ok("destroy", "--yes", "--skip-preview");
    expect((await api("GET", `/api/v2/authorizations/${tokenId}`)).status).toBe(404);
    expect((await api("GET", `/api/v2/users/${userId}`)).status).toBe(404);
    expect((await api("GET", "/api/v2/users?name=made-by-hand")).status).toBe(404);
  }, 90_000);
});
