/**
 * Peak resident memory of the processes a Pulumi operation starts, read from /proc (Linux).
 * VmHWM is the kernel's own high-water mark, so sampling every 100 ms only risks missing the
 * last moments of a process; only descendants of this process are looked at, so other Pulumi
 * runs on the machine are not counted.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

export interface PeakRss {
  /** The `@pulumi/pulumi/cmd/dynamic-provider` host, or the provider plugin's Node process, MB. */
  providerMb?: number;
  /** The `pulumi` CLI, MB. */
  engineMb?: number;
  /** This process: it runs the inline program, MB. */
  programMb?: number;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** VmHWM of a process, MB. */
export function vmHwmMb(pid: number | "self"): number | undefined {
  const match = read(`/proc/${pid}/status`)?.match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** Parent PID from /proc/<pid>/stat; the command name in field 2 may hold spaces and parentheses. */
export function parentPid(stat: string): number | undefined {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(rest[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    const ppid = stat === undefined ? undefined : parentPid(stat);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Which measured process a command line is, if any. The plugin's launcher (a shell script) execs
 * `node …/dist/provider/plugin/main.js`, so the plugin's process has that command line.
 */
export function roleOf(cmdline: string[]): keyof PeakRss | undefined {
  if (cmdline.some((arg) => arg.includes("dynamic-provider"))) return "providerMb";
  if (
    cmdline.some(
      (arg) => arg.endsWith("/pulumi-resource-influxdb-tokens") || arg.endsWith("/provider/plugin/main.js"),
    )
  )
    return "providerMb";
  if (cmdline[0]?.endsWith("/pulumi") || cmdline[0] === "pulumi") return "engineMb";
  return undefined;
}

/** Full /proc scans (about 10 ms on a busy machine) only every this many ticks. */
const SCAN_EVERY = 5;

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak: PeakRss = {};
  /** Processes found by the last scans; their VmHWM is read on every tick (cheap). */
  private known = new Map<number, keyof PeakRss>();
  private ticks = 0;

  start(): void {
    // Reset this process's high-water mark so programMb is this operation's (Linux >= 4.0).
    try {
      writeFileSync("/proc/self/clear_refs", "5");
    } catch {
      // Not allowed here: programMb then covers the whole run so far.
    }
    this.peak = {};
    this.known.clear();
    this.ticks = 0;
    // This process also runs the inline program and the emulator: keep the sampling light.
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    if (process.platform !== "linux") return;
    if (this.ticks++ % SCAN_EVERY === 0) {
      for (const pid of descendants(process.pid)) {
        if (this.known.has(pid)) continue;
        const role = roleOf(read(`/proc/${pid}/cmdline`)?.split("\0") ?? []);
        if (role !== undefined) this.known.set(pid, role);
      }
    }
    for (const [pid, role] of this.known) {
      const mb = vmHwmMb(pid);
      if (mb === undefined) this.known.delete(pid);
      else this.peak[role] = Math.max(this.peak[role] ?? 0, mb);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample(); // the hosts may still be alive: one last read
    if (process.platform === "linux") this.peak.programMb = vmHwmMb("self");
  }

  peakRss(): PeakRss {
    return { ...this.peak };
  }
}
