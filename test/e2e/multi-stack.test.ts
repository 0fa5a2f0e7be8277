/**
 * Stacks that declare identical tokens on one server must never touch each other's tokens, through
 * the real engine (the `pulumi` CLI, the packed package) and the emulator with fixed seeds:
 *
 * - two stacks of one project in one backend, `pulumi up` run at the same time while 30% of POSTs
 *   are reset before the server processed them and 30% after (the token exists, its answer is
 *   lost), with latency: each refresh keeps every token of its stack, no ID is in both states, no
 *   DELETE reached a token either stack holds, and the server ends with exactly the tokens of the
 *   two states. With separate and with shared PULUMI_HOME (the create journal's folder), and again
 *   on a server that lists token values (v2 `plain` visibility, where a listed token could be
 *   adopted);
 * - the same project and stack name (`dev`) in two backends on one machine, one PULUMI_HOME: the
 *   second backend's `up` deletes nothing of the first's, and neither does the first's next run.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { TokenVisibility } from "../../emulator";
import {
  type CliEnv,
  cliEnv,
  cliProject,
  type Declared,
  disposeCliInstall,
  initStack,
  pulumi,
  type StackState,
  stackState,
  up,
} from "../support/cli-stack";
import { startTokenServers, type TokenServers } from "../support/token-servers";

let servers: TokenServers | undefined;
const envs: CliEnv[] = [];

afterEach(async () => {
  for (const env of envs.splice(0)) env.sandbox.dispose();
  await servers?.close();
  servers = undefined;
});
afterAll(() => disposeCliInstall());

const ids = (state: StackState) => state.resources.map((r) => r.id).sort();
const count = (declared: Declared) =>
  (declared.auths ?? 0) +
  (declared.dbs ?? 0) +
  (declared.admins ?? 0) +
  (declared.resources ?? 0) +
  (declared.namedAdmins ?? 0) +
  (declared.namedResources ?? 0);
const tail = (text: string) => text.split("\n").slice(-25).join("\n");

async function refreshKeepsAll(env: CliEnv, dir: string, stack: string, before: StackState) {
  await pulumi(env, dir, ["refresh", "--yes", "--skip-preview", "--stack", stack]);
  const after = ids(await stackState(env, dir, stack));
  return { removed: ids(before).filter((id) => !after.includes(id)).length, before: ids(before), after };
}

interface ConcurrentCase {
  title: string;
  seed: number;
  tokenVisibility: TokenVisibility;
  sharedHome: boolean;
  declared: Declared;
}

const concurrentCases: ConcurrentCase[] = [
  {
    title: "Authorization + DatabaseToken, separate PULUMI_HOME",
    seed: 1901,
    tokenVisibility: "hashed",
    sharedHome: false,
    declared: { auths: 5, dbs: 5 },
  },
  {
    title: "Authorization + DatabaseToken, shared PULUMI_HOME",
    seed: 1902,
    tokenVisibility: "hashed",
    sharedHome: true,
    declared: { auths: 5, dbs: 5 },
  },
  {
    title: "Authorization on a server that lists token values (plain), shared PULUMI_HOME",
    seed: 1903,
    tokenVisibility: "plain",
    sharedHome: true,
    declared: { auths: 8 },
  },
];

describe("two stacks with identical tokens, one org, run concurrently under POST faults", () => {
  for (const { title, seed, tokenVisibility, sharedHome, declared } of concurrentCases) {
    it(title, async () => {
      const s = await startTokenServers({ seed, tokenVisibility });
      servers = s;
      const a = cliEnv();
      const b = cliEnv(sharedHome ? { home: a.home, backend: a.backend } : { backend: a.backend });
      envs.push(a, b);
      const dir = cliProject("twins");
      await initStack(a, dir, "alpha", declared, s.config);
      await initStack(b, dir, "beta", declared, s.config);

      s.setFaults({ resetBeforeRate: 0.3, resetAfterRate: 0.3, methods: ["POST"], latencyMs: [0, 80] });
      const [upA, upB] = await Promise.all([up(a, dir, "alpha").done, up(b, dir, "beta").done]);
      const faults = s.faults();
      s.setFaults({});
      // A create may give up after its POSTs kept failing (an honest error); safety is what is asserted.
      if (upA.code !== 0)
        console.log(`[multi-stack] ${title}: alpha's up exited ${upA.code}:\n${tail(upA.out)}`);
      if (upB.code !== 0)
        console.log(`[multi-stack] ${title}: beta's up exited ${upB.code}:\n${tail(upB.out)}`);

      const stateA = await stackState(a, dir, "alpha");
      const stateB = await stackState(b, dir, "beta");
      const inBoth = ids(stateA).filter((id) => ids(stateB).includes(id));
      const deletedDuringUp = s.deletes();
      const touchedOfB = s.touched(stateB.resources);
      const touchedOfA = s.touched(stateA.resources);
      const [refreshA, refreshB] = await Promise.all([
        refreshKeepsAll(a, dir, "alpha", stateA),
        refreshKeepsAll(b, dir, "beta", stateB),
      ]);

      // A later run of each stack (no faults): completes any create that gave up, and sweeps what
      // the journal says was left behind.
      await pulumi(a, dir, ["up", "--yes", "--skip-preview", "--stack", "alpha"]);
      await pulumi(b, dir, ["up", "--yes", "--skip-preview", "--stack", "beta"]);
      const finalA = await stackState(a, dir, "alpha");
      const finalB = await stackState(b, dir, "beta");
      const held = new Set([...ids(finalA), ...ids(finalB)]);
      const onServer = s.tokens();
      const orphans = [...onServer].filter((id) => !held.has(id));
      const missing = [...held].filter((id) => !onServer.has(id));
      const deletedHeld = s.touched([
        ...stateA.resources,
        ...stateB.resources,
        ...finalA.resources,
        ...finalB.resources,
      ]);

      console.log(
        `[multi-stack] ${title}: 2 concurrent runs (exit ${upA.code}/${upB.code}), faults injected ${JSON.stringify(faults)}, ` +
          `${ids(stateA).length}+${ids(stateB).length} tokens in the states, ${inBoth.length} in both, ` +
          `${deletedDuringUp.length} DELETEs during the runs, tokens of the other stack deleted: ${touchedOfA.length + touchedOfB.length} ` +
          `(alpha's ${touchedOfA.length}, beta's ${touchedOfB.length}), refresh removed ${refreshA.removed}/${refreshB.removed}; ` +
          `after a later run: ${onServer.size} on the server, ${held.size} in the states, orphans ${orphans.length}` +
          `${orphans.length ? ` (${orphans.join(", ")})` : ""}, missing ${missing.length}`,
      );

      expect(inBoth, "IDs recorded in both states").toEqual([]);
      expect(touchedOfB, "DELETEs of tokens beta holds").toEqual([]);
      expect(touchedOfA, "DELETEs of tokens alpha holds").toEqual([]);
      expect(refreshA.removed, "alpha's refresh removed tokens").toBe(0);
      expect(refreshB.removed, "beta's refresh removed tokens").toBe(0);
      expect(refreshA.after).toEqual(refreshA.before);
      expect(refreshB.after).toEqual(refreshB.before);
      expect(deletedHeld, "DELETEs of tokens a state holds").toEqual([]);
      expect(ids(finalA)).toHaveLength(count(declared));
      expect(ids(finalB)).toHaveLength(count(declared));
      expect(orphans, "tokens on the server that neither state holds").toEqual([]);
      expect(missing, "tokens a state holds that the server lacks").toEqual([]);
    }, 300_000);
  }
});

describe("one project and stack name in two backends, one PULUMI_HOME", () => {
  it("the second backend's up deletes nothing of the first's; the first's next run deletes nothing of the second's", async () => {
    const declared: Declared = { auths: 3, dbs: 3, admins: 2, resources: 2 };
    const s = await startTokenServers({ seed: 1904, influxdb3: true });
    servers = s;
    const a = cliEnv();
    const b = cliEnv({ home: a.home }); // another backend folder, same machine and home
    envs.push(a, b);
    const dirA = cliProject("same-name");
    const dirB = cliProject("same-name");
    await initStack(a, dirA, "dev", declared, s.config);
    await initStack(b, dirB, "dev", declared, s.config);

    await pulumi(a, dirA, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    const stateA = await stackState(a, dirA, "dev");
    s.clearLogs();
    const upB = await pulumi(b, dirB, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
      allowFailure: true,
    });
    const stateB = await stackState(b, dirB, "dev");
    const deletedByB = s.touched(stateA.resources);
    const refreshA = await refreshKeepsAll(a, dirA, "dev", stateA);
    s.clearLogs();
    await pulumi(a, dirA, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    const deletedByA = s.touched(stateB.resources);
    const refreshB = await refreshKeepsAll(b, dirB, "dev", stateB);
    const held = new Set([...ids(stateA), ...ids(stateB)]);
    const onServer = s.tokens();
    const orphans = [...onServer].filter((id) => !held.has(id));

    console.log(
      `[multi-stack] two backends, stack dev: ${ids(stateA).length} tokens in A, ${ids(stateB).length} in B (B's up exit ${upB.code}), ` +
        `A's tokens deleted by B's up: ${deletedByB.length}, B's deleted by A's next up: ${deletedByA.length}, ` +
        `refresh removed ${refreshA.removed} of A's and ${refreshB.removed} of B's, orphans ${orphans.length}`,
    );
    if (upB.code !== 0) console.log(tail(upB.out));
    expect(upB.code, tail(upB.out)).toBe(0);
    expect(deletedByB, "A's tokens deleted by B's up").toEqual([]);
    expect(deletedByA, "B's tokens deleted by A's next up").toEqual([]);
    expect(refreshA.removed).toBe(0);
    expect(refreshA.after).toEqual(refreshA.before);
    expect(refreshB.removed).toBe(0);
    expect(refreshB.after).toEqual(refreshB.before);
    expect(ids(stateA)).toHaveLength(count(declared));
    expect(ids(stateB)).toHaveLength(count(declared));
    expect(orphans).toEqual([]);
  }, 300_000);
});
