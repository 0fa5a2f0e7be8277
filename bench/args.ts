/** Command-line options of `npm run bench`. Pure, so it is unit-tested. */
export interface BenchOptions {
  /** Authorization stack sizes; DatabaseToken stacks use the smallest. */
  sizes: number[];
  /** Where the JSON results go. */
  out: string;
  /** Write CPU profiles of the dynamic-provider hosts under this folder (bench/profile-summary.ts reads them). */
  profileDir?: string;
  /** Rounds of every step per case; the report takes each step's median (1: one run per cell). */
  repeat: number;
}

export const USAGE = `usage: npm run bench -- [--sizes 100,500] [--quick] [--repeat 1] [--out bench/results.json] [--profile <dir>]
  --sizes    Authorization stack sizes (default 100,500); DatabaseToken stacks use the smallest
  --quick    N = 20 only: a smoke run of every step (overrides --sizes)
  --repeat   rounds of up/preview/refresh/change/destroy per case; medians are reported (default 1)
  --out      JSON results file (default bench/results.json)
  --profile  CPU profiles of the dynamic-provider hosts into <dir>/<kind>-<n>-<variant>/ (timings then not comparable)`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  let sizes = [100, 500];
  let quick = false;
  let out = "bench/results.json";
  let profileDir: string | undefined;
  let repeat = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--quick") quick = true;
    else if (arg === "--sizes") sizes = parseSizes(value());
    else if (arg === "--out") out = value();
    else if (arg === "--profile") profileDir = value();
    else if (arg === "--repeat") repeat = parseRepeat(value());
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return { sizes: quick ? [20] : sizes, out, repeat, ...(profileDir === undefined ? {} : { profileDir }) };
}

function parseRepeat(text: string): number {
  const repeat = Number(text);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat wants an integer >= 1, got "${text}"`);
  return repeat;
}

function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((s) => Number(s.trim()));
  // At least 10 so that "10% replaced" is at least one resource.
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 10)) {
    throw new Error(`--sizes wants integers >= 10 separated by commas, got "${text}"`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}
