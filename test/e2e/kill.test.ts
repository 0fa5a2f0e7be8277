/**
 * `pulumi up` killed outright (SIGKILL, as a CI timeout or the OOM killer does it) while tokens are
 * being created, through the `pulumi` CLI and the emulators with fixed seeds. Latency on POSTs keeps
 * several creates in flight; the kill lands once k POSTs were answered. The servers finish what they
 * received, as real ones do for a client that vanished.
 *
 * For every resource the next `up` must converge: the server then holds exactly the tokens of the
 * state, plus only tokens the audit CLI (`pulumi-influxdb-tokens unrecorded --json`) lists, i.e.
 * created and returned to an engine that died before writing its checkpoint. The OperatorToken
 * (`_admin`, which the server refuses to delete) cannot converge: the next `up` must fail naming
 * the way out.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type CliEnv,
  cliEnv,
  cliProject,
  type Declared,
  disposeCliInstall,
  initStack,
  isAlive,
  killRun,
  killSurvivors,
  pulumi,
  removeStaleLocks,
  stackState,
  stateAfterKill,
  unrecorded,
  up,
} from "../support/cli-stack";
import { startTokenServers, type TokenServers, until } from "../support/token-servers";

let servers: TokenServers | undefined;
const envs: CliEnv[] = [];

afterEach(async () => {
  for (const env of envs.splice(0)) env.sandbox.dispose();
  await servers?.close();
  servers = undefined;
});
afterAll(() => disposeCliInstall());

const N = 8;
const KILL_AFTER_POSTS = 3;
const tail = (text: string) => text.split("\n").slice(-30).join("\n");
const upArgs = ["up", "--yes", "--skip-preview", "--stack", "dev"];

/**
 * IDs the audit CLI lists in the given states (by default only `unconfirmed`: returned to an
 * engine that never recorded it, the one documented window); InfluxDB 3 entries may name the
 * token or its numeric token_id.
 */
function listedByAudit(
  env: CliEnv,
  s: TokenServers,
  states: string[] = ["unconfirmed"],
): { ids: Set<string>; note: string } {
  const listed = unrecorded(env);
  if ("error" in listed) {
    return { ids: new Set(), note: `audit CLI unavailable (${listed.error.split("\n")[0]})` };
  }
  const accepted = listed.entries.filter((entry) => states.includes(entry.state));
  const ids = new Set(accepted.flatMap((entry) => entry.ids));
  for (const [name, tokenId] of s.influxdb3Ids()) if (ids.has(tokenId)) ids.add(name);
  // An attempt whose POST answer its process never handled has no ID yet: its marker names the token.
  for (const [id, description] of s.descriptions()) if (ids.has(description)) ids.add(id);
  const byState: Record<string, number> = {};
  for (const entry of listed.entries) byState[entry.state] = (byState[entry.state] ?? 0) + 1;
  return { ids, note: `audit CLI lists ${JSON.stringify(byState)}` };
}

async function stackWith(seed: number, declared: Declared, influxdb3: boolean, bootstrap = true) {
  const s = await startTokenServers({ seed, influxdb3, bootstrap });
  servers = s;
  const env = cliEnv();
  envs.push(env);
  const dir = cliProject("killed");
  await initStack(env, dir, "dev", declared, s.config);
  return { s, env, dir };
}

interface KillCase {
  kind: string;
  seed: number;
  declared: Declared;
  influxdb3: boolean;
}

const killCases: KillCase[] = [
  { kind: "Authorization", seed: 1911, declared: { auths: N }, influxdb3: false },
  { kind: "DatabaseToken", seed: 1912, declared: { dbs: N }, influxdb3: false },
  { kind: "AdminToken", seed: 1913, declared: { admins: N }, influxdb3: true },
  { kind: "ResourceToken", seed: 1914, declared: { resources: N }, influxdb3: true },
];

