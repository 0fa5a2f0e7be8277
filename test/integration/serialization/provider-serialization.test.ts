import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { installPackedPackage } from "../../support/packed-package";
import { repoRoot } from "../../support/pulumi";

/**
 * The provider objects as a user gets them: from the `npm pack` tarball installed into a fresh
 * folder. They must survive Pulumi's closure serialization and the dynamic-provider host's
 * round trip, hold no credential, and take at most 1 KB per resource (each is
 * the exports of its own module, serialized as one `require` of it).
 */

/** Every provider object the SDK classes hand to Pulumi, and the module that exports it. */
const PROVIDERS = {
  authorizationProvider: "authorization",
  databaseTokenProvider: "database-token",
  operatorTokenProvider: "operator-token",
  adminTokenProvider: "admin-token",
  resourceTokenProvider: "resource-token",
  authorizationReadProvider: "authorization-read",
  databaseTokenReadProvider: "database-token-read",
} as const;
type Serialized = {
  providers: Record<
    keyof typeof PROVIDERS | "legacyAuthorizationProvider" | "provider010",
    { text: string; containsSecrets: boolean; requires: Record<string, string> }
  >;
  resolvedFrom: string;
  serializerFindsPackageJson: boolean;
};
describe("serialized providers (from the packed tarball)", () => {
  let dir: string;
  let emulator: Emulator;
  let serialized: Serialized;

  // Asynchronous on purpose: the emulator answers from this process's event loop.
  const run = (script: string, env: Record<string, string>, stdin = "", nodeArgs: string[] = []) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [...nodeArgs, script],
        {
          cwd: dir,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
          timeout: 120_000,
          maxBuffer: 10_000_000,
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${script} failed: ${stderr}`)) : resolve(stdout),
      );
      child.stdin?.end(stdin);
    });

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = installPackedPackage("serialization");
    for (const script of ["serialize-providers.cjs", "host-eval.cjs"]) {
      copyFileSync(path.join(__dirname, script), path.join(dir, script));
    }
    serialized = JSON.parse(await run("serialize-providers.cjs", credentials()));
  }, 300_000);

  const credentials = () => ({
    INFLUX_HOST: emulator.url,
    INFLUX_TOKEN: emulator.token,
    INFLUX_MANAGEMENT_TOKEN: emulator.managementToken,
  });

  afterAll(() => emulator?.close());

  it("are each one require of their module, <= 1 KB per resource, resolvable from the program folder, with no credential", () => {
    expect(serialized.resolvedFrom).toContain(
      path.join(dir, "node_modules", "pulumi-influxdb-tokens", "dist"),
    );
    for (const [name, file] of Object.entries(PROVIDERS) as [keyof typeof PROVIDERS, string][]) {
      const { text, containsSecrets, requires } = serialized.providers[name];
      const bytes = Buffer.byteLength(text);
      console.log(`${name}: serialized provider is ${bytes} bytes`);
      expect(bytes).toBeLessThanOrEqual(1024);
      expect(containsSecrets).toBe(false);
      // The subpath the serializer computed from the installed file; package.json `exports`
      // allows it, so the host (cwd: the program folder) loads the installed module.
      const id = `pulumi-influxdb-tokens/dist/provider/serialized/${file}.js`;
      expect(requires).toEqual({
        [id]: path.join(
          dir,
          "node_modules",
          "pulumi-influxdb-tokens",
          "dist",
          "provider",
          "serialized",
          `${file}.js`,
        ),
      });
      for (const secret of [emulator.token, emulator.managementToken, emulator.url])
        expect(text).not.toContain(secret);
      // Nothing of zod, undici or the hook code is copied by value.
      expect(text).not.toMatch(/zod|undici|Agent|safeParse|fetch|hooks/);
    }
    // The form stored before the providers became module references: each method serialized on its own, > 2 KB.
    const legacy = serialized.providers.legacyAuthorizationProvider;
    expect(Buffer.byteLength(legacy.text)).toBeGreaterThan(2_000);
    expect(Object.keys(legacy.requires)).toEqual(["pulumi-influxdb-tokens/registry"]);
    // The form 0.1.0 stored: each method requires the package's provider subpath.
    expect(Object.keys(serialized.providers.provider010.requires)).toEqual([
      "pulumi-influxdb-tokens/provider",
    ]);
  });

  it("serialize to the same text when the serializer finds the package's package.json (a user's npm install)", async () => {
    // In this folder @pulumi/* are symlinks into the repository, so the serializer (looking from
    // its real path) normally finds no package.json of ours and writes the file's path as is
    // (a copy the demo installed into the repository's node_modules would be found instead; a
    // stale one without the `exports` subpath makes serialization fail). With
    // --preserve-symlinks it finds the installed one, as in a user's node_modules, and maps the
    // file through `exports`: the text must not differ.
    console.log(
      `serializer found our package.json from its real path: ${serialized.serializerFindsPackageJson}`,
    );
    const asInstalled: Serialized = JSON.parse(
      await run(
        "serialize-providers.cjs",
        { ...credentials(), NODE_PATH: path.join(repoRoot, "node_modules") },
        "",
        ["--preserve-symlinks"],
      ),
    );
    expect(asInstalled.serializerFindsPackageJson).toBe(true);
    for (const name of Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[]) {
      expect(asInstalled.providers[name].text).toBe(serialized.providers[name].text);
    }
  });

  it("work after the dynamic-provider host's round trip, reading credentials at call time", async () => {
    const result = JSON.parse(
      await run(
        "host-eval.cjs",
        {},
        JSON.stringify({
          providers: Object.fromEntries(
            Object.entries(serialized.providers).map(([name, { text }]) => [name, text]),
          ),
          // What the engine's Configure call hands the host: the stack config, secrets unwrapped.
          rawConfig: {
            "influxdb:url": emulator.url,
            "influxdb:token": emulator.token,
            "influxdb:org": emulator.seed.org.name,
            "influxdb:managementUrl": emulator.url,
            "influxdb:managementToken": emulator.managementToken,
          },
        }),
      ),
    );
    expect(result.loadedFrom).toContain(dir);
    expect(result.readOfAbsent).toEqual({});
    expect(result.zodLoadedBeforeValidation).toBe(false);
    expect(result.zodLoadedByValidation).toBe(true);
    for (const name of [...Object.keys(PROVIDERS), "legacyAuthorizationProvider", "provider010"]) {
      expect(result.methods[name]).toEqual([
        "check",
        "configure",
        "create",
        "delete",
        "diff",
        "read",
        "update",
      ]);
    }
    expect(result.authCheck.failures).toBeUndefined();
    expect(result.authCreated.outs.grantedPermissions).toEqual([
      {
        action: "write",
        resource: { type: "buckets", id: emulator.seed.buckets.telemetry, name: "telemetry" },
      },
    ]);
    expect(result.authRead.props.token).toBe(result.authCreated.outs.token);
    expect(result.authDiff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(result.authReadAfterDelete).toEqual({});
    expect(result.dbCheck.failures).toBeUndefined();
    expect(result.dbCreated.outs.accessToken.length).toBeGreaterThanOrEqual(64);
    expect(result.dbReadAfterDelete).toEqual({});
    // The form stored before the providers became module references: still works, the same way.
    expect(result.legacy.authCheck.failures).toBeUndefined();
    expect(result.legacy.authCreated.outs.grantedPermissions).toEqual(
      result.authCreated.outs.grantedPermissions,
    );
    expect(result.legacy.authDiff).toEqual(result.authDiff);
    expect(result.legacy.authReadAfterDelete).toEqual({});
    // And the form 0.1.0 stored, through provider/index.ts's `hooks`.
    expect(result.provider010.authCheck.failures).toBeUndefined();
    expect(result.provider010.authCreated.outs.grantedPermissions).toEqual(
      result.authCreated.outs.grantedPermissions,
    );
    expect(result.provider010.authDiff).toEqual(result.authDiff);
    expect(result.provider010.authReadAfterDelete).toEqual({});
    expect(result.authGetUnknown).toContain("Authorization.get: no authorization with ID 0fffffffffffffff");
    expect(result.dbGetUnknown).toContain("DatabaseToken.get: no usable database token");
    for (const name of ["operatorTokenProvider", "adminTokenProvider", "resourceTokenProvider"]) {
      expect(result.influxdb3Check[name].failures?.length, name).toBeGreaterThan(0);
    }
  });
});
