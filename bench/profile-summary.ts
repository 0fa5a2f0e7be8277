/**
 * Where the dynamic-provider host spends its CPU time, from the .cpuprofile files `--profile`
 * wrote: self time per package (or Node internals, GC, idle) and the hottest functions.
 * Run: npm exec -- ts-node --transpile-only bench/profile-summary.ts <dir>
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script URL belongs to: the last node_modules segment, or a Node/V8 bucket. */
export function bucketOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const parts = url.replace(/^file:\/\//, "").split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return "(other)";
  const name = parts[at + 1] ?? "";
  return name.startsWith("@") ? `${name}/${parts[at + 2]}` : name;
}

/** Self time in ms per bucket and per function, summed over profiles. */
export function selfTimes(profiles: CpuProfile[]): {
  buckets: Map<string, number>;
  functions: Map<string, number>;
} {
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { url, functionName, lineNumber } = node.callFrame;
      const bucket = bucketOf(url, functionName);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
      const fn = `${functionName || "(anonymous)"} ${path.basename(url)}:${lineNumber + 1} [${bucket}]`;
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
    });
  }
  return { buckets, functions };
}

function top(map: Map<string, number>, count: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms  ${name}`)
    .join("\n");
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: profile-summary.ts <dir with .cpuprofile files>");
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const profiles = files.map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as CpuProfile);
  const { buckets, functions } = selfTimes(profiles);
  process.stdout.write(`${files.length} profiles\n\nself time by package:\n${top(buckets, 15)}\n\n`);
  process.stdout.write(`hottest functions (self time):\n${top(functions, 25)}\n`);
}
