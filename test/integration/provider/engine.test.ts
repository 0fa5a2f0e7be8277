/**
 * Both resources through the real Pulumi engine (CLI built by scripts/setup-pulumi.sh, file
 * backend, Automation API inline program), with the package installed from its tarball so the
 * dynamic-provider host loads the published files. Proves what mocks and direct hook calls
 * cannot (DESIGN.md): stack config reaches configure(), outputs are registered and secret, a
 * second preview shows no change, description updates in place, permissions replace,
 * refresh keeps the token, and the state file holds no credential or token in plain text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { emulatorStackConfig } from "../../support/emulator";
import type { PulumiSandbox } from "../../support/pulumi";
import { createTokenStack, disposeInstalledPackage, type TokenStack } from "../../support/token-stack";

function stateFile(dir: string): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
    );
  const file = walk(dir).find((f) => f.endsWith(`${path.sep}dev.json`));
  if (file === undefined) throw new Error(`no stack state under ${dir}`);
  return readFileSync(file, "utf8");
}

describe("Authorization and DatabaseToken through the Pulumi engine", () => {
  let sandbox: PulumiSandbox;
  let emulator: Emulator;
  let t: TokenStack;
  let stack: Stack;
  // The program reads these, so each step can change the desired state.
  const desired = { description: "telegraf writes telemetry", bucket: "telemetry" };

  beforeAll(async () => {
    emulator = await startEmulator();
    t = await createTokenStack(
      "engine-roundtrip",
      (sdk) => {
        const telegraf = new sdk.Authorization("telegraf", {
          description: desired.description,
          permissions: [{ action: "write", resource: { type: "buckets", name: desired.bucket } }],
        });
        const grafana = new sdk.DatabaseToken("grafana", {
          description: "grafana reads sensors",
          permissions: [{ action: "read", resource: "sensors" }],
          expiresAt: "2099-01-01T00:00:00Z",
        });
        // Its bucket ID is unknown until grafana exists: preview must accept the unknown value.
        const reader = new sdk.Authorization("reader", {
          description: grafana.id.apply((id) => `reads logs, created after ${id}`),
          permissions: [
            {
              action: "read",
              resource: { type: "buckets", id: grafana.id.apply(() => emulator.seed.buckets.logs!) },
            },
          ],
        });
        return {
          readerGranted: reader.grantedPermissions,
          authorizationId: telegraf.id,
          token: telegraf.token,
          granted: telegraf.grantedPermissions,
          databaseTokenId: grafana.id,
          accessToken: grafana.accessToken,
        };
      },
      emulatorStackConfig(emulator),
    );
    stack = t.stack;
    sandbox = t.sandbox;
  }, 600_000);

  afterAll(async () => {
    t?.dispose();
    await emulator?.close();
    disposeInstalledPackage();
  });

  it("previews a new stack whose inputs are unknown until apply", async () => {
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ create: 4 });
  });

  it("creates the tokens from stack config, with secret outputs", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(4);
    expect(up.outputs.readerGranted?.value).toEqual([
      { action: "read", resource: { type: "buckets", id: emulator.seed.buckets.logs, name: "logs" } },
    ]);
    expect(up.outputs.token?.secret).toBe(true);
    expect(up.outputs.accessToken?.secret).toBe(true);
    expect(up.outputs.granted?.value).toEqual([
      {
        action: "write",
        resource: { type: "buckets", id: emulator.seed.buckets.telemetry, name: "telemetry" },
      },
    ]);
    expect(emulator.state().counts.authorizations).toBe(3); // the operator's and ours
  });

  it("previews no change when nothing changed, and refresh keeps the token values", async () => {
    const before = await stack.outputs();
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
    expect((await stack.refresh()).summary.result).toBe("succeeded");
    const after = await stack.outputs();
    expect(after.token?.value).toBe(before.token?.value);
    expect(after.accessToken?.value).toBe(before.accessToken?.value);
  });

  it("keeps credentials and token values out of the state file in plain text", async () => {
    const outputs = await stack.outputs();
    const state = stateFile(sandbox.stateDir);
    for (const secret of [
      emulator.token,
      emulator.managementToken,
      outputs.token?.value,
      outputs.accessToken?.value,
    ]) {
      expect(typeof secret).toBe("string");
      expect(state).not.toContain(secret as string);
    }
  });

  it("updates the description in place and replaces on a permission change", async () => {
    const first = await stack.outputs();
    desired.description = "telegraf, renamed";
    const update = await stack.up();
    expect(update.summary.resourceChanges).toMatchObject({ update: 1, same: 3 });
    expect((await stack.outputs()).authorizationId?.value).toBe(first.authorizationId?.value);

    desired.bucket = "logs";
    const replace = await stack.up();
    expect(replace.summary.resourceChanges).toMatchObject({ replace: 1, same: 3 });
    const second = await stack.outputs();
    expect(second.authorizationId?.value).not.toBe(first.authorizationId?.value);
    expect(second.token?.value).not.toBe(first.token?.value);
    expect(emulator.state().authorizations.map((a) => a.id)).not.toContain(first.authorizationId?.value);
  });

  it("drops a token deleted out of band on refresh, and destroy removes the rest", async () => {
    const outputs = await stack.outputs();
    const response = await fetch(`${emulator.url}/api/v2/authorizations/${outputs.authorizationId?.value}`, {
      method: "DELETE",
      headers: { authorization: `Token ${emulator.token}` },
    });
    expect(response.status).toBe(204);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(emulator.state().counts).toMatchObject({ authorizations: 1, activeDatabaseTokens: 0 });
  });
});