describe("pulumi up SIGKILLed mid-create (the CLI and every process it started)", () => {
  for (const { kind, seed, declared, influxdb3 } of killCases) {
    it(`${kind}: the next up converges to exactly the declared tokens`, async () => {
      const { s, env, dir } = await stackWith(seed, declared, influxdb3);
      s.setFaults({ latencyMs: [150, 400], methods: ["POST"] });
      const run = up(env, dir, "dev");
      let finished = false;
      void run.done.then(() => {
        finished = true;
      });
      await until(() => s.posts() >= KILL_AFTER_POSTS || finished, `${KILL_AFTER_POSTS} POSTs`);
      if (finished) throw new Error(`the run ended before the kill:\n${tail((await run.done).out)}`);
      const { tree } = killRun(run, "tree");
      await run.done;
      await s.settle();
      s.setFaults({});

      const { state: killedState, repaired } = await stateAfterKill(env, dir, "dev");
      if (repaired) console.log(`[kill] ${kind}: ${repaired}`);
      const stateIds = new Set(killedState.resources.map((r) => r.id));
      const afterKill = [...s.tokens()];
      const unrecordedAfterKill = afterKill.filter((id) => !stateIds.has(id));
      expect(unrecordedAfterKill.length, "the kill landed mid-create").toBeGreaterThan(0);

      removeStaleLocks(env);
      s.clearLogs();
      const next = await pulumi(env, dir, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
        allowFailure: true,
      });
      const final = await stackState(env, dir, "dev");
      const finalIds = final.resources.map((r) => r.id);
      const onServer = s.tokens();
      const audit = listedByAudit(env, s);
      const extra = [...onServer].filter((id) => !finalIds.includes(id));
      const outsideWindow = extra.filter((id) => !audit.ids.has(id));
      const deleted = s.deletes();

      console.log(
        `[kill] ${kind}: SIGKILL after ${KILL_AFTER_POSTS} answered POSTs (${tree.length} processes in the run's tree); ` +
          `after the kill ${afterKill.length} on the server, ${stateIds.size} in state, ${unrecordedAfterKill.length} unrecorded, ` +
          `${killedState.pending.length} pending operations; next up exit ${next.code}, ${deleted.length} DELETEs ` +
          `(${deleted.filter((id) => unrecordedAfterKill.includes(id)).length} of the killed run's unrecorded tokens); ` +
          `final: ${finalIds.length} in state, ${onServer.size} on the server, ${extra.length} extra ` +
          `(${extra.length - outsideWindow.length} listed by the audit CLI), orphans outside the window: ${outsideWindow.length}` +
          `${outsideWindow.length ? ` (${outsideWindow.join(", ")})` : ""}; ${audit.note}`,
      );
      expect(next.code, tail(next.out)).toBe(0);
      expect(finalIds).toHaveLength(N);
      expect(
        finalIds.filter((id) => !onServer.has(id)),
        "state IDs the server lacks",
      ).toEqual([]);
      expect(s.touched([...killedState.resources, ...final.resources]), "recorded tokens deleted").toEqual(
        [],
      );
      expect(outsideWindow, "tokens neither in state nor listed by the audit CLI").toEqual([]);
    }, 240_000);
  }

  it("OperatorToken: killed after the server took the bootstrap POST, the next up fails naming the way out", async () => {
    const { s, env, dir } = await stackWith(1915, { operator: true }, true, false);
    const i3 = s.i3!;
    i3.setFaults({ latencyMs: 1_500, methods: ["POST"] });
    const run = up(env, dir, "dev");
    await until(
      () => i3.inFlight().some((r) => r.method === "POST" && r.path === "/api/v3/configure/token/admin"),
      "the bootstrap POST",
    );
    killRun(run, "tree");
    await run.done;
    await s.settle();
    i3.setFaults({});
    const { state: killedState, repaired } = await stateAfterKill(env, dir, "dev");
    if (repaired) console.log(`[kill] OperatorToken: ${repaired}`);
    const admin = i3.state().tokens.find((t) => t.name === "_admin");
    expect(admin, "the server processed the bootstrap").toBeDefined();
    expect(killedState.resources.filter((r) => r.type === "OperatorToken")).toEqual([]);

    removeStaleLocks(env);
    i3.clearRequestLog();
    const second = await pulumi(env, dir, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
      allowFailure: true,
    });
    const third = await pulumi(env, dir, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
      allowFailure: true,
    });
    const tokens = i3.state().tokens;
    const mutations = i3.requestLog().filter((e) => e.method !== "GET" && e.status >= 200 && e.status < 300);
    const wayOut = (out: string) => /recovery/i.test(out) && /token[- _]file/i.test(out);
    console.log(
      `[kill] OperatorToken: SIGKILL during the bootstrap POST; _admin on the server, not in state; ` +
        `next up exit ${second.code} (names the way out: ${wayOut(second.out)}), the one after exit ${third.code} ` +
        `(${wayOut(third.out)}); tokens on the server ${tokens.map((t) => t.name).join(",")}, ` +
        `successful writes meanwhile ${mutations.length}`,
    );
    for (const result of [second, third]) {
      expect(result.code, tail(result.out)).not.toBe(0);
      expect(result.out, "names the recovery listener").toMatch(/recovery/i);
      expect(result.out, "names the offline admin token file").toMatch(/token[- _]file/i);
    }
    expect(tokens.map((t) => [t.name, t.hash])).toEqual([["_admin", admin!.hash]]);
    expect(mutations).toEqual([]);
  }, 240_000);
});

