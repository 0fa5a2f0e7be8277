/**
 * `npm run bench:outputs`: where the rest of a refresh (and a no-change preview) goes. Three
 * stacks of N Authorizations: ours, the do-nothing baseline whose outputs are its inputs (the
 * headline of `npm run bench`), and the same do-nothing provider returning outputs shaped like an
 * Authorization's (bench/baseline-provider.ts). Each step runs --repeat times per stack, the
 * stacks taking turns; medians are printed. When ours is close to the shaped baseline, the
 * difference to the headline baseline is the engine carrying richer outputs, not our provider.
 * Usage: npm run bench:outputs -- [--n 500] [--repeat 5]
 */
import path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { emulatorStackConfig } from "../test/support/emulator";
import { pulumiSandbox } from "../test/support/pulumi";
import { BaselineToken, ShapedBaselineToken } from "./baseline-provider";
import { installPackedPackage } from "./install-package";
import type { Sdk } from "./programs";
import { median } from "./rounds";

const VARIANTS = ["ours", "baseline", "shaped baseline"] as const;
type Variant = (typeof VARIANTS)[number];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const n = option("--n", 500);
  const repeat = option("--repeat", 5);
  const log = (line: string) => process.stderr.write(`[outputs] ${line}\n`);
  const sandbox = pulumiSandbox();
  const dir = installPackedPackage("outputs");
  const emulator = await startEmulator({ seed: 1 });
  const sdk: Sdk = require(path.join(dir, "node_modules", "pulumi-influxdb-tokens"));
  process.chdir(dir); // the dynamic-provider host loads the installed package (see bench/index.ts)

  const stacks = new Map<Variant, Stack>();
  try {
    for (const variant of VARIANTS) {
      const stack = await LocalWorkspace.createOrSelectStack(
        {
          projectName: "bench-outputs",
          stackName: variant.replace(" ", "-"),
          program: async () => {
            for (let i = 0; i < n; i++) {
              const args = {
                description: `bench token ${i}`,
                status: "active" as const,
                permissions: [
                  { action: "write" as const, resource: { type: "buckets" as const, name: "telemetry" } },
                ],
              };
              if (variant === "ours") new sdk.Authorization(`t${i}`, args);
              else if (variant === "baseline") new BaselineToken(`t${i}`, args);
              else new ShapedBaselineToken(`t${i}`, args);
            }
          },
        },
        await sandbox.workspace(dir),
      );
      if (variant === "ours") await stack.setAllConfig(emulatorStackConfig(emulator));
      log(`${variant}: up of ${n}...`);
      await stack.up();
      stacks.set(variant, stack);
    }

    const steps = {
      refresh: (stack: Stack) => stack.refresh(),
      preview: (stack: Stack) => stack.preview(),
    };
    for (const [step, run] of Object.entries(steps)) {
      const seconds = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
      for (let k = 0; k < repeat; k++) {
        for (const variant of VARIANTS) {
          const start = performance.now();
          await run(stacks.get(variant)!);
          seconds.get(variant)!.push((performance.now() - start) / 1000);
        }
      }
      const m = (v: Variant) => median(seconds.get(v)!);
      log(
        `${step}: ${VARIANTS.map(
          (v) =>
            `${v} ${seconds
              .get(v)!
              .map((s) => s.toFixed(2))
              .join(" ")}`,
        ).join(" | ")}`,
      );
      console.log(
        `${step} N=${n}, median of ${repeat}: ours ${m("ours").toFixed(2)} s, baseline ${m("baseline").toFixed(2)} s, ` +
          `shaped baseline ${m("shaped baseline").toFixed(2)} s; ours/baseline ${(m("ours") / m("baseline")).toFixed(2)}, ` +
          `ours/shaped ${(m("ours") / m("shaped baseline")).toFixed(2)}, shaped/baseline ${(m("shaped baseline") / m("baseline")).toFixed(2)}`,
      );
    }
  } finally {
    for (const stack of stacks.values()) await stack.destroy();
    await emulator.close();
    sandbox.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
