/**
 * Issue 6 through the real engine (the package installed from its tarball, the CLI we build, an
 * Automation API inline program) against the emulator's fault injection with fixed seeds:
 *
 * - 30% of requests answered 429 or 503 while latency varies: `up` of N tokens ends with exactly N
 *   in the emulator and N in state;
 * - connections reset after the server processed the POST: still exactly N, no orphan;
 * - the `pulumi up` process killed midway (SIGKILL, with every process it started): the next `up`
 *   deletes the tokens the killed run created but never recorded (the create journal) and
 *   converges to exactly the declared tokens.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Emulator, type FaultOptions, startEmulator } from "../../emulator";
import { emulatorStackConfig } from "../support/emulator";
import {
  createTokenStack,
  disposeInstalledPackage,
  exportStack,
  type TokenStack,
} from "../support/token-stack";

const N = 20; // 10 Authorizations + 10 DatabaseTokens
const HALF = N / 2;

let emulator: Emulator | undefined;
let t: TokenStack | undefined;

afterEach(async () => {
  t?.dispose();
  t = undefined;
  await emulator?.close();
  emulator = undefined;
});
afterAll(() => disposeInstalledPackage());

async function tokenStack(name: string, seed: number, extraConfig: Record<string, string> = {}) {
  emulator = await startEmulator({ seed });
  const e = emulator;
  t = await createTokenStack(
    name,
    (sdk) => {
      const outputs: Record<string, unknown> = {};
      for (let i = 0; i < HALF; i++) {
        const a = new sdk.Authorization(`auth-${i}`, {
          description: `auth ${i}`,
          permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
        });
        const d = new sdk.DatabaseToken(`db-${i}`, {
          description: `db ${i}`,
          permissions: [{ action: "read", resource: "sensors" }],
        });
        outputs[`auth${i}`] = a.id;
        outputs[`db${i}`] = d.id;
      }
      return outputs;
    },
    emulatorStackConfig(e, extraConfig),
  );
  return t;
}

/** What the emulator holds (tokens of this test only) and what the state holds. */
function tally(stack: TokenStack) {
  const state = emulator!.state();
  const auths = state.authorizations.filter((a) => /^auth \d+/.test(a.description));
  const dbs = state.databaseTokens.filter((d) => d.revokedAt === undefined);
  const resources = JSON.parse(exportStack(stack)).deployment.resources as Array<{
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
  }>;
  const dynamic = resources.filter((r) => !r.type.startsWith("pulumi:"));
  return {
    inEmulator: auths.length + dbs.length,
    descriptions: [...auths.map((a) => a.description), ...dbs.map((d) => d.description)].sort(),
    ids: [...auths.map((a) => a.id), ...dbs.map((d) => d.id)].sort(),
    inState: dynamic.length,
    stateIds: dynamic.map((r) => r.id ?? "").sort(),
  };
}

const declared = [
  ...Array.from({ length: HALF }, (_, i) => `auth ${i}`),
  ...Array.from({ length: HALF }, (_, i) => `db ${i}`),
].sort();

function faultCount(): number {
  return emulator!.requestLog().filter((entry) => entry.fault !== undefined).length;
}

function expectExactly(stack: TokenStack): ReturnType<typeof tally> {
  const found = tally(stack);
  expect(found.descriptions).toEqual(declared);
  expect(found.inState).toBe(N);
  expect(found.stateIds).toEqual(found.ids);
  return found;
}

