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

/** IDs the audit CLI lists; InfluxDB 3 entries may name the token or its numeric token_id. */
function listedByAudit(env: CliEnv, s: TokenServers): { ids: Set<string>; note: string } {
  const listed = unrecorded(env);
  if ("error" in listed)
    return { ids: new Set(), note: `audit CLI unavailable (${listed.error.split("\n")[0]})` };
  const ids = new Set(listed.entries.flatMap((entry) => entry.ids));
  for (const [name, tokenId] of s.influxdb3Ids()) if (ids.has(tokenId)) ids.add(name);
  return { ids, note: `${listed.entries.length} entries listed by the audit CLI` };
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

      const killedState = await stackState(env, dir, "dev");
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
      expect(
        deleted.filter((id) => finalIds.includes(id) || stateIds.has(id)),
        "DELETEs of recorded tokens",
      ).toEqual([]);
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
    const killedState = await stackState(env, dir, "dev");
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
  it("whether the dynamic-provider host outlives it, and what its creates leave", async () => {
    const { s, env, dir } = await stackWith(1916, { auths: N }, false);
    s.setFaults({ latencyMs: [300, 600], methods: ["POST"] });
    const run = up(env, dir, "dev");
    await until(() => s.posts() >= KILL_AFTER_POSTS, `${KILL_AFTER_POSTS} POSTs`);
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
    const killedState = await stackState(env, dir, "dev");
    const stateIds = new Set(killedState.resources.map((r) => r.id));
    const unrecordedAfterKill = [...s.tokens()].filter((id) => !stateIds.has(id));

    removeStaleLocks(env);
    s.clearLogs();
    // The host may still be running: its journal entries belong to a live process.
    const whileAlive = await pulumi(env, dir, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
      allowFailure: true,
    });
    const deletedWhileAlive = s.deletes();
    const aliveAfterNextUp = host.filter((p) => isAlive(p.pid)).length;
    const auditWhileAlive = listedByAudit(env, s);
    killSurvivors(survivors);
    await until(() => survivors.every((p) => !isAlive(p.pid)), "the survivors to die", 10_000);
    const after = await pulumi(env, dir, ["up", "--yes", "--skip-preview", "--stack", "dev"], {
      allowFailure: true,
    });
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
        `(host still alive after it: ${aliveAfterNextUp}/${host.length}), ` +
        `${deletedWhileAlive.length} DELETEs, ${auditWhileAlive.note}; after killing it: up exit ${after.code}, ` +
        `${finalIds.length} in state, ${onServer.size} on the server, ${extra.length} extra, ` +
        `orphans outside the window: ${outsideWindow.length}; ${audit.note}`,
    );
    expect(whileAlive.code, tail(whileAlive.out)).toBe(0);
    expect(after.code, tail(after.out)).toBe(0);
    expect(finalIds).toHaveLength(N);
    expect(
      s.deletes().filter((id) => finalIds.includes(id)),
      "DELETEs of recorded tokens",
    ).toEqual([]);
    expect(outsideWindow, "tokens neither in state nor listed by the audit CLI").toEqual([]);
  }, 240_000);
});
