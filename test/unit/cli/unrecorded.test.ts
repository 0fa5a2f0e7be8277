/** `pulumi-influxdb-tokens unrecorded`: every journal state, from a PULUMI_HOME of its own. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { type Io, main } from "../../../cli/main";
import { CreateJournal, defaultJournalDir, markerDescription } from "../../../provider/lifecycle/create";

let home: string | undefined;
afterEach(() => home && rmSync(home, { recursive: true, force: true }));

const ended = (journal: CreateJournal, attempt: string) => {
  const file = path.join(journal.dir, `${attempt}.json`);
  const entry = JSON.parse(readFileSync(file, "utf8"));
  const pid = spawnSync(process.execPath, ["-e", ""]).pid;
  writeFileSync(file, JSON.stringify({ ...entry, writer: { ...entry.writer, pid } }));
};

it("lists unconfirmed, in-progress, to-check and unprovable entries, with IDs and no secret", async () => {
  home = mkdtempSync(path.join(tmpdir(), "unrecorded-"));
  const env = { PULUMI_HOME: home };
  const journal = new CreateJournal(defaultJournalDir(env), () => undefined);
  const t0 = Date.now() - 60_000;
  const base = { kind: "Authorization", scope: "s", url: "http://127.0.0.1:8086", markerIsProof: true };
  const returned = journal.created(
    journal.begin({ ...base, marker: markerDescription, sentAt: t0 }),
    "0a0b0c0d0e0f0a0b",
  );
  journal.returned(returned);
  journal.begin({
    ...base,
    resource: "urn:pulumi:dev::p::t::running",
    marker: markerDescription,
    sentAt: t0 + 1,
  });
  const lost = journal.begin({ ...base, marker: markerDescription, sentAt: t0 + 2 });
  ended(journal, lost.attempt);
  const named = journal.begin({
    ...base,
    kind: "AdminToken",
    marker: "ops",
    markerIsProof: false,
    sentAt: t0 + 3,
  });
  ended(journal, named.attempt);
  let out = "";
  const io: Io = { out: (t) => (out += t), err: () => undefined, env };
  expect(await main(["unrecorded", "--json"], io)).toBe(0);
  const list = JSON.parse(out) as Array<{ state: string; id: string | null; resource: string | null }>;
  expect(list.map((t) => t.state)).toEqual(["unconfirmed", "in-progress", "to-check", "unprovable"]);
  expect(list[0]?.id).toBe("0a0b0c0d0e0f0a0b");
  expect(list[1]?.resource).toBe("urn:pulumi:dev::p::t::running");

  out = "";
  expect(await main(["unrecorded"], io)).toBe(0);
  expect(out.split("\n")[0]).toMatch(/^STATE\s+KIND\s+ID\s+SENT\s+URL\s+RESOURCE/);
  expect(out).toContain("0a0b0c0d0e0f0a0b");
});
