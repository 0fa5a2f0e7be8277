/** The machine a run happened on, for the README table. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  nproc: number;
  memoryGb: number;
  cpuModel: string;
  node: string;
  pulumi: string;
  /** 1-minute load average when the run started (other work on the machine skews timings). */
  loadAtStart: number;
}

export function describeMachine(pulumiBin: string, env: Record<string, string>): Machine {
  let pulumi = "unknown";
  try {
    pulumi = execFileSync(pulumiBin, ["version"], { encoding: "utf8", env }).trim();
  } catch {
    // Reported as unknown; the run itself will fail loudly if the CLI is missing.
  }
  return {
    nproc: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    pulumi,
    loadAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}
