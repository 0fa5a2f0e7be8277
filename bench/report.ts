/**
 * The numbers the benchmark's targets judge, computed from the measured runs: ours / baseline per step, growth
 * from the smallest to the largest size against the engine's own growth, requests per resource,
 * `__provider` bytes and peak RSS, each with its target; and the Markdown tables printed and put
 * in README.md "Performance". Pure functions of the runs, so they are unit-tested.
 */
import { judgeRequests, type RequestClasses, readRequests } from "./requests";
import { type Kind, STEP_LABELS, STEPS, type StackRun, type Step } from "./types";

export const RATIO_TARGET = 1.1;
export const GROWTH_TARGET = 1.1;
export const PROVIDER_BYTES_TARGET = 1024;
export const PROVIDER_RSS_TARGET_MB = 200;
/** Steps the ratio target applies to; `change` is reported without one. */
const RATIO_STEPS: readonly Step[] = ["up", "preview", "refresh", "destroy"];

export interface RatioRow {
  kind: Kind;
  n: number;
  step: Step;
  ours: number;
  baseline: number;
  ratio: number;
  /** undefined: no target for this step. */
  ok?: boolean;
}

export interface GrowthRow {
  kind: Kind;
  step: Step;
  from: number;
  to: number;
  ours: number;
  baseline: number;
  /** ours growth / baseline growth; target <= 1.10. */
  relative: number;
  ok: boolean;
}

export interface RequestRow {
  kind: Kind;
  n: number;
  step: Step;
  classes: RequestClasses;
  expected: Omit<RequestClasses, "lookup" | "list">;
  ok: boolean;
}

export interface ResourceRow {
  kind: Kind;
  n: number;
  providerBytes: number;
  baselineProviderBytes: number;
  stateBytesPerResource: number;
  providerPeakRssMb: number | undefined;
  baselineProviderPeakRssMb: number | undefined;
  programPeakRssMb: number | undefined;
  bytesOk: boolean;
  /** Only judged at the largest Authorization size (the target says N = 500). */
  rssOk?: boolean;
}

/** The plugin path beside the dynamic path and the baseline, one row per step (issue 21). */
export interface PluginRow {
  kind: Kind;
  n: number;
  step: Step;
  plugin: number;
  ours: number;
  baseline: number;
  /** plugin / ours (the dynamic path); target <= 1.00 on up, preview, refresh, destroy. */
  ratio: number;
  /** HTTP requests the emulator logged, plugin and dynamic path. */
  pluginRequests: number;
  oursRequests: number;
  /** Peak RSS of the provider process: the plugin, and the dynamic-provider host, MB. */
  pluginRssMb: number | undefined;
  oursRssMb: number | undefined;
  /** undefined: no target for this step. */
  ok?: boolean;
  /** Only judged at the largest Authorization size: plugin peak RSS <= 200 MB. */
  rssOk?: boolean;
}

export interface BenchReport {
  ratios: RatioRow[];
  growth: GrowthRow[];
  requests: RequestRow[];
  resources: ResourceRow[];
  /** Empty when the plugin variant did not run. */
  plugin: PluginRow[];
  /** Every target met; the plugin's targets are judged apart, in `pluginOk`. */
  allOk: boolean;
  /** The plugin rows' targets all met (true when there are none). */
  pluginOk: boolean;
}

/** The plugin's time target: at or below the dynamic path's. */
export const PLUGIN_RATIO_TARGET = 1.0;

const totalRequests = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Rows comparing the plugin runs with the dynamic (ours) and baseline runs of the same kind and size. */
export function pluginRows(runs: StackRun[]): PluginRow[] {
  const byKey = (variant: StackRun["variant"]) =>
    new Map(runs.filter((r) => r.variant === variant).map((r) => [key(r), r]));
  const ours = byKey("ours");
  const baseline = byKey("baseline");
  const largestAuthorization = Math.max(
    0,
    ...runs.filter((r) => r.variant === "plugin" && r.kind === "Authorization").map((r) => r.n),
  );
  return runs
    .filter((r) => r.variant === "plugin")
    .flatMap((plugin) => {
      const o = ours.get(key(plugin));
      const b = baseline.get(key(plugin));
      if (!o || !b) return [];
      return STEPS.map((step) => {
        const row: PluginRow = {
          kind: plugin.kind,
          n: plugin.n,
          step,
          plugin: plugin.steps[step].seconds,
          ours: o.steps[step].seconds,
          baseline: b.steps[step].seconds,
          ratio: plugin.steps[step].seconds / o.steps[step].seconds,
          pluginRequests: totalRequests(plugin.steps[step].requests),
          oursRequests: totalRequests(o.steps[step].requests),
          pluginRssMb: plugin.steps[step].providerPeakRssMb,
          oursRssMb: o.steps[step].providerPeakRssMb,
        };
        if (RATIO_STEPS.includes(step)) row.ok = row.ratio <= PLUGIN_RATIO_TARGET;
        if (plugin.kind === "Authorization" && plugin.n === largestAuthorization) {
          row.rssOk = row.pluginRssMb !== undefined && row.pluginRssMb <= PROVIDER_RSS_TARGET_MB;
        }
        return row;
      });
    });
}

