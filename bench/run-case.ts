/**
 * Runs the five steps for one resource kind and size, our stack and the baseline stack taking
 * turns step by step (so a change in machine load hits both alike), and records wall time,
 * emulator requests, peak RSS and state size.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  type ConfigMap,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type Stack,
} from "@pulumi/pulumi/automation";
import type { Emulator } from "../emulator";
import { emulatorStackConfig } from "../test/support/emulator";
import { type Phase, type PluginSdk, program, type Sdk } from "./programs";
import { countRequests } from "./requests";
import { mergeRound } from "./rounds";
import { RssSampler } from "./rss-sampler";
import { type Kind, STEPS, type StackRun, type Step, type StepMeasure, type Variant } from "./types";

export interface CaseContext {
  emulator: Emulator;
  sdk: Sdk;
  /** Automation API options for the program folder (the installed tarball). */
  workspace: () => Promise<LocalWorkspaceOptions>;
  /** Record CPU profiles of the dynamic-provider hosts under <profileDir>/<kind>-<n>-<variant>/. */
  profileDir?: string;
  /** Rounds of every step; each step's seconds are the median of its rounds (default 1). */
  repeat?: number;
  progress: (line: string) => void;
  /**
   * Also run the plugin variant: the generated Node SDK, and the folder holding the plugin's
   * executable plus the Node it needs, put first on the engine's PATH (inline programs have no
   * `plugins.providers`).
   */
  plugin?: { sdk: PluginSdk; path: string[] };
}

/** The dynamic providers' stack config (`influxdb:<key>`) as the plugin's (`influxdb-tokens:<key>`). Pure. */
export function pluginStackConfig(config: ConfigMap): ConfigMap {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.replace(/^influxdb:/, "influxdb-tokens:"), value]),
  );
}

interface Measured {
  variant: Variant;
  stack: Stack;
  phase: Phase;
  steps: Partial<Record<Step, StepMeasure>>;
}

type Summary = Record<string, number | undefined>;

/** A note when the engine did something else than the step means to measure (reported, not fatal). */
function expectChanges(got: Summary | undefined, want: Summary): string | undefined {
  const wrong = Object.entries(want).filter(([op, count]) => (got?.[op] ?? 0) !== count);
  return wrong.length === 0
    ? undefined
    : `expected ${JSON.stringify(want)}, the engine reported ${JSON.stringify(got ?? {})}`;
}

async function runStep(step: Step, m: Measured, n: number): Promise<string | undefined> {
  const tenth = Math.round(n / 10);
  switch (step) {
    case "up":
      m.phase = "initial";
      return expectChanges((await m.stack.up()).summary.resourceChanges, { create: n + 1 });
    case "preview":
      return expectChanges((await m.stack.preview()).changeSummary, { same: n + 1, update: 0, replace: 0 });
    case "refresh":
      return expectChanges((await m.stack.refresh()).summary.resourceChanges, { same: n + 1 });
    case "change":
      m.phase = "changed";
      return expectChanges((await m.stack.up()).summary.resourceChanges, { replace: tenth, update: tenth });
    case "destroy":
      return expectChanges((await m.stack.destroy()).summary.resourceChanges, { delete: n + 1 });
  }
}

/** `__provider` bytes and whole-state bytes per resource, from the exported deployment. */
async function stateSize(stack: Stack, n: number): Promise<{ provider: number; state: number }> {
  const exported = await stack.exportStack();
  const resources: { type: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> }[] =
    exported.deployment.resources ?? [];
  const serialized = resources
    .map((r) => r.outputs?.__provider ?? r.inputs?.__provider)
    .filter((p): p is string => typeof p === "string");
  const providerBytes = serialized.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
  return {
    provider: serialized.length === 0 ? 0 : Math.round(providerBytes / serialized.length),
    state: Math.round(Buffer.byteLength(JSON.stringify(exported)) / n),
  };
}

