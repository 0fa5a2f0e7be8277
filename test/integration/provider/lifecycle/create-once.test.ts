/**
 * Creates at the hook level, against the emulator's fault injection (fixed seeds): a lost answer
 * never leaves a duplicate or an orphan, a create costs a POST and a PATCH when nothing fails,
 * and a token is only ever deleted or kept when the marker this attempt journaled proves it is
 * its own (docs/guarantees.md): never a look-alike of another stack, never an entry of a process
 * that is still running or of a create that returned.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../../emulator";
import { v2Client } from "../../../../provider/clients/v2";
import { resolveV2Connection, setStackConfig } from "../../../../provider/config";
import { closeHttpAgent, type RequestFn, request } from "../../../../provider/http";
import {
  type CreateAttempt,
  CreateJournal,
  CreateOutcomeError,
  isMarkerDescription,
  resetSweeps,
  useCreateJournal,
} from "../../../../provider/lifecycle/create";
import { authorizationHooks } from "../../../../provider/resources/authorization/hooks";
import { databaseTokenHooks } from "../../../../provider/resources/database-token/hooks";
import { raw } from "../../../support/provider";

const N = 20;
let emulator: Emulator;
let journalDir: string;

function configure(extra: Record<string, string> = {}): void {
  const values: Record<string, string> = {
    "influxdb:url": emulator.url,
    "influxdb:token": emulator.token,
    "influxdb:org": emulator.seed.org.name,
    "influxdb:managementUrl": emulator.url,
    "influxdb:managementToken": emulator.managementToken,
    ...extra,
  };
  setStackConfig({ get: (key) => values[key] });
}

/** A new provider process: nothing in memory, the same journal folder, no clean-up done yet. */
function newProcess(): CreateJournal {
  const journal = new CreateJournal(journalDir, (message) => {
    throw new Error(`unexpected journal warning: ${message}`);
  });
  useCreateJournal(journal);
  resetSweeps();
  return journal;
}

const authorization = (i: number) => ({
  __provider: "serialized",
  __createKey: `urn:pulumi:test::p::influxdb:Authorization::auth-${i}`,
  description: `token ${i}`,
  permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
});
const databaseToken = (i: number) => ({
  __provider: "serialized",
  __createKey: `urn:pulumi:test::p::influxdb:DatabaseToken::db-${i}`,
  description: `db token ${i}`,
  permissions: [{ action: "read", resource: "sensors" }],
});

/** Tokens the test created (the seeded operator authorization excluded). */
function created(): { authorizations: string[]; databaseTokens: string[] } {
  const state = emulator.state();
  return {
    authorizations: state.authorizations
      .filter((a) => a.description.startsWith("token "))
      .map((a) => a.description),
    databaseTokens: state.databaseTokens.filter((t) => t.revokedAt === undefined).map((t) => t.description),
  };
}

/** The journal entries on disk. */
function journalEntries(): CreateAttempt[] {
  return readdirSync(journalDir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(path.join(journalDir, name), "utf8")) as CreateAttempt);
}

function faultsInjected(): number {
  return emulator.requestLog().filter((entry) => entry.fault !== undefined).length;
}

beforeEach(async () => {
  journalDir = mkdtempSync(path.join(tmpdir(), "create-journal-"));
  newProcess();
  emulator = await startEmulator({ seed: 6 });
  configure({ "influxdb:retryMaxAttempts": "8" });
});
afterEach(async () => {
  setStackConfig(undefined);
  useCreateJournal(undefined);
  rmSync(journalDir, { recursive: true, force: true });
  await emulator.close();
});
afterAll(() => closeHttpAgent());

