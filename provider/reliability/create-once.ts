import type { CreateJournal, PendingCreate } from "./journal";
import { isOutcomeUnknown } from "./outcome";

/** What createOnce needs from an API client, for one resource kind. */
export interface CreateSteps<T extends { id: string }> {
  /** Server + collection (+ org): journal entries of another scope cannot be checked here. */
  scope: string;
  /** What the POST asks for (./identity.ts). */
  identity: string;
  /** One POST (the client's retry wrapper retries only the POSTs the server refused). */
  post(): Promise<T>;
  /** The tokens a lost POST's token would be among. */
  list(): Promise<T[]>;
  /** A listed token's identity and creation time (ms), to recognise the lost one. */
  identityOf(token: T): string;
  /** A listed token's creation time, ms by the server's clock. */
  createdAt(token: T): number | undefined;
  /** Server clock minus ours, ms, from the answers' Date header (undefined: not seen). */
  serverClockOffsetMs(): number | undefined;
  /** Whether a listed token shows its value (plain-token v2 servers): then it can be kept. */
  hasValue(token: T): boolean;
  remove(id: string): Promise<void>;
}

export interface CreateOnceOptions {
  journal: CreateJournal;
  /** The resource's URN, from the SDK; without it an interrupted run's token cannot be traced. */
  key?: string;
  /** POSTs in all when outcomes stay unknown; default 3. */
  maxPosts?: number;
  now?: () => number;
  /** What the provider did about an earlier run's token (reaches `pulumi up` output). */
  info?: (message: string) => void;
  warn?: (message: string) => void;
}

/** A create that could not be completed cleanly; the message says what was checked and what remains. */
export class CreateOutcomeError extends Error {
  override readonly name = "CreateOutcomeError";
}

/**
 * Slack when comparing a token's creation time with the POST's sending time: the Date header's
 * 1 s resolution plus latency when the server's clock offset is known, else two clocks' drift.
 */
const MEASURED_CLOCK_TOLERANCE_MS = 2_000;
const UNMEASURED_CLOCK_TOLERANCE_MS = 30_000;
/** How long after its sending a server may still process a POST of a killed run (2 x the headers timeout). */
const LATE_PROCESSING_MS = 60_000;

/**
 * One create at a time per identity in this process: a token created by a sibling resource with
 * the same identity is then always known before a lost POST is looked for.
 */
const identityLocks = new Map<string, Promise<unknown>>();

