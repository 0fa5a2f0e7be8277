import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { messageOf } from "../../shared/errors";
import { engineGone, isThisProcess, mayBeRunning, THIS_WRITER, type Writer } from "./writer";

/**
 * Where a create attempt stands. `sending`: journaled, the POST may be on its way or lost.
 * `created`: the POST answered, the token's ID is known, create has not returned yet.
 * `returned`: create returned it to the engine, which records it; never acted on again.
 */
export type AttemptPhase = "sending" | "created" | "returned";

/**
 * One create attempt, written on this machine before its POST (docs/guarantees.md). Nothing
 * secret: no token value, no credential (the scope holds a hash of it), only where the token is,
 * the marker the server will show on it, and its ID once known.
 */
export interface CreateAttempt {
  v: 2;
  /** Random; names the file and makes the marker. */
  attempt: string;
  /** What is being created, e.g. "Authorization". */
  kind: string;
  /** The resource's URN (from the SDK), for messages; absent for other callers. */
  resource?: string;
  /** Server, API, org or cluster, credential hash: a clean-up only acts on entries of its own scope. */
  scope: string;
  /** The server's URL, for messages and the audit CLI. */
  url: string;
  /** What the server shows on the token this attempt made: a nonce description or an autoname. */
  marker: string;
  /**
   * Whether finding the marker proves the token is this attempt's: true for a random marker,
   * false for a token name the user chose (another stack may choose it too).
   */
  markerIsProof: boolean;
  /** Local clock, ms, when the POST was sent. */
  sentAt: number;
  /** The token's ID, once the POST answered (or the lost answer's token was found). */
  id?: string;
  phase: AttemptPhase;
  writer: Writer;
}

/** Entries this old are dropped unread: nobody can act on them any more. */
const EXPIRY_MS = 30 * 86_400_000;

export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.PULUMI_HOME || path.join(homedir(), ".pulumi"), "influxdb-tokens", "create-attempts");
}

export type NewAttempt = Omit<CreateAttempt, "v" | "attempt" | "phase" | "writer" | "marker"> & {
  /** Default: a nonce made from the attempt ID (./marker.ts gives the form). */
  marker: string | ((attempt: string) => string);
};

/**
 * The create journal: one small JSON file per attempt, written by rename (a kill mid-write leaves
 * the old content or none), under Pulumi's own home (`PULUMI_HOME`, default `~/.pulumi`). Every
 * process on the machine shares it: several stacks, backends and CI jobs at once are normal, so
 * an entry is only acted on once its writer has ended (./writer.ts) and its create never
 * returned to the engine.
 */
export class CreateJournal {
  /** What this process wrote or read, by attempt. */
  private readonly known = new Map<string, CreateAttempt>();
  private loaded = false;
  /** Attempts this process has written to disk. */
  private readonly persisted = new Set<string>();
  private failed = false;
  private dirMade = false;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before the POST: returns the entry, with its marker. */
  begin(fields: NewAttempt): CreateAttempt {
    const attempt = randomBytes(16).toString("hex");
    const marker = typeof fields.marker === "function" ? fields.marker(attempt) : fields.marker;
    const entry: CreateAttempt = { v: 2, attempt, ...fields, marker, phase: "sending", writer: THIS_WRITER };
    this.write(entry, false);
    return entry;
  }

  /** The POST answered (or its token was found): the ID is known, create has not returned. */
  created(entry: CreateAttempt, id: string): CreateAttempt {
    const next: CreateAttempt = { ...entry, id, phase: "created" };
    this.write(next, false);
    return next;
  }

  /**
   * Just before create returns the token to the engine. From here on the token is the stack's:
   * no clean-up ever touches it. Throws when that cannot be written down, so that create fails
   * rather than leave an entry a later run would take for an unreturned token, and when the
   * engine has already exited (killed), so that the token is cleaned up instead.
   */
  returned(entry: CreateAttempt): void {
    if (engineGone()) {
      // Left as "created": once this process ends, the next create on the server deletes it.
      throw new Error(
        `the engine that asked for ${entry.kind} ${entry.id ?? ""} has exited, so nobody would record it; ` +
          "it is left to the clean-up of the next create on this server",
      );
    }
    this.write({ ...entry, phase: "returned" }, true);
  }