describe("create-once against injected faults", () => {
  it(`${N} Authorizations and ${N} DatabaseTokens while 30% of requests get 429/503 and latency varies`, async () => {
    emulator.setFaults({ rate429: 0.15, rate503: 0.15, retryAfterSeconds: 0, latencyMs: [0, 20] });
    const a = await Promise.all(
      Array.from({ length: N }, (_, i) => authorizationHooks().create(authorization(i))),
    );
    const d = await Promise.all(
      Array.from({ length: N }, (_, i) => databaseTokenHooks().create(databaseToken(i))),
    );
    const found = created();
    expect(found.authorizations.sort()).toEqual(Array.from({ length: N }, (_, i) => `token ${i}`).sort());
    expect(found.databaseTokens.sort()).toEqual(Array.from({ length: N }, (_, i) => `db token ${i}`).sort());
    expect(new Set(a.map((r) => r.id)).size).toBe(N);
    expect(new Set(d.map((r) => r.id)).size).toBe(N);
    expect(
      a.every(
        (r) => typeof r.outs?.token === "string" && r.outs.description?.toString().startsWith("token "),
      ),
    ).toBe(true);
    expect(faultsInjected()).toBeGreaterThan(10);
    console.log(
      `429/503 run: ${faultsInjected()} faults injected, ${2 * N} tokens expected, ${found.authorizations.length + found.databaseTokens.length} found`,
    );
  });

  it(`connection resets after the server processed the POST: still exactly ${N} of each, no orphan`, async () => {
    emulator.setFaults({
      resetAfterRate: 0.3,
      methods: ["POST"],
      paths: "^/api/v(2/authorizations|0/tokens)$",
    });
    const a = await Promise.all(
      Array.from({ length: N }, (_, i) => authorizationHooks().create(authorization(i))),
    );
    const d = await Promise.all(
      Array.from({ length: N }, (_, i) => databaseTokenHooks().create(databaseToken(i))),
    );
    const resets = emulator.requestLog().filter((entry) => entry.fault === "reset-after").length;
    expect(resets).toBeGreaterThan(3);
    const found = created();
    // Exactly one token per resource.
    expect(found.authorizations.sort()).toEqual(Array.from({ length: N }, (_, i) => `token ${i}`).sort());
    expect(found.databaseTokens.sort()).toEqual(Array.from({ length: N }, (_, i) => `db token ${i}`).sort());
    // Every token the hooks returned works: the values are not from a lost answer.
    for (const r of a.slice(0, 5)) {
      const read = await raw(
        emulator,
        "GET",
        `/api/v2/buckets/${emulator.seed.buckets.telemetry}`,
        `Token ${r.outs?.token}`,
      );
      expect(read.status).toBe(200);
    }
    expect(d.every((r) => typeof r.outs?.accessToken === "string")).toBe(true);
    console.log(
      `reset-after run: ${resets} POSTs processed then reset, ${2 * N} tokens expected, ${found.authorizations.length + found.databaseTokens.length} found`,
    );
  });
});

describe("requests per create", () => {
  it("without faults a create is one POST under a marker and one PATCH to the declared description", async () => {
    // What each POST carried, seen on the way out.
    const posted: string[] = [];
    const send: RequestFn = (options) => {
      if (options.method === "POST") posted.push((options.body as { description: string }).description);
      return request(options);
    };
    const hooks = authorizationHooks((connection) => v2Client(resolveV2Connection(connection), send));
    await hooks.create(authorization(0)); // resolves the bucket name once per process
    emulator.clearRequestLog();
    await Promise.all(Array.from({ length: 5 }, (_, i) => hooks.create(authorization(i + 1))));
    await Promise.all(Array.from({ length: 5 }, (_, i) => databaseTokenHooks().create(databaseToken(i))));
    const log = emulator
      .requestLog()
      .map(
        (entry) =>
          `${entry.method} ${entry.path.replace(/^(\/api\/v[02]\/(authorizations|tokens))\/.+$/, "$1/{id}")}`,
      );
    expect(log.filter((line) => line === "POST /api/v2/authorizations")).toHaveLength(5);
    expect(log.filter((line) => line === "PATCH /api/v2/authorizations/{id}")).toHaveLength(5);
    expect(log.filter((line) => line === "POST /api/v0/tokens")).toHaveLength(5);
    expect(log.filter((line) => line === "PATCH /api/v0/tokens/{id}")).toHaveLength(5);
    expect(log).toHaveLength(20);
    expect(posted).toHaveLength(6);
    expect(posted.every(isMarkerDescription)).toBe(true);
    expect(new Set(posted).size).toBe(6);
    expect(created().authorizations.sort()).toEqual([
      "token 0",
      "token 1",
      "token 2",
      "token 3",
      "token 4",
      "token 5",
    ]);
    // Every attempt returned to the engine: a later run never acts on them.
    expect(journalEntries().every((entry) => entry.phase === "returned")).toBe(true);
  });

  it("an answer lost on a server that lists token values: the token with this attempt's marker is kept", async () => {
    await emulator.close();
    emulator = await startEmulator({ seed: 6, tokenVisibility: "plain" });
    configure({ "influxdb:retryMaxAttempts": "8" });
    emulator.setFaults({ resetAfterRate: 1, methods: ["POST"], paths: "^/api/v2/authorizations$" });
    const result = await authorizationHooks().create(authorization(3));
    expect(created().authorizations).toEqual(["token 3"]);
    expect(emulator.state().authorizations.find((a) => a.description === "token 3")?.id).toBe(result.id);
    expect(typeof result.outs?.token).toBe("string");
    expect(emulator.requestLog().filter((entry) => entry.method === "POST")).toHaveLength(1);
  });
});