function underIdentityLock<R>(identity: string, work: () => Promise<R>): Promise<R> {
  const previous = identityLocks.get(identity) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  identityLocks.set(identity, settled);
  void settled.then(() => {
    if (identityLocks.get(identity) === settled) identityLocks.delete(identity);
  });
  return next;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Creates exactly one token (issue 6: no duplicate, no orphan) with one request when nothing
 * fails:
 *
 * 1. An entry in the create journal (./journal.ts) from an earlier run that was killed while
 *    creating this resource: that token was never recorded, its value is lost; delete it.
 * 2. Journal, then POST. On an answer: journal the ID, done.
 * 3. Outcome unknown (no answer, 500/502/504, unreadable 2xx): list and look for a token with
 *    exactly this identity, created since the POST, that nobody holds. None: POST again. One: keep
 *    it if the server shows its value, else delete it and POST again. More than one: stop with an
 *    error naming them rather than guess (another client created the same token at that moment).
 *    A POST the server refused (429, 503) was already retried by the client; any other answer is
 *    final.
 */
export function createOnce<T extends { id: string }>(
  steps: CreateSteps<T>,
  options: CreateOnceOptions,
): Promise<T> {
  return underIdentityLock(steps.identity, async () => {
    const { journal, key } = options;
    const now = options.now ?? Date.now;
    const earlier = key === undefined ? undefined : journal.pending(key);
    if (earlier !== undefined) await removeInterrupted(steps, earlier, options);

    const maxPosts = options.maxPosts ?? 3;
    let lastError: unknown;
    for (let post = 1; post <= maxPosts; post++) {
      const sentAt = now();
      if (key !== undefined) journal.begin(key, steps.scope, steps.identity, sentAt);
      let created: T;
      try {
        created = await steps.post();
      } catch (error) {
        if (!isOutcomeUnknown(error)) {
          if (key !== undefined) journal.forget(key);
          throw error;
        }
        lastError = error;
        const found = await findLost(steps, journal, steps.identity, sentAt, now(), error);
        if (found !== undefined && steps.hasValue(found)) {
          created = found;
        } else {
          if (found !== undefined) await steps.remove(found.id);
          continue;
        }
      }
      if (key === undefined) journal.seen(created.id);
      else journal.created(key, created.id);
      return created;
    }
    if (key !== undefined) journal.forget(key);
    throw new CreateOutcomeError(
      `creating the token failed ${maxPosts} times without a usable answer; each time the provider checked ` +
        `that no token was left behind. Last error: ${message(lastError)}`,
    );
  });
}

/**
 * The one token a lost POST created, or undefined when it created none: `from` and `to` (our
 * clock) bound when the server may have processed it.
 */
async function findLost<T extends { id: string }>(
  steps: CreateSteps<T>,
  journal: CreateJournal,
  identity: string,
  from: number,
  to: number,
  postError: unknown,
): Promise<T | undefined> {
  let listed: T[];
  try {
    listed = await steps.list();
  } catch (checkError) {
    throw new CreateOutcomeError(
      `the create request's outcome is unknown (${message(postError)}) and checking for the token failed ` +
        `(${message(checkError)}). If it was created, the next \`pulumi up\` of this resource deletes it ` +
        "(it is in the create journal) and creates it again.",
      { cause: checkError },
    );
  }
  const offset = steps.serverClockOffsetMs();
  const tolerance = offset === undefined ? UNMEASURED_CLOCK_TOLERANCE_MS : MEASURED_CLOCK_TOLERANCE_MS;
  const earliest = from + (offset ?? 0) - tolerance;
  const latest = to + (offset ?? 0) + tolerance;
  const candidates = listed.filter((token) => {
    if (steps.identityOf(token) !== identity || journal.isKnown(token.id)) return false;
    const createdAt = steps.createdAt(token);
    return createdAt === undefined || (createdAt >= earliest && createdAt <= latest);
  });
  if (candidates.length > 1) {
    throw new CreateOutcomeError(
      `the create request's outcome is unknown (${message(postError)}), and ${candidates.length} tokens ` +
        `with the same description and permissions appeared meanwhile (${candidates.map((t) => t.id).join(", ")}): ` +
        "another client created the same token at the same moment, so the provider cannot tell which is its " +
        "own and touches none. Delete the one nobody uses, or take one over with adoptId, then run `pulumi up` again.",
    );
  }
  return candidates[0];
}

/** Step 1: the token an interrupted earlier run created for this resource, if any, is deleted. */
async function removeInterrupted<T extends { id: string }>(
  steps: CreateSteps<T>,
  earlier: PendingCreate,
  options: CreateOnceOptions,
): Promise<void> {
  const { journal } = options;
  const info = options.info ?? console.info;
  const warn = options.warn ?? console.warn;
  try {
    if (earlier.scope !== steps.scope) {
      warn(
        `warning: an interrupted earlier run was creating this token on ${earlier.scope}` +
          `${earlier.id === undefined ? "" : ` (ID ${earlier.id})`}; it is now declared elsewhere, so that ` +
          "server was not checked for a token left behind.",
      );
    } else if (earlier.id !== undefined) {
      if (!journal.isHeld(earlier.id)) {
        await steps.remove(earlier.id);
        info(`deleted token ${earlier.id}: an interrupted earlier run created it but never recorded it`);
      }
    } else {
      // The earlier run may have asked for something else than this one: look for what it asked.
      const { identity, sentAt } = earlier;
      const interrupted = new Error("the run was interrupted");
      const lost = await findLost(steps, journal, identity, sentAt, sentAt + LATE_PROCESSING_MS, interrupted);
      if (lost !== undefined) {
        await steps.remove(lost.id);
        info(`deleted token ${lost.id}: an interrupted earlier run created it but never recorded it`);
      }
    }
    journal.forget(earlier.key);
  } catch (error) {
    // Left in the journal: the next run tries again. This create goes on.
    warn(`warning: could not check for a token an interrupted earlier run left behind: ${message(error)}`);
  }
}
