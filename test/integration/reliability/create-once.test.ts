/**
 * Issue 6 at the hook level, against the emulator's fault injection (fixed seeds): creates whose
 * answer is lost never leave a duplicate or an orphan, a create costs one request when nothing
 * fails, and a token an interrupted earlier run created but never recorded is deleted by the next
 * create of the same resource (the create journal).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { authorizationHooks } from "../../../provider/authorization/hooks";
import { setStackConfig } from "../../../provider/config";
import { databaseTokenHooks } from "../../../provider/database-token/hooks";
import { closeHttpAgent, InfluxApiError, serverClockOffsetMs } from "../../../provider/http";
import {
  CreateJournal,
  CreateOutcomeError,
  type CreateSteps,
  createOnce,
  type PendingCreate,
  useCreateJournal,
} from "../../../provider/reliability";
import { raw } from "../../support/provider";

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

/** A new provider process: its own memory of which IDs it holds, the same journal folder. */
function newProcess(): CreateJournal {
  const journal = new CreateJournal(journalDir, (message) => {
    throw new Error(`unexpected journal warning: ${message}`);
  });
  useCreateJournal(journal);
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

describe("one request per create", () => {
  it("without faults a create is one POST, nothing else (name look-ups aside)", async () => {
    await authorizationHooks().create(authorization(0)); // resolves the bucket name once per process
    // Every answer's Date header gives the server's clock (the emulator shares ours).
    expect(Math.abs(serverClockOffsetMs(emulator.url) ?? Number.NaN)).toBeLessThan(1_500);
    emulator.clearRequestLog();
    await Promise.all(Array.from({ length: 5 }, (_, i) => authorizationHooks().create(authorization(i + 1))));
    await Promise.all(Array.from({ length: 5 }, (_, i) => databaseTokenHooks().create(databaseToken(i))));
    expect(emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      ...Array.from({ length: 5 }, () => "POST /api/v2/authorizations"),
      ...Array.from({ length: 5 }, () => "POST /api/v0/tokens"),
    ]);
  });

  it("an answer lost on a server that lists token values: the token found is kept, not created twice", async () => {
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

describe("a run killed mid-create (the create journal)", () => {
  /** The one journal entry, rewritten as if another process (the killed run) had written it. */
  function asKilledRun(change: (entry: PendingCreate) => Partial<PendingCreate> = () => ({})): PendingCreate {
    const [file] = readdirSync(journalDir).filter((name) => name.endsWith(".json"));
    const entry = JSON.parse(readFileSync(path.join(journalDir, file!), "utf8")) as PendingCreate;
    const killed = { ...entry, run: "0badc0de0bad", ...change(entry) };
    writeFileSync(path.join(journalDir, file!), JSON.stringify(killed));
    return killed;
  }

  it("killed after the POST answered: the next create deletes that token and makes one", async () => {
    const first = await authorizationHooks().create(authorization(1));
    asKilledRun();
    newProcess();
    const second = await authorizationHooks().create(authorization(1));
    expect(second.id).not.toBe(first.id);
    expect(emulator.state().authorizations.map((a) => a.id)).not.toContain(first.id);
    expect(created().authorizations).toEqual(["token 1"]);
  });

  it("killed before the POST answered: the token it created is found by what it grants, and deleted", async () => {
    const first = await databaseTokenHooks().create(databaseToken(1));
    asKilledRun(() => ({ id: undefined }));
    newProcess();
    const second = await databaseTokenHooks().create(databaseToken(1));
    expect(emulator.state().databaseTokens.find((t) => t.id === first.id)?.revokedAt).toBeDefined();
    expect(created().databaseTokens).toEqual(["db token 1"]);
    expect(second.id).not.toBe(first.id);
  });

  it("inputs changed since the kill: the token is still found by what the killed run asked for", async () => {
    await authorizationHooks().create(authorization(2));
    asKilledRun(() => ({ id: undefined }));
    newProcess();
    await authorizationHooks().create({ ...authorization(2), description: "token 2 renamed" });
    expect(created().authorizations).toEqual(["token 2 renamed"]);
  });

  it("a token the engine holds (a later diff, read, update or delete saw it) is never touched", async () => {
    const hooks = authorizationHooks();
    const first = await hooks.create(authorization(4));
    asKilledRun();
    newProcess();
    await hooks.diff(first.id, first.outs as unknown as Record<string, unknown>, authorization(4));
    expect(readdirSync(journalDir).filter((name) => name.endsWith(".json"))).toHaveLength(0);
    // A replacement of the same resource now creates a second token and deletes none.
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
    asKilledRun(); // the next `up` is another process
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
    expect(readdirSync(journalDir).filter((name) => name.endsWith(".json"))).toHaveLength(0);
  });
});

describe("what create-once refuses to guess", () => {
  type Listed = { id: string; createdAt?: number };
  const steps = (listed: Listed[]): CreateSteps<Listed> => ({
    scope: "test",
    identity: "same",
    post: async () => {
      throw new InfluxApiError({ method: "POST", path: "/x", apiMessage: "ECONNRESET" });
    },
    list: async () => listed,
    identityOf: () => "same",
    createdAt: (token) => token.createdAt,
    serverClockOffsetMs: () => 0,
    hasValue: () => false,
    remove: async (id) => {
      throw new Error(`removed ${id}`);
    },
  });

  it("two unknown tokens with the same identity appeared meanwhile: an error naming both, none deleted", async () => {
    const now = Date.now();
    const error = await createOnce(
      steps([
        { id: "a", createdAt: now },
        { id: "b", createdAt: now },
      ]),
      { journal: newProcess() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeError);
    expect((error as Error).message).toMatch(/ECONNRESET.*2 tokens.*\(a, b\).*touches none/s);
  });

  it("an older token with the same identity is someone else's: not taken, the POST is retried", async () => {
    const error = await createOnce(steps([{ id: "old", createdAt: Date.now() - 3_600_000 }]), {
      journal: newProcess(),
      maxPosts: 2,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed 2 times without a usable answer.*ECONNRESET/);
  });

  it("the server's clock an hour ahead (from its Date header): its token is still recognised as ours", async () => {
    const hour = 3_600_000;
    const removed: string[] = [];
    let posts = 0;
    const error = await createOnce(
      {
        ...steps([{ id: "ours", createdAt: Date.now() + hour }]),
        serverClockOffsetMs: () => hour,
        post: async () => {
          posts++;
          throw new InfluxApiError({ method: "POST", path: "/x", apiMessage: "ECONNRESET" });
        },
        remove: async (id) => {
          removed.push(id);
        },
      },
      { journal: newProcess(), maxPosts: 1 },
    ).catch((e: unknown) => e);
    expect(removed).toEqual(["ours"]);
    expect(posts).toBe(1);
    expect((error as Error).message).toMatch(/failed 1 times/);
  });

  it("an unknown outcome whose check also fails says the next up cleans up", async () => {
    const failing = { ...steps([]), list: async () => Promise.reject(new Error("list failed")) };
    const error = await createOnce(failing, { journal: newProcess(), key: "urn:x" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /outcome is unknown \(.*ECONNRESET.*\) and checking for the token failed \(list failed\).*next `pulumi up`/,
    );
    expect(readdirSync(journalDir).filter((name) => name.endsWith(".json"))).toHaveLength(1);
  });
});
