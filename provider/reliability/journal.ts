import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/**
 * The create journal (issue 6): what a `pulumi up` killed outright (SIGKILL, a CI job timeout)
 * leaves behind. The engine only records a token once `create` returns; a token created in the
 * moments before the kill would be an orphan with live credentials. So before each POST the
 * provider writes down, on this machine, which resource it is creating, and after it the ID.
 * The next run's `create` of the same resource finds the entry and deletes that token first.
 *
 * An entry stays until a later run shows the engine recorded its token: the engine calls diff,
 * read, update or delete with the ID (every preview, up and refresh does, for every resource in
 * the stack), and `seen(id)` drops the entry. A `create` of the same resource while its entry is
 * still there means the engine never recorded it: a replacement is always diffed first.
 *
 * Files, not a database: one small JSON file per resource, written by rename (a kill mid-write
 * leaves the old entry or none), under Pulumi's own home (`PULUMI_HOME`, default `~/.pulumi`).
 * Nothing secret is written: no token value, no credential, only IDs and what the token grants.
 */
export interface PendingCreate {
  /** The resource (its URN, from the SDK). */
  key: string;
  /** Server and collection: a token can only be checked through the same API. */
  scope: string;
  /** What the POST asked for, in the form ./match.ts compares listed tokens by. */
  identity: string;
  /** Local clock, ms, when the POST was sent. */
  sentAt: number;
  /** Known once the POST answered. */
  id?: string;
  /** The provider process that wrote it. */
  run: string;
}

/** Entries this old belong to stacks nobody runs on this machine any more. */
const EXPIRY_MS = 30 * 86_400_000;

/** This provider process (one per `pulumi up`). */
export const CURRENT_RUN = randomBytes(6).toString("hex");

export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.PULUMI_HOME || path.join(homedir(), ".pulumi"), "influxdb-tokens", "pending-creates");
}

export class CreateJournal {
  private entries: Map<string, PendingCreate> | undefined;
  /** IDs the engine holds or this process created: never mistaken for a lost token. */
  private readonly knownIds = new Set<string>();
  private failed = false;
  private dirMade = false;

  constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** An entry for this resource written by another (earlier, interrupted) run. */
  pending(key: string): PendingCreate | undefined {
    const entry = this.load().get(key);
    return entry !== undefined && entry.run !== CURRENT_RUN ? entry : undefined;
  }

  /** Before the POST. */
  begin(key: string, scope: string, identity: string, sentAt: number): void {
    this.write({ key, scope, identity, sentAt, run: CURRENT_RUN });
  }

  /** After the POST answered: the token exists, the engine is about to record it. */
  created(key: string, id: string): void {
    this.knownIds.add(id);
    const entry = this.load().get(key);
    if (entry !== undefined) this.write({ ...entry, id, run: CURRENT_RUN });
  }

  /** The create failed for certain (nothing was created), or an earlier run's entry is dealt with. */
  forget(key: string): void {
    if (this.load().delete(key)) this.remove(key);
  }

  /** The engine passed this ID to a hook: it holds the token. */
  seen(id: string): void {
    this.knownIds.add(id);
    for (const entry of this.load().values()) {
      if (entry.id === id && entry.run !== CURRENT_RUN) this.forget(entry.key);
    }
  }

  /** Whether the engine holds this ID (seen in a hook) or this process created it. */
  isHeld(id: string): boolean {
    return this.knownIds.has(id);
  }

  /** Whether a listed token may not be a lost one: held, or another resource's journal entry. */
  isKnown(id: string): boolean {
    if (this.knownIds.has(id)) return true;
    for (const entry of this.load().values()) if (entry.id === id) return true;
    return false;
  }

  private load(): Map<string, PendingCreate> {
    if (this.entries !== undefined) return this.entries;
    this.entries = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith(".json"));
    } catch {
      return this.entries; // no journal yet
    }
    for (const name of names) {
      try {
        const entry = JSON.parse(readFileSync(path.join(this.dir, name), "utf8")) as PendingCreate;
        if (this.now() - entry.sentAt > EXPIRY_MS) rmSync(path.join(this.dir, name), { force: true });
        else this.entries.set(entry.key, entry);
      } catch {
        // A file we cannot read is not ours to judge; leave it.
      }
    }
    return this.entries;
  }

  private fileOf(key: string): string {
    return path.join(this.dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
  }

  private write(entry: PendingCreate): void {
    this.load().set(entry.key, entry);
    if (this.failed) return;
    const file = this.fileOf(entry.key);
    try {
      if (!this.dirMade) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.dirMade = true;
      writeFileSync(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      // Creating tokens matters more than the journal: go on, but say what is not covered.
      this.failed = true;
      this.warn(
        `warning: could not write the create journal in ${this.dir} (${error instanceof Error ? error.message : String(error)}); ` +
          "if this run is killed, a token it was creating may be left behind. Set PULUMI_HOME to a writable folder.",
      );
    }
  }

  private remove(key: string): void {
    try {
      rmSync(this.fileOf(key), { force: true });
    } catch {
      // Stays until a later run removes it; a leftover entry only costs one list or 404.
    }
  }
}
