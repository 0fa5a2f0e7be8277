import { messageOf } from "../../shared/errors";
import type { CreateAttempt, CreateJournal } from "./journal";

/** How long after its sending a server may still process a POST (twice the default headers timeout). */
export const LATE_PROCESSING_MS = 60_000;

/** What a clean-up needs from an API client, for one scope. */
export interface SweepSteps<T> {
  /** The entries acted on are this scope's (each names its own kind in messages). */
  scope: string;
  /** The tokens of the scope, to look for markers among. */
  list(): Promise<T[]>;
  markerOf(token: T): string | undefined;
  /** The ID a journal entry records for this token. */
  idOf(token: T): string;
  /** The listed token's ID for messages (the same as idOf unless the API names tokens). */
  describe(token: T): string;
  remove(token: T): Promise<void>;
  /** Delete by recorded ID without listing, where the API allows it (v2, management). */
  removeById?(id: string): Promise<void>;
}

export interface SweepOptions {
  now?: () => number;
  info: (message: string) => void;
  warn: (message: string) => void;
}

const when = (entry: CreateAttempt) =>
  `process ${entry.writer.pid}, ${new Date(entry.sentAt).toISOString()}${entry.resource === undefined ? "" : `, for ${entry.resource}`}`;

/**
 * Deletes the tokens that ended processes made and never returned to the engine, in one scope:
 * an entry's token is found by its recorded ID or its marker, never by what it grants. A marker
 * not found yet is kept until its POST can no longer be processed (LATE_PROCESSING_MS), then
 * dropped. A name the user chose proves nothing, so such entries only inform error messages.
 */
export async function sweepInterrupted<T>(
  steps: SweepSteps<T>,
  journal: CreateJournal,
  options: SweepOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const entries = journal.actionable(steps.scope);
  if (entries.length === 0) return;
  let listed: T[] | undefined;
  for (const entry of entries) {
    try {
      if (entry.id !== undefined && steps.removeById !== undefined) {
        await steps.removeById(entry.id);
        options.info(
          `deleted ${entry.kind} ${entry.id}: an interrupted run (${when(entry)}) created it and Pulumi never recorded it`,
        );
        journal.forget(entry);
        continue;
      }
      listed ??= await steps.list();
      const token = listed.find(
        (t) => steps.markerOf(t) === entry.marker && (entry.id === undefined || steps.idOf(t) === entry.id),
      );
      if (token !== undefined && (entry.markerIsProof || entry.id !== undefined)) {
        await steps.remove(token);
        options.info(
          `deleted ${entry.kind} ${steps.describe(token)}: an interrupted run (${when(entry)}) created it and Pulumi never recorded it`,
        );
        journal.forget(entry);
      } else if (token === undefined && now() - entry.sentAt > LATE_PROCESSING_MS) {
        journal.forget(entry);
      }
    } catch (error) {
      options.warn(
        `warning: could not clean up after an interrupted run (${when(entry)}): ${messageOf(error)}; the next create on this server tries again`,
      );
    }
  }
}

/** One clean-up per scope and process: every create of the scope waits for it. */
const sweeps = new Map<string, Promise<void>>();

export function sweepOnce<T>(
  steps: SweepSteps<T>,
  journal: CreateJournal,
  options: SweepOptions,
): Promise<void> {
  let done = sweeps.get(steps.scope);
  if (done === undefined) {
    done = sweepInterrupted(steps, journal, options).catch((error) =>
      options.warn(`warning: clean-up after an interrupted run failed: ${messageOf(error)}`),
    );
    sweeps.set(steps.scope, done);
  }
  return done;
}

/** Tests: every process starts without sweeps done. */
export function resetSweeps(): void {
  sweeps.clear();
}