const key = (r: { kind: Kind; n: number }) => `${r.kind}:${r.n}`;

/** Pairs each of our runs with the baseline run of the same kind and size. */
function pairs(runs: StackRun[]): { ours: StackRun; baseline: StackRun }[] {
  const baselines = new Map(runs.filter((r) => r.variant === "baseline").map((r) => [key(r), r]));
  return runs
    .filter((r) => r.variant === "ours")
    .flatMap((ours) => {
      const baseline = baselines.get(key(ours));
      return baseline ? [{ ours, baseline }] : [];
    });
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : Math.max(...present);
}

export function buildReport(runs: StackRun[]): BenchReport {
  const paired = pairs(runs);
  const ratios: RatioRow[] = paired.flatMap(({ ours, baseline }) =>
    STEPS.map((step) => {
      const row: RatioRow = {
        kind: ours.kind,
        n: ours.n,
        step,
        ours: ours.steps[step].seconds,
        baseline: baseline.steps[step].seconds,
        ratio: ours.steps[step].seconds / baseline.steps[step].seconds,
      };
      if (RATIO_STEPS.includes(step)) row.ok = row.ratio <= RATIO_TARGET;
      return row;
    }),
  );

  const growth: GrowthRow[] = [];
  for (const kind of new Set(paired.map((p) => p.ours.kind))) {
    const sized = paired.filter((p) => p.ours.kind === kind).sort((a, b) => a.ours.n - b.ours.n);
    const small = sized[0];
    const large = sized[sized.length - 1];
    if (!small || !large || small === large) continue;
    for (const step of STEPS) {
      const ours = large.ours.steps[step].seconds / small.ours.steps[step].seconds;
      const baseline = large.baseline.steps[step].seconds / small.baseline.steps[step].seconds;
      const relative = ours / baseline;
      growth.push({
        kind,
        step,
        from: small.ours.n,
        to: large.ours.n,
        ours,
        baseline,
        relative,
        ok: relative <= GROWTH_TARGET,
      });
    }
  }

  const requests: RequestRow[] = paired.flatMap(({ ours }) =>
    STEPS.map((step) => ({
      kind: ours.kind,
      n: ours.n,
      step,
      ...judgeRequests(step, ours.n, ours.steps[step].requests),
    })),
  );

  const largestAuthorization = Math.max(
    0,
    ...paired.filter((p) => p.ours.kind === "Authorization").map((p) => p.ours.n),
  );
  const resources: ResourceRow[] = paired.map(({ ours, baseline }) => {
    const providerPeakRssMb = maxOf(STEPS.map((s) => ours.steps[s].providerPeakRssMb));
    const row: ResourceRow = {
      kind: ours.kind,
      n: ours.n,
      providerBytes: ours.providerBytesPerResource,
      baselineProviderBytes: baseline.providerBytesPerResource,
      stateBytesPerResource: ours.stateBytesPerResource,
      providerPeakRssMb,
      baselineProviderPeakRssMb: maxOf(STEPS.map((s) => baseline.steps[s].providerPeakRssMb)),
      programPeakRssMb: maxOf(STEPS.map((s) => ours.steps[s].programPeakRssMb)),
      bytesOk: ours.providerBytesPerResource <= PROVIDER_BYTES_TARGET,
    };
    if (ours.kind === "Authorization" && ours.n === largestAuthorization) {
      row.rssOk = providerPeakRssMb !== undefined && providerPeakRssMb <= PROVIDER_RSS_TARGET_MB;
    }
    return row;
  });

  const allOk =
    ratios.every((r) => r.ok !== false) &&
    growth.every((g) => g.ok) &&
    requests.every((r) => r.ok) &&
    resources.every((r) => r.bytesOk && r.rssOk !== false);
  const plugin = pluginRows(runs);
  const pluginOk = plugin.every((r) => r.ok !== false && r.rssOk !== false);
  return { ratios, growth, requests, resources, plugin, allOk, pluginOk };
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "ok" : "**missed**");
const fixed = (value: number | undefined, digits: number) =>
  value === undefined ? "n/a" : value.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function requestCell(row: RequestRow): string {
  const { classes, expected, n } = row;
  const parts: string[] = [];
  const perResource = (count: number) => (count / n).toFixed(2);
  for (const name of ["create", "update", "delete"] as const) {
    if (classes[name] > 0 || expected[name] > 0) {
      parts.push(`${name} ${perResource(classes[name])}/res (want ${perResource(expected[name])})`);
    }
  }
  const reads = readRequests(classes);
  if (reads > 0 || expected.read > 0) {
    const listed = classes.list > 0 ? `: ${classes.read} GETs + ${classes.list} lists` : "";
    parts.push(`read ${perResource(reads)}/res${listed} (want <= ${perResource(expected.read)})`);
  }
  if (classes.lookup > 0) parts.push(`lookups ${classes.lookup} total`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

export function formatReport(report: BenchReport): string {
  const sections: string[] = [];
  sections.push(
    "Wall time, seconds (ours / do-nothing dynamic provider; target <= 1.10 except the change step):\n\n" +
      table(
        ["resource", "N", "step", "ours s", "baseline s", "ratio", "target"],
        report.ratios.map((r) => [
          r.kind,
          String(r.n),
          STEP_LABELS[r.step],
          fixed(r.ours, 2),
          fixed(r.baseline, 2),
          fixed(r.ratio, 2),
          verdict(r.ok),
        ]),
      ),
  );
  if (report.growth.length > 0) {
    sections.push(
      "Growth from the smallest to the largest N (target: ours growth <= 1.10 x baseline growth):\n\n" +
        table(
          ["resource", "step", "N", "ours growth", "baseline growth", "ours / baseline", "target"],
          report.growth.map((g) => [
            g.kind,
            STEP_LABELS[g.step],
            `${g.from} -> ${g.to}`,
            `${fixed(g.ours, 2)}x`,
            `${fixed(g.baseline, 2)}x`,
            fixed(g.relative, 2),
            verdict(g.ok),
          ]),
        ),
    );
  }
  sections.push(
    "HTTP requests (emulator request log; 10% = N/10 resources in the change step):\n\n" +
      table(
        ["resource", "N", "step", "requests", "target"],
        report.requests.map((r) => [r.kind, String(r.n), STEP_LABELS[r.step], requestCell(r), verdict(r.ok)]),
      ),
  );
  sections.push(
    `State size and memory (targets: __provider <= ${PROVIDER_BYTES_TARGET} B per resource, provider peak RSS <= ${PROVIDER_RSS_TARGET_MB} MB at the largest N):\n\n` +
      table(
        [
          "resource",
          "N",
          "__provider B/res (baseline)",
          "state B/res",
          "provider peak RSS MB (baseline)",
          "program peak RSS MB",
          "target",
        ],
        report.resources.map((r) => [
          r.kind,
          String(r.n),
          `${r.providerBytes} (${r.baselineProviderBytes})`,
          String(r.stateBytesPerResource),
          `${fixed(r.providerPeakRssMb, 0)} (${fixed(r.baselineProviderPeakRssMb, 0)})`,
          fixed(r.programPeakRssMb, 0),
          `bytes ${verdict(r.bytesOk)}${r.rssOk === undefined ? "" : `, RSS ${verdict(r.rssOk)}`}`,
        ]),
      ),
  );
  if (report.plugin.length > 0) {
    sections.push(
      `The provider plugin beside the dynamic path (plugin / ours; targets: <= ${PLUGIN_RATIO_TARGET.toFixed(2)} except the change step, plugin peak RSS <= ${PROVIDER_RSS_TARGET_MB} MB at the largest N):\n\n` +
        table(
          [
            "resource",
            "N",
            "step",
            "plugin s",
            "ours s",
            "baseline s",
            "plugin / ours",
            "requests plugin (ours)",
            "provider peak RSS MB plugin (ours)",
            "target",
          ],
          report.plugin.map((r) => [
            r.kind,
            String(r.n),
            STEP_LABELS[r.step],
            fixed(r.plugin, 2),
            fixed(r.ours, 2),
            fixed(r.baseline, 2),
            fixed(r.ratio, 2),
            `${r.pluginRequests} (${r.oursRequests})`,
            `${fixed(r.pluginRssMb, 0)} (${fixed(r.oursRssMb, 0)})`,
            [verdict(r.ok), r.rssOk === undefined ? "" : `RSS ${verdict(r.rssOk)}`]
              .filter(Boolean)
              .join(", "),
          ]),
        ),
    );
  }
  return sections.join("\n\n");
}
