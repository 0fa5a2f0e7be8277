/**
 * Soak of the guarantees in docs/guarantees.md (npm run bench:soak -- --tokens 200 --seed 7): one `pulumi up`
 * through the real engine of N tokens (half Authorizations, half DatabaseTokens) against the
 * emulator while requests get 429/503, latency varies and POSTs are reset after the server
 * processed them; then a preview (must be all "same") and a destroy. Prints the figures: faults
 * injected, tokens expected, tokens found in the emulator and in state, leftovers after destroy.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { isMarkerDescription } from "../provider/lifecycle/create";
import { emulatorStackConfig } from "../test/support/emulator";
import { pulumiSandbox, repoRoot } from "../test/support/pulumi";
import { installPackedPackage } from "./install-package";

type Sdk = typeof import("../sdk");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

async function main(): Promise<void> {
  const total = Math.max(2, Math.floor(arg("tokens", 100) / 2) * 2);
  const seed = arg("seed", 7);
  const rate = arg("fault-rate", 0.3);
  const resetAfter = arg("reset-after", 0.1);
  const emulator = await startEmulator({ seed });
  const sandbox = pulumiSandbox();
  const dir = installPackedPackage("soak");
  const sdk: Sdk = require(path.join(dir, "node_modules", "pulumi-influxdb-tokens"));
  // For inline programs the engine starts the dynamic-provider host in this process's cwd: make
  // it the program folder, so the host loads the installed tarball (not the repository's dist/).
  process.chdir(dir);
  const program = async () => {
    for (let i = 0; i < total / 2; i++) {
      new sdk.Authorization(`auth-${i}`, {
        description: `soak auth ${i}`,
        permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
      });
      new sdk.DatabaseToken(`db-${i}`, {
        description: `soak db ${i}`,
        permissions: [{ action: "read", resource: "sensors" }],
      });
    }
    return {};
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "soak", stackName: "dev", program },
    await sandbox.workspace(dir),
  );
  await stack.setAllConfig(emulatorStackConfig(emulator, { "influxdb:retryMaxAttempts": "12" }));
  try {
    emulator.setFaults({
      rate429: rate / 2,
      rate503: rate / 2,
      resetAfterRate: resetAfter,
      retryAfterSeconds: 0,
      latencyMs: [0, 50],
    });
    const started = Date.now();
    const up = await stack.up({ parallel: 16 });
    const seconds = (Date.now() - started) / 1000;
    const log = emulator.requestLog();
    const faults = {
      "429": log.filter((e) => e.fault === "429").length,
      "503": log.filter((e) => e.fault === "503").length,
      "reset-after": log.filter((e) => e.fault === "reset-after").length,
    };
    emulator.setFaults({});
    const state = emulator.state();
    const inEmulator =
      state.authorizations.filter(
        (a) => a.description.startsWith("soak ") || isMarkerDescription(a.description),
      ).length + state.databaseTokens.filter((d) => d.revokedAt === undefined).length;
    const exported = execFileSync("pulumi", ["stack", "export", "--stack", "dev", "--cwd", dir], {
      env: sandbox.env,
      encoding: "utf8",
      maxBuffer: 1 << 30, // about 5 kB of state per token
    });
    const resources = JSON.parse(exported).deployment.resources as Array<{ type: string }>;
    const inState = resources.filter((r) => !r.type.startsWith("pulumi:")).length;
    const preview = await stack.preview();
    await stack.destroy();
    const after = emulator.state();
    const left =
      after.authorizations.filter(
        (a) => a.description.startsWith("soak ") || isMarkerDescription(a.description),
      ).length + after.databaseTokens.filter((d) => d.revokedAt === undefined).length;
    // Lost answers whose token was found and deleted: DELETEs that deleted (not the refused ones).
    const cleanedUp = log.filter((e) => e.method === "DELETE" && e.status === 204).length;
    const figures = {
      tokensExpected: total,
      upResult: up.summary.result,
      upSeconds: seconds,
      requests: log.length,
      faultsInjected: faults,
      tokensInEmulator: inEmulator,
      tokensInState: inState,
      unknownOutcomeTokensDeleted: cleanedUp,
      previewAfterUp: preview.changeSummary,
      tokensLeftAfterDestroy: left,
      seed,
    };
    console.log(JSON.stringify(figures, null, 2));
    const ok = inEmulator === total && inState === total && left === 0;
    console.log(ok ? "soak: OK" : "soak: FAILED");
    process.exitCode = ok ? 0 : 1;
  } finally {
    sandbox.dispose();
    await emulator.close();
    process.chdir(repoRoot);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
