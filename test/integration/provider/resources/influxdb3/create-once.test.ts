/**
 * InfluxDB 3 creates whose answer is lost, and runs killed mid-create (docs/guarantees.md): an
 * autoname is this create's marker, so its token is found and replaced; a name the user chose
 * proves nothing, so the create stops naming the token that holds it; a delete by name only
 * deletes the token this stack made; the operator token's lost bootstrap stops with the way out.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeHttpAgent, InfluxApiError } from "../../../../../provider/http";
import {
  type CreateAttempt,
  CreateJournal,
  CreateOutcomeError,
  resetSweeps,
  useCreateJournal,
} from "../../../../../provider/lifecycle/create";
import {
  type Influxdb3Client,
  type Influxdb3ClientFactory,
  influxdb3Client,
  namedTokenHooks,
  operatorTokenHooks,
} from "../../../../../provider/resources/influxdb3";
import { checkAndCreate, type ServerFixture, startServer } from "./harness";

const cleanups: Array<() => Promise<void>> = [];
let journalDir: string;

function newProcess(): void {
  useCreateJournal(new CreateJournal(journalDir, () => undefined));
  resetSweeps();
}

beforeEach(() => {
  journalDir = mkdtempSync(path.join(tmpdir(), "influxdb3-journal-"));
  newProcess();
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  useCreateJournal(undefined);
  rmSync(journalDir, { recursive: true, force: true });
});
afterAll(() => closeHttpAgent());

const lost = () =>
  new InfluxApiError({ method: "POST", path: "/api/v3/configure/token", apiMessage: "socket hang up" });

/** A client whose first `lose` POSTs reach the server and are processed, and whose answers are lost. */
function losingAnswers(lose: number): Influxdb3ClientFactory {
  return (connection) => {
    const client = influxdb3Client(connection);
    const losing =
      <A extends unknown[], R>(post: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const answer = await post(...args);
        if (lose-- > 0) throw lost();
        return answer;
      };
    return {
      ...client,
      createNamedAdminToken: losing(client.createNamedAdminToken),
      createResourceToken: losing(client.createResourceToken),
      createOperatorToken: losing(client.createOperatorToken),
    } satisfies Influxdb3Client;
  };
}

async function tokenNames(server: ServerFixture): Promise<string[]> {
  const rows = await influxdb3Client({ url: server.url, token: server.operator }).listTokens(server.operator);
  return rows
    .map((row) => row.name)
    .filter((name) => name !== "_admin")
    .sort();
}

function journalEntries(): CreateAttempt[] {
  return readdirSync(journalDir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(path.join(journalDir, name), "utf8")) as CreateAttempt);
}

/** Rewrites the entries as a killed run left them: their process ended before create returned. */
function killRun(phase: CreateAttempt["phase"] = "sending"): void {
  const pid = spawnSync(process.execPath, ["-e", ""]).pid as number;
  for (const entry of journalEntries()) {
    writeFileSync(
      path.join(journalDir, `${entry.attempt}.json`),
      JSON.stringify({ ...entry, phase, writer: { ...entry.writer, pid } }),
    );
  }
}

