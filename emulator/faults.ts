import { type RandomSource, randomSource } from "./random";

/** Fault injection for tests and operators. Never applied to `/__emulator/*`. */
export interface FaultOptions {
  /** Added latency per request: a fixed number of ms, or a uniform [min, max]. */
  latencyMs?: number | [number, number];
  /** Fraction (0..1) of requests answered 429 with `Retry-After`. */
  rate429?: number;
  /** Fraction (0..1) of requests answered 503 with `Retry-After`. */
  rate503?: number;
  /** `Retry-After` value (seconds) on 429/503; default 1. */
  retryAfterSeconds?: number;
  /** Fraction of requests whose connection is destroyed before the request is processed. */
  resetBeforeRate?: number;
  /** Fraction of requests processed (state changes!) whose connection is then destroyed unanswered. */
  resetAfterRate?: number;
  /** Only these methods (upper case); default all. */
  methods?: string[];
  /** Only paths matching this regular expression; default all. */
  paths?: string;
}

export type FaultOutcome = "reset-before" | "429" | "503" | undefined;

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
  resetAfter: boolean;
}

/** Throws a message naming the bad field, so the admin endpoint can answer 400. */
export function validateFaults(input: unknown): FaultOptions {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new Error("faults must be a JSON object");
  const f = input as Record<string, unknown>;
  const known = [
    "latencyMs",
    "rate429",
    "rate503",
    "retryAfterSeconds",
    "resetBeforeRate",
    "resetAfterRate",
    "methods",
    "paths",
  ];
  for (const k of Object.keys(f))
    if (!known.includes(k)) throw new Error(`unknown fault option "${k}"; known: ${known.join(", ")}`);
  const out: FaultOptions = {};
  const lat = f["latencyMs"];
  if (lat !== undefined) {
    const ok =
      (typeof lat === "number" && lat >= 0) ||
      (Array.isArray(lat) &&
        lat.length === 2 &&
        lat.every((x) => typeof x === "number" && x >= 0) &&
        lat[0] <= lat[1]);
    if (!ok) throw new Error("latencyMs must be a number >= 0 or [min, max] with 0 <= min <= max");
    out.latencyMs = lat as number | [number, number];
  }
  for (const k of ["rate429", "rate503", "resetBeforeRate", "resetAfterRate"] as const) {
    const v = f[k];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 1))
      throw new Error(`${k} must be a number between 0 and 1`);
    out[k] = v;
  }
  const ra = f["retryAfterSeconds"];
  if (ra !== undefined) {
    if (typeof ra !== "number" || !Number.isInteger(ra) || ra < 0)
      throw new Error("retryAfterSeconds must be an integer >= 0");
    out.retryAfterSeconds = ra;
  }
  const methods = f["methods"];
  if (methods !== undefined) {
    if (!Array.isArray(methods) || !methods.every((m) => typeof m === "string"))
      throw new Error("methods must be an array of strings");
    out.methods = methods.map((m: string) => m.toUpperCase());
  }
  const paths = f["paths"];
  if (paths !== undefined) {
    if (typeof paths !== "string") throw new Error("paths must be a regular expression string");
    try {
      new RegExp(paths);
    } catch {
      throw new Error("paths is not a valid regular expression");
    }
    out.paths = paths;
  }
  const sum = (out.rate429 ?? 0) + (out.rate503 ?? 0) + (out.resetBeforeRate ?? 0);
  if (sum > 1) throw new Error("rate429 + rate503 + resetBeforeRate must not exceed 1");
  return out;
}

/**
 * Decides, per request, which faults apply. Each matching request draws exactly three numbers from
 * the fault stream (latency, outcome, reset-after), so a seeded emulator fails the same requests on
 * every run. The stream restarts from the seed whenever the faults are set.
 */
export class FaultInjector {
  private options: FaultOptions = {};
  private pathRe: RegExp | undefined;
  private rng: RandomSource;

  constructor(private readonly seed: number | undefined) {
    this.rng = randomSource(seed, 1);
  }

  set(options: FaultOptions): void {
    this.options = validateFaults(options);
    this.pathRe = this.options.paths !== undefined ? new RegExp(this.options.paths) : undefined;
    this.rng = randomSource(this.seed, 1);
  }

  get(): FaultOptions {
    return structuredClone(this.options);
  }

  retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 1;
  }

  decide(method: string, path: string): FaultDecision | undefined {
    const o = this.options;
    const active =
      o.latencyMs !== undefined || !!o.rate429 || !!o.rate503 || !!o.resetBeforeRate || !!o.resetAfterRate;
    if (!active) return undefined;
    if (o.methods && !o.methods.includes(method.toUpperCase())) return undefined;
    if (this.pathRe && !this.pathRe.test(path)) return undefined;
    const [r1, r2, r3] = [this.rng.next(), this.rng.next(), this.rng.next()];
    let latencyMs = 0;
    if (typeof o.latencyMs === "number") latencyMs = o.latencyMs;
    else if (Array.isArray(o.latencyMs)) latencyMs = o.latencyMs[0] + r1 * (o.latencyMs[1] - o.latencyMs[0]);
    let outcome: FaultOutcome;
    const before = o.resetBeforeRate ?? 0;
    const r429 = o.rate429 ?? 0;
    const r503 = o.rate503 ?? 0;
    if (r2 < before) outcome = "reset-before";
    else if (r2 < before + r429) outcome = "429";
    else if (r2 < before + r429 + r503) outcome = "503";
    return { latencyMs, outcome, resetAfter: outcome === undefined && r3 < (o.resetAfterRate ?? 0) };
  }
}
