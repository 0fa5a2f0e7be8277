import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { installPackedPackage } from "../../support/packed-package";

/**
 * The provider objects as a user gets them: from the `npm pack` tarball installed into a fresh
 * folder. They must survive Pulumi's closure serialization and the dynamic-provider host's
 * round trip, hold no credential, and stay small (issue 4).
 */
describe("serialized providers (from the packed tarball)", () => {
  let dir: string;
  let emulator: Emulator;
  let serialized: {
    authorizationProvider: { text: string; containsSecrets: boolean };
    databaseTokenProvider: { text: string; containsSecrets: boolean };
    resolvedFrom: string;
  };

  // Asynchronous on purpose: the emulator answers from this process's event loop.
  const run = (script: string, env: Record<string, string>, stdin = "") =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [script],
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
    serialized = JSON.parse(
      await run("serialize-providers.cjs", {
        INFLUX_HOST: emulator.url,
        INFLUX_TOKEN: emulator.token,
        INFLUX_MANAGEMENT_TOKEN: emulator.managementToken,
      }),
    );
  }, 300_000);

  afterAll(() => emulator?.close());

  it("are tiny, require the installed package by its public name, and hold no credential", () => {
    expect(serialized.resolvedFrom).toContain(
      path.join(dir, "node_modules", "pulumi-influxdb-tokens", "dist"),
    );
    for (const name of ["authorizationProvider", "databaseTokenProvider"] as const) {
      const { text, containsSecrets } = serialized[name];
      const bytes = Buffer.byteLength(text);
      console.log(`${name}: serialized provider is ${bytes} bytes`);
      expect(bytes).toBeLessThan(6_000);
      expect(containsSecrets).toBe(false);
      expect(text).toContain('require("pulumi-influxdb-tokens/provider")');
      for (const secret of [emulator.token, emulator.managementToken, emulator.url])
        expect(text).not.toContain(secret);
      // Nothing of zod, undici or the hook code is copied by value.
      expect(text).not.toMatch(/zod|undici|Agent|safeParse|fetch/);
    }
  });

  it("work after the dynamic-provider host's round trip, reading credentials at call time", async () => {
    const result = JSON.parse(
      await run(
        "host-eval.cjs",
        {},
        JSON.stringify({
          authorizationProvider: serialized.authorizationProvider.text,
          databaseTokenProvider: serialized.databaseTokenProvider.text,
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
  });
});
