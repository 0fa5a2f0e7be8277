/** The shapes the benchmark measures and reports. */
export type Kind = "Authorization" | "DatabaseToken";
/**
 * ours: the dynamic providers; baseline: a do-nothing dynamic provider; plugin: the same resources
 * through the provider plugin `pulumi-resource-influxdb-tokens` (generated Node SDK, same inline program).
 */
export type Variant = "ours" | "baseline" | "plugin";
export const STEPS = ["up", "preview", "refresh", "change", "destroy"] as const;
export type Step = (typeof STEPS)[number];

/** What `change` does, for the table header. */
export const STEP_LABELS: Record<Step, string> = {
  up: "up (create)",
  preview: "preview (no change)",
  refresh: "refresh",
  change: "up: replace 10% + update 10%",
  destroy: "destroy",
};

/** Requests the emulator logged during one step, keyed `METHOD /route` (IDs replaced by `{id}`). */
export type RequestCounts = Record<string, number>;

export interface StepMeasure {
  /** Wall time; with --repeat, the median of `samples`. */
  seconds: number;
  /** Wall time of every round (one per --repeat round). */
  samples?: number[];
  requests: RequestCounts;
  /** Peak RSS (VmHWM) of the provider process started for this step (dynamic-provider host or plugin), MB. */
  providerPeakRssMb?: number;
  /** Peak RSS of the program: the inline program runs in the bench process itself, MB. */
  programPeakRssMb?: number;
  /** Peak RSS of the `pulumi` CLI (the engine), MB. */
  enginePeakRssMb?: number;
  /** Set when the engine planned something else than the step means (e.g. refresh found drift). */
  note?: string;
}

export interface StackRun {
  kind: Kind;
  n: number;
  variant: Variant;
  steps: Record<Step, StepMeasure>;
  /** Mean length in bytes of the `__provider` string of one resource in `pulumi stack export`. */
  providerBytesPerResource: number;
  /** Bytes of the exported deployment per resource (whole state / N), for orientation. */
  stateBytesPerResource: number;
}