describe("SIGKILL of the CLI's process group only", () => {
  it("the dynamic-provider host outlives it; its tokens stay listed while it runs and are cleaned up once it ended", async () => {
    const { s, env, dir } = await stackWith(1916, { auths: N }, false);
    s.setFaults({ latencyMs: [300, 600], methods: ["POST"] });
    const run = up(env, dir, "dev");
    await until(() => s.posts() >= KILL_AFTER_POSTS, `${KILL_AFTER_POSTS} POSTs`);
    // The engine starts each plugin with setpgid: the group kill reaches the CLI only.
    const { tree, survivors } = killRun(run, "group");
    await run.done;
    const host = survivors.filter((p) => p.args.includes("dynamic-provider"));
    const aliveAt = (ms: number) =>
      new Promise<number>((resolve) =>
        setTimeout(() => resolve(host.filter((p) => isAlive(p.pid)).length), ms),
      );
    const alive1s = await aliveAt(1_000);
    const alive5s = await aliveAt(4_000);
    await s.settle();
    s.setFaults({});
    const { state: killedState, repaired } = await stateAfterKill(env, dir, "dev");
    if (repaired) console.log(`[kill] CLI group only: ${repaired}`);
    const stateIds = new Set(killedState.resources.map((r) => r.id));
    const unrecordedAfterKill = [...s.tokens()].filter((id) => !stateIds.has(id));

    // 1. The host still runs: its entries belong to a live process, nothing of it may be touched,
    //    and the audit CLI must list every token it made.
    removeStaleLocks(env);
    s.clearLogs();
    const whileAlive = await pulumi(env, dir, upArgs, { allowFailure: true });
    const deletedWhileAlive = s.deletes();
    const aliveAfterNextUp = host.filter((p) => isAlive(p.pid)).length;
    const stateWhileAlive = (await stackState(env, dir, "dev")).resources.map((r) => r.id);
    const auditWhileAlive = listedByAudit(env, s, ["unconfirmed", "in-progress"]);
    const unexplainedWhileAlive = [...s.tokens()].filter(
      (id) => !stateWhileAlive.includes(id) && !auditWhileAlive.ids.has(id),
    );

    // 2. The host ended; an up with nothing to create does not look at the journal.
    killSurvivors(survivors);
    await until(() => survivors.every((p) => !isAlive(p.pid)), "the survivors to die", 10_000);
    const idle = await pulumi(env, dir, upArgs, { allowFailure: true });
    const auditIdle = listedByAudit(env, s, ["unconfirmed", "to-clean-up", "to-check"]);
    const idleIds = (await stackState(env, dir, "dev")).resources.map((r) => r.id);
    const unexplainedIdle = [...s.tokens()].filter((id) => !idleIds.includes(id) && !auditIdle.ids.has(id));

    // 3. The next create on that server sweeps what the ended host never returned.
    await pulumi(env, dir, ["config", "set", "--stack", "dev", "test:auths", String(N + 1)]);
    s.clearLogs();
    const grow = await pulumi(env, dir, upArgs, { allowFailure: true });
    const swept = s.deletes();
    const final = await stackState(env, dir, "dev");
    const finalIds = final.resources.map((r) => r.id);
    const onServer = s.tokens();
    const audit = listedByAudit(env, s);
    const extra = [...onServer].filter((id) => !finalIds.includes(id));
    const outsideWindow = extra.filter((id) => !audit.ids.has(id));

    console.log(
      `[kill] CLI group only: ${tree.length} processes in the tree, ${survivors.length} outside the CLI's group ` +
        `(${survivors.map((p) => p.args.split(" ").slice(0, 2).join(" ")).join("; ")}); dynamic-provider host alive ` +
        `1 s after the kill: ${alive1s}/${host.length}, 5 s after: ${alive5s}/${host.length}; ` +
        `${unrecordedAfterKill.length} tokens unrecorded after the kill; up while it ran: exit ${whileAlive.code} ` +
        `(host alive after it: ${aliveAfterNextUp}/${host.length}), ${deletedWhileAlive.length} DELETEs, ` +
        `${auditWhileAlive.note}, unexplained ${unexplainedWhileAlive.length}; host killed, up with nothing to ` +
        `create: exit ${idle.code}, ${auditIdle.note}, unexplained ${unexplainedIdle.length}; up creating one more: ` +
        `exit ${grow.code}, ${swept.length} DELETEs, ${finalIds.length} in state, ${onServer.size} on the server, ` +
        `${extra.length} extra, orphans outside the window: ${outsideWindow.length}; ${audit.note}`,
    );
    expect(whileAlive.code, tail(whileAlive.out)).toBe(0);
    expect(
      deletedWhileAlive.filter((id) => unrecordedAfterKill.includes(id)),
      "DELETEs of tokens a live process made",
    ).toEqual([]);
    expect(unexplainedWhileAlive, "tokens neither in state nor listed while their process runs").toEqual([]);
    expect(idle.code, tail(idle.out)).toBe(0);
    expect(unexplainedIdle, "tokens neither in state nor listed once their process ended").toEqual([]);
    expect(grow.code, tail(grow.out)).toBe(0);
    expect(finalIds).toHaveLength(N + 1);
    expect(s.touched(final.resources), "recorded tokens deleted").toEqual([]);
    expect(outsideWindow, "tokens neither in state nor listed as unconfirmed").toEqual([]);
  }, 240_000);
});
