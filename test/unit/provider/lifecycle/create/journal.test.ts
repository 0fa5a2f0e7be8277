/** The create journal's rules (provider/lifecycle/create/journal.ts, writer.ts), on a folder of its own. */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CreateAttempt,
  CreateJournal,
  defaultJournalDir,
  markerDescription,
  mayBeRunning,
  THIS_WRITER,
} from "../../../../../provider/lifecycle/create";

let dir: string;
let warnings: string[];
const journal = (now?: () => number) => new CreateJournal(dir, (m) => warnings.push(m), now);
const files = () => readdirSync(dir).filter((name) => name.endsWith(".json"));
const read = (attempt: string): CreateAttempt =>
  JSON.parse(readFileSync(path.join(dir, `${attempt}.json`), "utf8")) as CreateAttempt;

/** A pid that belonged to a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid as number;
}

/** Rewrites an entry as written by a process that has ended (a killed run). */
function endWriter(attempt: string): void {
  const entry = read(attempt);
  writeFileSync(
    path.join(dir, `${attempt}.json`),
    JSON.stringify({ ...entry, writer: { ...entry.writer, pid: deadPid() } }),
  );
}

const fields = (scope = "s") => ({
  kind: "Authorization",
  resource: "urn:pulumi:dev::p::t::a",
  scope,
  url: "http://127.0.0.1:1",
  marker: markerDescription,
  markerIsProof: true,
  sentAt: Date.now(),
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "journal-"));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("create journal", () => {
  it("lives under PULUMI_HOME, else ~/.pulumi", () => {
    expect(defaultJournalDir({ PULUMI_HOME: "/x" })).toBe("/x/influxdb-tokens/create-attempts");
    expect(defaultJournalDir({})).toMatch(/\/\.pulumi\/influxdb-tokens\/create-attempts$/);
  });

  it("writes each attempt before its POST, with a marker of its own and this process as writer", () => {
    const a = journal().begin(fields());
    const b = journal().begin(fields());
    expect(a.marker).toBe(`pulumi-influxdb-tokens creating ${a.attempt}`);
    expect(a.marker).not.toBe(b.marker);
    expect(read(a.attempt)).toMatchObject({ v: 2, phase: "sending", writer: THIS_WRITER, scope: "s" });
    expect(files()).toHaveLength(2);
  });

  it("holds no secret: only scope, marker, IDs and times", () => {
    const j = journal();
    j.created(j.begin(fields("http://h|v2|org|credhash")), "0123456789abcdef");
    const text = readFileSync(path.join(dir, files()[0] as string), "utf8");
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      [
        "attempt",
        "id",
        "kind",
        "marker",
        "markerIsProof",
        "phase",
        "resource",
        "scope",
        "sentAt",
        "url",
        "v",
        "writer",
      ].sort(),
    );
  });

  it("an entry of a running process is never actionable, one of an ended process is", () => {
    const j = journal();
    const entry = j.begin(fields());
    expect(j.actionable("s")).toEqual([]);
    endWriter(entry.attempt);
    expect(
      journal()
        .actionable("s")
        .map((e) => e.attempt),
    ).toEqual([entry.attempt]);
    expect(journal().actionable("other scope")).toEqual([]);
  });

  it("once returned to the engine an entry is never actionable, even after its process ended", () => {
    const j = journal();
    const entry = j.created(j.begin(fields()), "0123456789abcdef");
    j.returned(entry);
    endWriter(entry.attempt);
    expect(journal().actionable("s")).toEqual([]);
    expect(
      journal()
        .all()
        .map((e) => e.phase),
    ).toEqual(["returned"]);
  });

  it("seen(id) drops every entry with that ID (the engine holds the token); a scope narrows it", () => {
    const j = journal();
    const a = j.created(j.begin(fields("one")), "7");
    const b = j.created(j.begin(fields("two")), "7");
    journal().seen("7", "one");
    expect(files()).toEqual([`${b.attempt}.json`]);
    journal().seen("7");
    expect(files()).toEqual([]);
    expect(a.attempt).not.toBe(b.attempt);
  });

  it("forget removes the file; entries older than 30 days are dropped unread", () => {
    const j = journal();
    const entry = j.begin(fields());
    j.forget(entry);
    expect(files()).toEqual([]);
    j.begin({ ...fields(), sentAt: Date.now() - 31 * 86_400_000 });
    expect(journal().all()).toEqual([]);
    expect(files()).toEqual([]);
  });

  it("an unwritable folder: creates go on with one warning; the returned mark then never throws", () => {
    const blocked = path.join(dir, "file");
    writeFileSync(blocked, "");
    const j = new CreateJournal(path.join(blocked, "sub"), (m) => warnings.push(m));
    const entry = j.begin(fields());
    j.begin(fields());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not write the create journal.*PULUMI_HOME/);
    expect(() => j.returned(entry)).not.toThrow();
  });

  it("a returned mark that cannot be written removes the entry, so no later run acts on it", () => {
    const j = journal();
    const entry = j.created(j.begin(fields()), "x");
    mkdirSync(path.join(dir, `${entry.attempt}.json.tmp`)); // the write fails
    expect(() => j.returned(entry)).not.toThrow();
    expect(files()).toEqual([]);
  });

  it("a returned mark that can neither be written nor removed fails the create", () => {
    const j = journal();
    const entry = j.created(j.begin(fields()), "x");
    const file = path.join(dir, `${entry.attempt}.json`);
    rmSync(file);
    mkdirSync(path.join(file, "in-the-way"), { recursive: true }); // rename and remove both fail
    expect(() => j.returned(entry)).toThrow(/could not write the create journal.*PULUMI_HOME/);
  });
});