describe("look-alikes are never ours", () => {
  /** Another stack's token with exactly the same definition, made by a raw POST. */
  async function anotherStacksToken(description: string): Promise<string> {
    const response = await raw(emulator, "POST", "/api/v2/authorizations", `Token ${emulator.token}`, {
      orgID: emulator.seed.org.id,
      description,
      permissions: [
        {
          action: "read",
          resource: { type: "buckets", id: emulator.seed.buckets.telemetry, orgID: emulator.seed.org.id },
        },
      ],
    });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  it("a lost answer while an identical token of another stack appears: that token is untouched", async () => {
    await emulator.close();
    for (const tokenVisibility of ["hashed", "plain"] as const) {
      emulator = await startEmulator({ seed: 6, tokenVisibility });
      configure({ "influxdb:retryMaxAttempts": "8" });
      newProcess();
      const theirs = await anotherStacksToken("token 7");
      // Our first POST is processed then its answer is lost; the look-alike is created "meanwhile".
      emulator.setFaults({ resetAfterRate: 1, methods: ["POST"], paths: "^/api/v2/authorizations$" });
      const pending = authorizationHooks().create(authorization(7));
      const result = await pending.catch((e: unknown) => e);
      emulator.setFaults({});
      const deletes = emulator.requestLog().filter((entry) => entry.method === "DELETE");
      expect(deletes.map((entry) => entry.path)).not.toContain(`/api/v2/authorizations/${theirs}`);
      expect(emulator.state().authorizations.map((a) => a.id)).toContain(theirs);
      // Each of its own tokens was found by its marker: kept (plain) or deleted (hashed), none left.
      expect(emulator.state().authorizations.filter((a) => isMarkerDescription(a.description))).toEqual([]);
      if (tokenVisibility === "plain") {
        // Its own token was found by its marker and kept: not the look-alike.
        expect((result as { id: string }).id).not.toBe(theirs);
        expect(created().authorizations.sort()).toEqual(["token 7", "token 7"]);
      }
      await emulator.close();
    }
    emulator = await startEmulator({ seed: 6 });
  });
});

describe("a run killed mid-create (the create journal)", () => {
  /** A pid of a process that has ended. */
  const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid as number;

  /** Rewrites an entry (the first, or the one `pick` finds) as a killed run left it: its process ended. */
  function asKilledRun(change: Partial<CreateAttempt>, pick = (_: CreateAttempt) => true): CreateAttempt {
    const entry = journalEntries().find(pick);
    const killed: CreateAttempt = { ...entry!, ...change, writer: { ...entry!.writer, pid: deadPid() } };
    if (change.id === undefined && "id" in change) delete killed.id;
    writeFileSync(path.join(journalDir, `${entry!.attempt}.json`), JSON.stringify(killed));
    return killed;
  }

  it("killed after the POST answered: the next create in the scope deletes that token by its ID", async () => {
    const first = await authorizationHooks().create(authorization(1));
    asKilledRun({ phase: "created" });
    newProcess();
    // Another resource of the same org and credential: the clean-up is per scope, not per resource.
    const second = await authorizationHooks().create(authorization(2));
    expect(emulator.state().authorizations.map((a) => a.id)).not.toContain(first.id);
    expect(created().authorizations).toEqual(["token 2"]);
    expect(journalEntries().map((e) => e.id)).toEqual([second.id]);
  });

  it("killed before the POST answered: the token carrying its marker is found and deleted", async () => {
    const first = await databaseTokenHooks().create(databaseToken(1));
    const killed = asKilledRun({ phase: "sending", id: undefined });
    // The killed run's token still carries the marker (its PATCH never happened).
    await raw(emulator, "PATCH", `/api/v0/tokens/${first.id}`, `Bearer ${emulator.managementToken}`, {
      description: killed.marker,
    });
    newProcess();
    const second = await databaseTokenHooks().create(databaseToken(1));
    expect(emulator.state().databaseTokens.find((t) => t.id === first.id)?.revokedAt).toBeDefined();
    expect(created().databaseTokens).toEqual(["db token 1"]);
    expect(second.id).not.toBe(first.id);
  });

  it("killed before the POST answered, marker not (yet) on the server: nothing deleted, entry kept for 60 s", async () => {
    const first = await authorizationHooks().create(authorization(3));
    asKilledRun({ phase: "sending", id: undefined });
    newProcess();
    await authorizationHooks().create(authorization(4));
    // The declared description is no proof: token 3 (which looks like someone's) stays.
    expect(emulator.state().authorizations.map((a) => a.id)).toContain(first.id);
    expect(journalEntries().filter((e) => e.phase === "sending")).toHaveLength(1);
    // Past the late-processing window the entry is dropped, still without deleting anything.
    asKilledRun({ sentAt: Date.now() - 61_000 }, (e) => e.phase === "sending");
    newProcess();
    await authorizationHooks().create(authorization(5));
    expect(emulator.state().authorizations.map((a) => a.id)).toContain(first.id);
    expect(journalEntries().filter((e) => e.phase === "sending")).toHaveLength(0);
  });

  it("an entry of a process that is still running is never acted on (a second backend, a CI job beside)", async () => {
    const first = await authorizationHooks().create(authorization(6));
    const [entry] = journalEntries();
    // Still running: this very process, as another backend's `pulumi up` would be.
    writeFileSync(
      path.join(journalDir, `${entry!.attempt}.json`),
      JSON.stringify({ ...entry, phase: "created" }),
    );
    newProcess();
    await authorizationHooks().create(authorization(7));
    expect(emulator.state().authorizations.map((a) => a.id)).toContain(first.id);
  });

  it("a create that returned to the engine is never acted on, even if its run was killed before the checkpoint", async () => {
    const first = await authorizationHooks().create(authorization(8));
    asKilledRun({}); // phase "returned", process ended: the documented window
    newProcess();
    await authorizationHooks().create(authorization(9));
    expect(emulator.state().authorizations.map((a) => a.id)).toContain(first.id);
    expect(journalEntries().find((e) => e.id === first.id)?.phase).toBe("returned");
  });

  it("a token the engine holds (a later diff, read, update or delete saw it) is never touched", async () => {
    const hooks = authorizationHooks();
    const first = await hooks.create(authorization(4));
    asKilledRun({ phase: "created" });
    newProcess();
    await hooks.diff(first.id, first.outs as unknown as Record<string, unknown>, authorization(4));
    expect(journalEntries()).toHaveLength(0);
    await hooks.create({ ...authorization(4), description: "token 4 replacement" });
    expect(created().authorizations.sort()).toEqual(["token 4", "token 4 replacement"]);
  });

  it("a token whose activation timed out and whose revoke failed is deleted by the next create", async () => {
    configure({ "influxdb:retryMaxAttempts": "1" });
    // Nothing listens on port 9 of loopback: the probe never succeeds; DELETE fails before processing.
    emulator.setFaults({ resetBeforeRate: 1, methods: ["DELETE"] });
    const waiting = { ...databaseToken(6), waitForActivation: { timeout: "1s", url: "http://127.0.0.1:9" } };
    await expect(databaseTokenHooks().create(waiting)).rejects.toThrow();
    const [left] = emulator.state().databaseTokens.filter((t) => t.revokedAt === undefined);
    expect(left?.description).toBe("db token 6");
    emulator.setFaults({});
    asKilledRun({}); // the next `up` is another process; this one has ended
    newProcess();
    const next = await databaseTokenHooks().create(databaseToken(6));
    expect(emulator.state().databaseTokens.find((t) => t.id === left?.id)?.revokedAt).toBeDefined();
    expect(created().databaseTokens).toEqual(["db token 6"]);
    expect(next.id).not.toBe(left?.id);
  });

  it("a create whose POST the server refused for certain leaves no journal entry", async () => {
    configure({ "influxdb:retryMaxAttempts": "1" });
    emulator.setFaults({ rate429: 1, methods: ["POST"] });
    await expect(authorizationHooks().create(authorization(5))).rejects.toThrow(/429/);
    expect(journalEntries()).toHaveLength(0);
  });

  it("a PATCH that fails after the POST: the token (proven ours by the answer) is deleted, none left", async () => {
    configure({ "influxdb:retryMaxAttempts": "1" });
    emulator.setFaults({ rate429: 1, methods: ["PATCH"] });
    await expect(authorizationHooks().create(authorization(2))).rejects.toThrow(/429/);
    expect(emulator.state().authorizations.filter((a) => isMarkerDescription(a.description))).toEqual([]);
    expect(created().authorizations).toEqual([]);
    expect(journalEntries()).toHaveLength(0);
  });

  it("an unknown outcome whose look-up also fails names the marker and leaves the entry for the next run", async () => {
    configure({ "influxdb:retryMaxAttempts": "1" });
    emulator.setFaults({ resetAfterRate: 1, methods: ["POST", "GET"], paths: "^/api/v2/authorizations$" });
    const error = await authorizationHooks()
      .create(authorization(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeError);
    const [entry] = journalEntries();
    expect((error as Error).message).toContain(entry!.marker);
    expect((error as Error).message).toMatch(
      /outcome is unknown.*looking for its token failed.*next create/s,
    );
    // The next run (the process ended) finds the token by that marker and deletes it.
    emulator.setFaults({});
    asKilledRun({});
    newProcess();
    await authorizationHooks().create(authorization(2));
    expect(emulator.state().authorizations.filter((a) => isMarkerDescription(a.description))).toEqual([]);
    expect(created().authorizations).toEqual(["token 2"]);
  });
});