  /** Nothing of this attempt is left to find (refused for certain, found and deleted, or expired). */
  forget(entry: CreateAttempt): void {
    this.known.delete(entry.attempt);
    this.persisted.delete(entry.attempt);
    try {
      rmSync(this.fileOf(entry.attempt), { force: true });
    } catch {
      // Stays until a later run removes it; a stale entry costs a list or a 404, never a token.
    }
  }

  /**
   * The engine passed this ID to a hook: it holds the token, so no entry may act on it. `scope`
   * narrows it where IDs are only unique per server (InfluxDB 3 token IDs are small integers).
   */
  seen(id: string, scope?: string): void {
    this.loadOnce();
    for (const entry of this.known.values()) {
      if (entry.id === id && (scope === undefined || entry.scope === scope)) this.forget(entry);
    }
  }

  /**
   * Entries of `scope` a clean-up may act on: written by a process that has ended, for a create
   * that never returned. Read afresh: other processes write while this one runs.
   */
  actionable(scope: string): CreateAttempt[] {
    return this.readAll().filter(
      (entry) => entry.scope === scope && entry.phase !== "returned" && !mayBeRunning(entry.writer),
    );
  }

  /** This process's own entries of `scope` and marker that are still open (an earlier attempt's lost POST). */
  ownOpen(scope: string, marker: string): CreateAttempt[] {
    return [...this.known.values()].filter(
      (entry) =>
        entry.scope === scope &&
        entry.marker === marker &&
        entry.phase !== "returned" &&
        isThisProcess(entry.writer),
    );
  }

  /** Every entry on this machine (the audit CLI). */
  all(): CreateAttempt[] {
    return this.readAll();
  }

  private loadOnce(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const entry of this.readAll())
      if (!this.known.has(entry.attempt)) this.known.set(entry.attempt, entry);
  }

  private readAll(): CreateAttempt[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith(".json"));
    } catch {
      return []; // no journal yet
    }
    const entries: CreateAttempt[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const entry = JSON.parse(readFileSync(file, "utf8")) as CreateAttempt;
        if (entry.v !== 2 || typeof entry.attempt !== "string") continue;
        if (this.now() - entry.sentAt > EXPIRY_MS) rmSync(file, { force: true });
        else entries.push(entry);
      } catch {
        // Being renamed into place, or not ours to judge: leave it.
      }
    }
    return entries;
  }

  private fileOf(attempt: string): string {
    return path.join(this.dir, `${attempt}.json`);
  }

  private write(entry: CreateAttempt, mustPersist: boolean): void {
    this.known.set(entry.attempt, entry);
    // An attempt never written down needs no later mark: no run can act on it.
    if (this.failed && (!mustPersist || !this.persisted.has(entry.attempt))) return;
    const file = this.fileOf(entry.attempt);
    try {
      if (!this.dirMade) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.dirMade = true;
      writeFileSync(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      this.persisted.add(entry.attempt);
    } catch (error) {
      const reason = messageOf(error);
      if (mustPersist) {
        // An entry left saying "not returned" would let a later run delete a recorded token.
        try {
          rmSync(file, { force: true });
          return;
        } catch {
          throw new Error(
            `could not write the create journal in ${this.dir} (${reason}); set PULUMI_HOME to a writable folder`,
          );
        }
      }
      // Creating tokens matters more than the journal: go on, but say what is not covered.
      this.failed = true;
      this.warn(
        `warning: could not write the create journal in ${this.dir} (${reason}); if this run is killed, a ` +
          "token it was creating may be left behind. Set PULUMI_HOME to a writable folder.",
      );
    }
  }
}