describe("writer liveness", () => {
  it("this process, and a process of another host, may be running; an ended pid is not", () => {
    expect(mayBeRunning(THIS_WRITER)).toBe(true);
    expect(mayBeRunning({ ...THIS_WRITER, host: "another-machine" })).toBe(true);
    expect(mayBeRunning({ host: THIS_WRITER.host, pid: deadPid() })).toBe(false);
  });

  it("a pid reused by a later process is not the writer (its start time differs)", () => {
    if (THIS_WRITER.start === undefined) return; // no /proc: the pid alone decides, erring on "running"
    expect(mayBeRunning({ host: THIS_WRITER.host, pid: process.ppid, start: "1" })).toBe(false);
    expect(mayBeRunning({ ...THIS_WRITER, start: "1" })).toBe(false);
  });
});

describe("an engine that has exited", () => {
  it("is noticed by the process it started (re-parented), so its creates are never marked returned", async () => {
    // parent -> child; the child checks engineGone() before and after its parent exits.
    const writer = path.resolve(__dirname, "../../../../../provider/lifecycle/create/writer.ts");
    const child = `
      require("ts-node").register({ transpileOnly: true });
      const { engineGone } = require(${JSON.stringify(writer)});
      const before = engineGone();
      const poll = setInterval(() => {
        if (process.ppid === 1 || engineGone()) {
          clearInterval(poll);
          require("node:fs").writeFileSync(process.argv[1], JSON.stringify({ before, after: engineGone() }));
        }
      }, 20);
      setTimeout(() => process.exit(1), 10000);`;
    const out = path.join(dir, "child.json");
    const parent = `
      const { spawn } = require("node:child_process");
      spawn(process.execPath, ["-e", ${JSON.stringify(child)}, ${JSON.stringify(out)}], { detached: true, stdio: "ignore" }).unref();
      setTimeout(() => process.exit(0), 1500);`;
    spawnSync(process.execPath, ["-e", parent], { cwd: path.resolve(__dirname, "../../../../..") });
    for (let i = 0; i < 200 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ before: false, after: true });
  }, 20_000);
});

describe("a killed writer nobody has reaped yet", () => {
  it("is not running: a zombie (state Z) still answers kill(pid, 0) but runs nothing", async () => {
    // The child exits after its parent has exec'd `sleep`, which never reaps it: a zombie until the
    // parent ends. (A child that exits before the exec may be reaped by the shell itself.)
    const { spawn } = await import("node:child_process");
    const parent = spawn("sh", ["-c", "sleep 0.5 & echo $!; exec sleep 4"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim()))),
    );
    const fields = () => {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    };
    try {
      for (let i = 0; i < 300 && fields()[0] !== "Z"; i++) await new Promise((r) => setTimeout(r, 10));
      expect(fields()[0]).toBe("Z");
      expect(() => process.kill(pid, 0)).not.toThrow(); // why a pid check alone is not enough
      expect(mayBeRunning({ host: THIS_WRITER.host, pid, start: fields()[19] as string })).toBe(false);
    } finally {
      parent.kill();
    }
  }, 10_000);
});