describe("faults through the Pulumi engine", () => {
  it(`429/503 on 30% of requests and varying latency: exactly ${N} tokens in the emulator and in state`, async () => {
    const stack = await tokenStack("faults-429-503", 61, { "influxdb:retryMaxAttempts": "10" });
    const faults: FaultOptions = { rate429: 0.15, rate503: 0.15, retryAfterSeconds: 0, latencyMs: [0, 40] };
    emulator!.setFaults(faults);
    const up = await stack.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const found = expectExactly(stack);
    console.log(
      `[faults] 429/503: ${faultCount()} faults injected, ${N} tokens expected, ${found.inEmulator} in the emulator, ${found.inState} in state`,
    );
    emulator!.setFaults({});
    expect((await stack.previewOps()).result.changeSummary).toEqual({ same: N + 1 });
  }, 600_000);

  it(`connection resets after the server processed the POST: exactly ${N}, no orphan`, async () => {
    const stack = await tokenStack("faults-reset-after", 62, { "influxdb:retryMaxAttempts": "10" });
    emulator!.setFaults({
      resetAfterRate: 0.3,
      methods: ["POST"],
      paths: "^/api/v(2/authorizations|0/tokens)$",
    });
    const up = await stack.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const resets = emulator!.requestLog().filter((entry) => entry.fault === "reset-after").length;
    expect(resets).toBeGreaterThan(0);
    const found = expectExactly(stack);
    console.log(
      `[faults] reset-after: ${resets} POSTs processed then reset, ${N} tokens expected, ${found.inEmulator} in the emulator, ${found.inState} in state`,
    );
    emulator!.setFaults({});
    expect((await stack.previewOps()).result.changeSummary).toEqual({ same: N + 1 });
  }, 600_000);

  it("pulumi up interrupted midway (SIGINT to the CLI): the next up converges to exactly the declared tokens", async () => {
    const stack = await tokenStack("faults-interrupt", 64);
    emulator!.setFaults({ latencyMs: [150, 400], methods: ["POST"] });
    const running = stack.stack.up().then(
      () => "finished",
      () => "interrupted",
    );
    await untilPosts(6);
    expect(signalPulumiUp("SIGINT", false)).toBe(1);
    expect(await running).toBe("interrupted");
    const before = tally(stack);
    console.log(
      `[faults] SIGINT: after the interrupt ${before.inEmulator} tokens in the emulator, ${before.inState} in state`,
    );
    emulator!.setFaults({});
    await stack.stack.cancel().catch(() => removeStaleLock(stack));
    expect((await stack.stack.up()).summary.result).toBe("succeeded");
    const after = expectExactly(stack);
    console.log(
      `[faults] SIGINT: after the second up ${N} expected, ${after.inEmulator} in the emulator, ${after.inState} in state`,
    );
  }, 600_000);

  it("pulumi up killed midway (SIGKILL of the CLI and the provider host): the next up deletes what the killed run never recorded", async () => {
    const stack = await tokenStack("faults-kill", 63);
    emulator!.setFaults({ latencyMs: [150, 400], methods: ["POST"] });
    const running = stack.stack.up().then(
      () => "finished",
      () => "killed",
    );
    await untilPosts(6);
    expect(signalPulumiUp("SIGKILL", true)).toBeGreaterThan(1);
    expect(await running).toBe("killed");
    // Requests already received are still processed (the emulator's latency is server-side, like a
    // real server finishing work for a client that vanished): let them land before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = tally(stack);
    const unrecorded = before.ids.filter((id) => !before.stateIds.includes(id));
    expect(unrecorded.length).toBeGreaterThan(0); // the kill landed mid-create
    emulator!.setFaults({});
    await stack.stack.cancel().catch(() => removeStaleLock(stack));
    emulator!.clearRequestLog();
    const up = await stack.stack.up();
    expect(up.summary.result).toBe("succeeded");
    // The engine lists what it never heard back about: "interrupted while creating".
    const interrupted = [...up.stdout.matchAll(/::((?:auth|db)-\d+), interrupted while creating/g)];
    const deleted = emulator!
      .requestLog()
      .filter((entry) => entry.method === "DELETE")
      .map((entry) => entry.path.slice(entry.path.lastIndexOf("/") + 1));
    // Exactly the tokens the killed run created and the engine never recorded, nothing else.
    expect(deleted.sort()).toEqual(unrecorded.sort());
    const after = expectExactly(stack);
    console.log(
      `[faults] SIGKILL: killed with ${before.inEmulator} tokens in the emulator, ${before.inState} in state ` +
        `(${unrecorded.length} never recorded, ${interrupted.length} creates the engine reported interrupted); ` +
        `after the second up ${N} expected, ${after.inEmulator} in the emulator, ${after.inState} in state, ` +
        `${deleted.length} deleted from the create journal, 0 orphans`,
    );
  }, 600_000);
});

async function untilPosts(count: number): Promise<void> {
  while (emulator!.requestLog().filter((entry) => entry.method === "POST").length < count) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The killed CLI left its stack lock; for the file backend, a user removes the stale lock file. */
function removeStaleLock(stack: TokenStack): void {
  rmSync(path.join(stack.sandbox.stateDir, "backend", ".pulumi", "locks"), { recursive: true, force: true });
}

/**
 * Signals the `pulumi up` the Automation API started from this process and, with `tree`, every
 * process it started (the dynamic-provider host): only our own descendants, found by parent PID.
 */
function signalPulumiUp(signal: NodeJS.Signals, tree: boolean): number {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), args: args.join(" ") };
    });
  const cli = table.find((p) => p.ppid === process.pid && /pulumi\b.*\bup\b/.test(p.args));
  if (cli === undefined) return 0;
  const victims = [cli.pid];
  for (let i = 0; tree && i < victims.length; i++) {
    for (const child of table) if (child.ppid === victims[i]) victims.push(child.pid);
  }
  for (const pid of victims) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  return victims.length;
}
