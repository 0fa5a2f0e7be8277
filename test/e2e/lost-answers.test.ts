/**
 * POST answers lost on the way back (the server processed the create, the connection was reset),
 * through the `pulumi` CLI and the emulators with fixed seeds:
 *
 * - every resource kind under 30% resets before and 30% after processing: the next `up` converges
 *   to exactly the declared tokens, no duplicate, no orphan, no recorded token deleted;
 * - an explicitly named AdminToken and ResourceToken whose answer is lost: the name exists but
 *   proves nothing (another stack may have chosen it), so `up` fails naming the token_id, when it
 *   was created and the ways out, and keeps failing the same way without creating or deleting;
 * - the OperatorToken's bootstrap answer lost: `_admin` exists and cannot be deleted, so `up`
 *   fails naming the way out, every time, and touches nothing.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type CliEnv,
  cliEnv,
  cliProject,
  type Declared,
  disposeCliInstall,
  initStack,
  pulumi,
  stackState,
  unrecorded,
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

const countStates = (entries: Array<{ state: string }>) => {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.state] = (counts[entry.state] ?? 0) + 1;
  return counts;
};
const tail = (text: string) => text.split("\n").slice(-30).join("\n");
const upArgs = ["up", "--yes", "--skip-preview", "--stack", "dev"];

async function stackWith(seed: number, declared: Declared, bootstrap = true) {
  const s = await startTokenServers({ seed, influxdb3: true, bootstrap });
  servers = s;
  const env = cliEnv();
  envs.push(env);
  const dir = cliProject("lost-answers");
  await initStack(env, dir, "dev", declared, s.config);
  return { s, env, dir };
}

describe("lost POST answers", () => {
  it("every kind under 30% resets before and 30% after processing: the next up converges exactly", async () => {
    const declared: Declared = { auths: 3, dbs: 3, admins: 3, resources: 3 };
    const { s, env, dir } = await stackWith(1921, declared);
    s.setFaults({ resetBeforeRate: 0.3, resetAfterRate: 0.3, methods: ["POST"], latencyMs: [0, 50] });
    const first = await pulumi(env, dir, upArgs, { allowFailure: true });
    const faults = s.faults();
    s.setFaults({});
    const firstState = await stackState(env, dir, "dev");
    const second = await pulumi(env, dir, upArgs, { allowFailure: true });
    const final = await stackState(env, dir, "dev");
    const finalIds = final.resources.map((r) => r.id);
    const onServer = s.tokens();
    const orphans = [...onServer].filter((id) => !finalIds.includes(id));
    const deletedRecorded = s.touched([...firstState.resources, ...final.resources]);
    const listed = unrecorded(env);
    const byKind = (ids: Iterable<string>) => {
      const kinds: Record<string, number> = {};
      for (const id of ids) {
        const type = final.resources.find((r) => r.id === id)?.type ?? "not in state";
        kinds[type] = (kinds[type] ?? 0) + 1;
      }
      return JSON.stringify(kinds);
    };
    console.log(
      `[lost-answers] all kinds: faults injected ${JSON.stringify(faults)}; first up exit ${first.code} ` +
        `(${firstState.resources.length} recorded), next up exit ${second.code}; final ${finalIds.length} in state ` +
        `${byKind(finalIds)}, ${onServer.size} on the server, orphans ${orphans.length}` +
        `${orphans.length ? ` (${orphans.join(", ")})` : ""}, DELETEs of recorded tokens ${deletedRecorded.length}, ` +
        `${"error" in listed ? "audit CLI unavailable" : `audit CLI lists ${JSON.stringify(countStates(listed.entries))}`}`,
    );
    if (first.code !== 0) console.log(`[lost-answers] first up:\n${tail(first.out)}`);
    expect(faults["reset-after"] ?? 0, "answers were lost").toBeGreaterThan(0);
    expect(second.code, tail(second.out)).toBe(0);
    expect(finalIds).toHaveLength(12);
    expect(orphans, "tokens on the server the state lacks").toEqual([]);
    expect(
      finalIds.filter((id) => !onServer.has(id)),
      "state IDs the server lacks",
    ).toEqual([]);
    expect(deletedRecorded, "DELETEs of recorded tokens").toEqual([]);
  }, 240_000);

  it("explicitly named AdminToken and ResourceToken: fails naming the token_id, its created time and the ways out, every time", async () => {
    const { s, env, dir } = await stackWith(1922, { namedAdmins: 1, namedResources: 1 });
    const i3 = s.i3!;
    i3.setFaults({
      resetAfterRate: 1,
      methods: ["POST"],
      paths: "^/api/v3/(configure/token/named_admin|enterprise/configure/token)$",
    });
    const first = await pulumi(env, dir, upArgs, { allowFailure: true });
    i3.setFaults({});
    const made = i3.state().tokens.filter((t) => t.name !== "_admin");
    i3.clearRequestLog();
    const second = await pulumi(env, dir, upArgs, { allowFailure: true });
    const after = i3.state().tokens.filter((t) => t.name !== "_admin");
    const writes = i3.requestLog().filter((e) => e.method !== "GET" && e.status >= 200 && e.status < 300);
    const deletes = i3.requestLog().filter((e) => e.method === "DELETE");
    const state = await stackState(env, dir, "dev");
    const flat = (out: string) => out.replace(/\s+/g, " ");
    const names = (out: string, token: (typeof made)[number]) => {
      const text = flat(out);
      return {
        tokenId: new RegExp(`id\\W{0,12}${token.id}\\b`, "i").test(text),
        createdAt:
          text.includes(token.createdAt.slice(0, 19)) || text.includes(String(Date.parse(token.createdAt))),
        // InfluxDB 3 tokens have no adoptId: the ways out are deleting the holder or another name.
        delete: /delete/i.test(text),
        otherName: /another name|adopt/i.test(text),
      };
    };
    console.log(
      `[lost-answers] explicit names: ${made.length} tokens made with lost answers (${made.map((t) => `${t.name}#${t.id}`).join(", ")}); ` +
        `first up exit ${first.code}, second exit ${second.code}; the second up's writes ${writes.length}, DELETEs ${deletes.length}; ` +
        `messages: ${JSON.stringify(made.map((t) => ({ name: t.name, first: names(first.out, t), second: names(second.out, t) })))}`,
    );
    expect(made.map((t) => t.name).sort()).toEqual(["named-admin-0", "named-reader-0"]);
    for (const result of [first, second]) {
      expect(result.code, tail(result.out)).not.toBe(0);
      for (const token of made) {
        expect(names(result.out, token), `${token.name} in:\n${tail(result.out)}`).toEqual({
          tokenId: true,
          createdAt: true,
          delete: true,
          otherName: true,
        });
      }
    }
    expect(after.map((t) => [t.name, t.id])).toEqual(made.map((t) => [t.name, t.id]));
    expect(writes, "creates or deletes while the user has not chosen").toEqual([]);
    expect(deletes).toEqual([]);
    expect(state.resources).toEqual([]);
  }, 240_000);

  it("OperatorToken: the bootstrap answer lost, every up fails naming the way out and touches nothing", async () => {
    const { s, env, dir } = await stackWith(1923, { operator: true }, false);
    const i3 = s.i3!;
    i3.setFaults({ resetAfterRate: 1, methods: ["POST"], paths: "^/api/v3/configure/token/admin$" });
    const first = await pulumi(env, dir, upArgs, { allowFailure: true });
    i3.setFaults({});
    const admin = i3.state().tokens.find((t) => t.name === "_admin");
    i3.clearRequestLog();
    const second = await pulumi(env, dir, upArgs, { allowFailure: true });
    const third = await pulumi(env, dir, upArgs, { allowFailure: true });
    const writes = i3.requestLog().filter((e) => e.method !== "GET" && e.status >= 200 && e.status < 300);
    const wayOut = (out: string) => /recovery/i.test(out) && /token[- _]file/i.test(out);
    console.log(
      `[lost-answers] OperatorToken: bootstrap answer lost (_admin exists: ${admin !== undefined}); ` +
        `up exits ${first.code}/${second.code}/${third.code}, way out named ${wayOut(first.out)}/${wayOut(second.out)}/${wayOut(third.out)}, ` +
        `writes after the loss ${writes.length}`,
    );
    expect(admin).toBeDefined();
    for (const result of [first, second, third]) {
      expect(result.code, tail(result.out)).not.toBe(0);
      expect(result.out, "names the recovery listener").toMatch(/recovery/i);
      expect(result.out, "names the offline admin token file").toMatch(/token[- _]file/i);
    }
    expect(i3.state().tokens.map((t) => [t.name, t.hash])).toEqual([["_admin", admin!.hash]]);
    expect(writes).toEqual([]);
  }, 240_000);
});
