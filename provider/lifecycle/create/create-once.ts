import { messageOf } from "../../shared/errors";
import type { CreateAttempt, CreateJournal } from "./journal";
import { markerDescription } from "./marker";
import { isOutcomeUnknown } from "./outcome";
import { type SweepSteps, sweepOnce } from "./sweep";

/** What createOnce needs from an API client, for one resource kind (v2 and management tokens). */
export interface CreateSteps<T extends { id: string }> {
  /** "Authorization", "DatabaseToken": for messages. */
  kind: string;
  /** Server + API + org or cluster + credential hash: a clean-up only acts on entries of its own scope. */
  scope: string;
  /** The server, for messages (never a credential). */
  url: string;
  /** One POST whose description is `marker` (the retry wrapper retries only POSTs the server refused). */
  post(marker: string): Promise<T>;
  /** The tokens of the scope: a lost POST's token is among them. */
  list(): Promise<T[]>;
  markerOf(token: T): string | undefined;
  /**
   * Whether a listed token shows its value (plain-token v2 servers): then it can be kept. An
   * object without a secret value (a user) is usable as found: always true.
   */
  hasValue(token: T): boolean;
  /** Replaces the marker with the declared description (one PATCH); the value of `token` is kept. */
  finish(token: T): Promise<T>;
  remove(id: string): Promise<void>;
  /** What `finish` does, for messages; default "setting its description". */
  finishing?: string;
  /** How to find the marker's object from another machine, for messages; default the audit CLI's `list`. */
  findElsewhere?: (marker: string) => string;
}

export interface CreateOnceOptions {
  journal: CreateJournal;
  /** The resource's URN, from the SDK, for messages and the audit CLI. */
  resource?: string;
  /** POSTs in all when outcomes stay unknown; default 3. */
  maxPosts?: number;
  now?: () => number;
  info?: (message: string) => void;
  warn?: (message: string) => void;
}

/** A token made by this attempt, not yet returned to the engine. */
export interface Created<T> {
  token: T;
  /** Call just before create returns: from then on no clean-up touches the token. */
  returned(): void;
  /** The create deleted the token itself (e.g. it never became usable): nothing is left to clean up. */
  deleted(): void;
}

/** A create that could not be completed cleanly; the message says what was checked and what remains. */
export class CreateOutcomeError extends Error {
  override readonly name = "CreateOutcomeError";
}

/**
 * Creates exactly one token, proven to be this attempt's (docs/guarantees.md):
 *
 * 1. Clean up first: tokens that ended processes made in this scope and never returned to the
 *    engine (./sweep.ts, once per scope and process).
 * 2. Journal a new attempt, then POST with its marker as the description. On an answer: journal
 *    the ID, PATCH the declared description, done (2 requests).
 * 3. Outcome unknown (no answer, 500/502/504, unreadable 2xx): list and look for this attempt's
 *    marker, and nothing else. Not there: POST again under a new marker; the old one stays in the
 *    journal in case the server processes it late. There: keep it when the server shows its value,
 *    else delete it and POST again. A 4xx, or a 429/503 the client already retried, is final.
 */
export async function createOnce<T extends { id: string }>(
  steps: CreateSteps<T>,
  options: CreateOnceOptions,
): Promise<Created<T>> {
  const { journal } = options;
  const now = options.now ?? Date.now;
  const info = options.info ?? console.info;
  const warn = options.warn ?? console.warn;
  await sweepOnce(sweepSteps(steps), journal, { now, info, warn });

  const maxPosts = options.maxPosts ?? 3;
  let lastError: unknown;
  for (let post = 1; post <= maxPosts; post++) {
    let attempt = journal.begin({
      kind: steps.kind,
      ...(options.resource === undefined ? {} : { resource: options.resource }),
      scope: steps.scope,
      url: steps.url,
      marker: markerDescription,
      markerIsProof: true,
      sentAt: now(),
    });
    let created: T;
    try {
      created = await steps.post(attempt.marker);
    } catch (error) {
      if (!isOutcomeUnknown(error)) {
        journal.forget(attempt);
        throw error;
      }
      lastError = error;
      const found = await findMarker(steps, attempt, error);
      if (found === undefined) continue;
      if (!steps.hasValue(found)) {
        // Ours, but its value is lost with the answer: it cannot be used, so it goes.
        attempt = journal.created(attempt, found.id);
        await steps.remove(found.id);
        journal.forget(attempt);
        continue;
      }
      created = found;
    }
    attempt = journal.created(attempt, created.id);
    let finished: T;
    try {
      finished = await steps.finish(created);
    } catch (error) {
      throw await undo(steps, journal, attempt, error);
    }
    const entry = attempt;
    return { token: finished, returned: () => journal.returned(entry), deleted: () => journal.forget(entry) };
  }
  throw new CreateOutcomeError(
    `creating the ${steps.kind} failed ${maxPosts} times without a usable answer; each time the provider ` +
      "looked for the token by the marker it sent and left none behind (a POST the server may still process " +
      `late is cleaned up by the next create on this server). Last error: ${messageOf(lastError)}`,
  );
}

/** This attempt's token among the listed ones (the marker is unique, so at most one). */
async function findMarker<T extends { id: string }>(
  steps: CreateSteps<T>,
  attempt: CreateAttempt,
  postError: unknown,
): Promise<T | undefined> {
  try {
    return (await steps.list()).find((token) => steps.markerOf(token) === attempt.marker);
  } catch (checkError) {
    throw new CreateOutcomeError(
      `the ${steps.kind} create request's outcome is unknown (${messageOf(postError)}) and looking for its ` +
        `token failed (${messageOf(checkError)}). The attempt is journaled on this machine with its marker ` +
        `"${attempt.marker}": the next create on ${steps.url} from this machine deletes that token if the ` +
        `server made it. From another machine, ${steps.findElsewhere?.(attempt.marker) ?? `find it with \`pulumi-influxdb-tokens list --description "${attempt.marker}"\``}.`,
      { cause: checkError },
    );
  }
}

/** The token exists but could not be finished: delete it (it is ours), or leave it to the journal. */
async function undo<T extends { id: string }>(
  steps: CreateSteps<T>,
  journal: CreateJournal,
  attempt: CreateAttempt,
  error: unknown,
): Promise<Error> {
  const id = attempt.id as string;
  try {
    await steps.remove(id);
    journal.forget(attempt);
    return error instanceof Error ? error : new Error(String(error));
  } catch (removeError) {
    return new CreateOutcomeError(
      `${steps.kind} ${id} was created but ${steps.finishing ?? "setting its description"} failed (${messageOf(error)}), and deleting ` +
        `it failed too (${messageOf(removeError)}). It is journaled on this machine: the next create on ` +
        `${steps.url} deletes it.`,
      { cause: error },
    );
  }
}

function sweepSteps<T extends { id: string }>(steps: CreateSteps<T>): SweepSteps<T> {
  return {
    scope: steps.scope,
    list: () => steps.list(),
    markerOf: (token) => steps.markerOf(token),
    idOf: (token) => token.id,
    describe: (token) => token.id,
    remove: (token) => steps.remove(token.id),
    removeById: (id) => steps.remove(id),
  };
}