export async function runCase(kind: Kind, n: number, ctx: CaseContext): Promise<StackRun[]> {
  const measured: Measured[] = [];
  const variants: Variant[] = ctx.plugin ? ["ours", "baseline", "plugin"] : ["ours", "baseline"];
  for (const variant of variants) {
    const options = await ctx.workspace();
    if (variant === "plugin" && ctx.plugin) {
      const env = options.envVars ?? {};
      options.envVars = {
        ...env,
        PATH: [...ctx.plugin.path, env.PATH ?? process.env.PATH].join(path.delimiter),
      };
    }
    if (ctx.profileDir) {
      const dir = path.join(ctx.profileDir, `${kind}-${n}-${variant}`);
      mkdirSync(dir, { recursive: true });
      // bench/cpu-profile-hook.js writes the profile when the engine stops the host.
      options.envVars = {
        ...options.envVars,
        NODE_OPTIONS: `--require ${path.join(__dirname, "cpu-profile-hook.js")}`,
        BENCH_CPU_PROFILE_DIR: dir,
      };
    }
    const m: Measured = { variant, phase: "initial", steps: {}, stack: undefined as unknown as Stack };
    m.stack = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "bench",
        stackName: `${kind.toLowerCase()}-${n}-${variant}`,
        program: async () => program(kind, variant, n, ctx.sdk, () => m.phase, ctx.plugin?.sdk)(),
      },
      options,
    );
    if (variant === "ours") {
      await m.stack.setAllConfig(emulatorStackConfig(ctx.emulator));
    } else if (variant === "plugin") {
      await m.stack.setAllConfig(pluginStackConfig(emulatorStackConfig(ctx.emulator)));
    }
    measured.push(m);
  }

  const sizes: Record<string, { provider: number; state: number }> = {};
  const rounds = ctx.repeat ?? 1;
  // A round ends with destroy, so the next one starts from an empty stack again.
  for (let round = 1; round <= rounds; round++) {
    for (const step of STEPS) {
      for (const m of measured) {
        ctx.emulator.clearRequestLog();
        const sampler = new RssSampler();
        sampler.start();
        const start = performance.now();
        let note: string | undefined;
        try {
          note = await runStep(step, m, n);
        } finally {
          sampler.stop();
        }
        const peak = sampler.peakRss();
        const seconds = (performance.now() - start) / 1000;
        const requests = countRequests(ctx.emulator.requestLog());
        m.steps[step] = mergeRound(m.steps[step], {
          seconds,
          requests,
          ...(peak.providerMb === undefined ? {} : { providerPeakRssMb: peak.providerMb }),
          ...(peak.programMb === undefined ? {} : { programPeakRssMb: peak.programMb }),
          ...(peak.engineMb === undefined ? {} : { enginePeakRssMb: peak.engineMb }),
          ...(note === undefined ? {} : { note }),
        });
        const total = Object.values(requests).reduce((a, b) => a + b, 0);
        ctx.progress(
          `${kind} N=${n} ${m.variant.padEnd(8)} ${step.padEnd(7)} ${seconds.toFixed(2).padStart(7)} s, ` +
            `${total} requests, provider RSS ${peak.providerMb?.toFixed(0) ?? "n/a"} MB` +
            (rounds > 1 ? ` (round ${round}/${rounds})` : ""),
        );
        if (note) ctx.progress(`  WARNING: ${note}`);
        if (step === "up" && round === 1) sizes[m.variant] = await stateSize(m.stack, n);
      }
    }
  }
  for (const m of measured) await m.stack.workspace.removeStack(m.stack.name);

  return measured.map((m) => ({
    kind,
    n,
    variant: m.variant,
    steps: m.steps as Record<Step, StepMeasure>,
    providerBytesPerResource: sizes[m.variant]?.provider ?? 0,
    stateBytesPerResource: sizes[m.variant]?.state ?? 0,
  }));
}
