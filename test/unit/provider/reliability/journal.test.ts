/** The create journal's rules (provider/reliability/journal.ts), on a folder of its own. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CreateJournal, CURRENT_RUN, defaultJournalDir } from "../../../../provider/reliability";

let dir: string;
let warnings: string[];
const journal = (now?: () => number) => new CreateJournal(dir, (m) => warnings.push(m), now);
const files = () => readdirSync(dir).filter((name) => name.endsWith(".json"));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "journal-"));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites every entry as written by another (killed) process. */
function killRun(): void {
  for (const name of files()) {
    const entry = JSON.parse(readFileSync(path.join(dir, name), "utf8"));
    writeFileSync(path.join(dir, name), JSON.stringify({ ...entry, run: "0badc0de0bad" }));
  }
}

describe("create journal", () => {
  it("lives under PULUMI_HOME, else ~/.pulumi", () => {
    expect(defaultJournalDir({ PULUMI_HOME: "/x" })).toBe("/x/influxdb-tokens/pending-creates");
    expect(defaultJournalDir({})).toMatch(/\/\.pulumi\/influxdb-tokens\/pending-creates$/);
  });

  it("an entry of this run is not pending for this run; after a kill, the next process finds it", () => {
    const a = journal();
    const sentAt = Date.now();
    a.begin("urn:a", "scope", "identity", sentAt);
    a.created("urn:a", "id-1");
    expect(a.pending("urn:a")).toBeUndefined();
    killRun();
    expect(journal().pending("urn:a")).toMatchObject({ key: "urn:a", id: "id-1", sentAt });
    expect(readFileSync(path.join(dir, files()[0]!), "utf8")).not.toMatch(/token"|secret/i);
  });

  it("seen(id): the engine holds it, the entry of the killed run goes; an entry of this run stays", () => {
    const a = journal();
    a.begin("urn:a", "s", "i", Date.now());
    a.created("urn:a", "id-1");
    killRun();
    const b = journal();
    b.begin("urn:b", "s", "i", Date.now());
    b.created("urn:b", "id-2");
    b.seen("id-1");
    b.seen("id-2");
    expect(b.pending("urn:a")).toBeUndefined();
    expect(files()).toHaveLength(1);
    expect(b.isHeld("id-1")).toBe(true);
  });

  it("isKnown: held IDs and IDs of any entry; isHeld: only what the engine or this run holds", () => {
    const a = journal();
    a.begin("urn:a", "s", "i", Date.now());
    a.created("urn:a", "id-1");
    killRun();
    const b = journal();
    expect(b.isKnown("id-1")).toBe(true);
    expect(b.isHeld("id-1")).toBe(false);
    expect(b.isKnown("id-9")).toBe(false);
  });

  it("forget removes the file; entries older than 30 days are dropped on load", () => {
    const a = journal();
    a.begin("urn:a", "s", "i", Date.now());
    a.forget("urn:a");
    expect(files()).toHaveLength(0);
    a.begin("urn:old", "s", "i", Date.now() - 31 * 86_400_000);
    killRun();
    expect(journal().pending("urn:old")).toBeUndefined();
    expect(files()).toHaveLength(0);
  });

  it("a folder that cannot be written: one warning naming it and the fix, creates go on", () => {
    writeFileSync(path.join(dir, "file"), "");
    const blocked = new CreateJournal(path.join(dir, "file", "sub"), (m) => warnings.push(m));
    blocked.begin("urn:a", "s", "i", Date.now());
    blocked.begin("urn:b", "s", "i", Date.now());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not write the create journal in .*file\/sub.*PULUMI_HOME/);
    expect(CURRENT_RUN).toMatch(/^[0-9a-f]{12}$/);
  });
});