describe("AdminToken and ResourceToken: a lost answer", () => {
  it("an autoname is this create's own: its token is deleted and made again; one token, and it works", async () => {
    const server = await startServer("enterprise", cleanups);
    const hooks = namedTokenHooks("AdminToken", losingAnswers(1));
    const { id, outs } = await checkAndCreate(hooks, { autonamePrefix: "ci", connection: server.connection });
    expect(await tokenNames(server)).toEqual([id]);
    expect(await server.works(String(outs["token"]))).toBe(true);
    const posts = server.requests().filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(server.requests().filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  it("a name the user chose: stops naming the token that holds it, keeps stopping, touches nothing", async () => {
    const server = await startServer("enterprise", cleanups);
    const hooks = namedTokenHooks("ResourceToken", losingAnswers(1));
    const inputs = {
      name: "ingest",
      permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
      connection: server.connection,
    };
    const error = await checkAndCreate(hooks, inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeError);
    const [row] = (
      await influxdb3Client({ url: server.url, token: server.operator }).listTokens(server.operator)
    ).filter((r) => r.name === "ingest");
    const text = (error as Error).message;
    expect(text).toContain(`token_id ${row?.token_id}`);
    expect(text).toContain(String(row?.created_at));
    expect(text).toMatch(/cannot tell.*influxdb3 delete token --token-name 'ingest'.*another name/s);
    // The next `up` (another process) stops the same way; nothing was deleted or created.
    killRun();
    newProcess();
    const again = await checkAndCreate(namedTokenHooks("ResourceToken"), inputs).catch((e: unknown) => e);
    expect((again as Error).message).toContain(`token_id ${row?.token_id}`);
    expect(server.requests().filter((r) => r.method === "DELETE")).toHaveLength(0);
    expect(await tokenNames(server)).toEqual(["ingest"]);
    // The user deletes it: the next create goes through and settles the journal.
    await server.call("DELETE", "/api/v3/configure/token?token_name=ingest", server.operator);
    newProcess();
    await checkAndCreate(namedTokenHooks("ResourceToken"), inputs);
    expect(await tokenNames(server)).toEqual(["ingest"]);
    expect(journalEntries().map((e) => e.phase)).toEqual(["returned"]);
  });
});

describe("AdminToken: a run killed mid-create", () => {
  it("an autonamed token of an ended run is deleted by the next create on the server", async () => {
    const server = await startServer("core", cleanups);
    const first = await checkAndCreate(namedTokenHooks("AdminToken"), { connection: server.connection });
    killRun();
    newProcess();
    const second = await checkAndCreate(namedTokenHooks("AdminToken"), { connection: server.connection });
    expect(await tokenNames(server)).toEqual([second.id]);
    expect(second.id).not.toBe(first.id);
  });

  it("a named token of an ended run is never deleted (the name proves nothing); its next create names it", async () => {
    const server = await startServer("core", cleanups);
    await checkAndCreate(namedTokenHooks("AdminToken"), { name: "ops", connection: server.connection });
    const [entry] = journalEntries();
    killRun();
    const withoutId = { ...entry!, phase: "sending", writer: journalEntries()[0]!.writer };
    delete (withoutId as Partial<CreateAttempt>).id;
    writeFileSync(path.join(journalDir, `${entry!.attempt}.json`), JSON.stringify(withoutId));
    newProcess();
    await checkAndCreate(namedTokenHooks("AdminToken"), { name: "other", connection: server.connection });
    expect(await tokenNames(server)).toEqual(["ops", "other"]);
    const error = await checkAndCreate(namedTokenHooks("AdminToken"), {
      name: "ops",
      connection: server.connection,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /"ops": a create of this name from this machine lost its answer.*token_id/s,
    );
  });

  it("a token of an ended run whose ID was known is deleted only while its name still has that ID", async () => {
    const server = await startServer("core", cleanups);
    const first = await checkAndCreate(namedTokenHooks("AdminToken"), {
      name: "ops",
      connection: server.connection,
    });
    killRun("created");
    // Someone deleted it and made another token of the same name meanwhile.
    await server.call("DELETE", "/api/v3/configure/token?token_name=ops", server.operator);
    await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, { token_name: "ops" });
    newProcess();
    await checkAndCreate(namedTokenHooks("AdminToken"), { name: "other", connection: server.connection });
    expect(await tokenNames(server)).toEqual(["ops", "other"]);
    expect(first.outs["tokenId"]).toBeDefined();
  });
});

describe("delete by name", () => {
  it("a name now held by another token (another ID) is not deleted", async () => {
    const server = await startServer("core", cleanups);
    const hooks = namedTokenHooks("AdminToken");
    const { id, outs } = await checkAndCreate(hooks, { name: "ci", connection: server.connection });
    await server.call("DELETE", "/api/v3/configure/token?token_name=ci", server.operator);
    await server.call("POST", "/api/v3/configure/token/named_admin", server.operator, { token_name: "ci" });
    await hooks.delete(id, outs);
    expect(await tokenNames(server)).toEqual(["ci"]);
    expect(server.requests().filter((r) => r.method === "DELETE")).toHaveLength(1); // the out-of-band one
  });
});

describe("OperatorToken: a lost bootstrap", () => {
  it("fails naming the ways out, and keeps failing with them on the next up", async () => {
    const server = await startServer("core", cleanups, { bootstrap: false });
    const error = await checkAndCreate(operatorTokenHooks(losingAnswers(1)), {
      connection: { url: server.url },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeError);
    const ways = /lost its answer.*--admin-token-recovery-http-bind.*--admin-token-file.*existingToken/s;
    expect((error as Error).message).toMatch(ways);
    killRun();
    newProcess();
    const again = await checkAndCreate(operatorTokenHooks(), { connection: { url: server.url } }).catch(
      (e: unknown) => e,
    );
    expect((again as Error).message).toMatch(ways);
  });
});
