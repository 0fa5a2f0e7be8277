import { CURRENT_RUN, markedDescription, newMarker, parseMarked } from "./marker";
import { isOutcomeUnknown } from "./outcome";

/** What createOnce needs from an API client, for one resource kind. */
export interface CreateSteps<T extends { id: string }> {
  /** Server + collection (+ org): the once-per-run cleanup runs once per scope. */
  scope: string;
  /** One POST with this description (the client's retry wrapper retries only refused POSTs). */
  post(description: string): Promise<T>;
  /** The tokens a duplicate or leftover could be among, with their descriptions. */
  list(): Promise<Array<{ id: string; description?: string }>>;
  remove(id: string): Promise<void>;
  /** PATCH the description (retried by the client: PATCH is idempotent). */
  setDescription(id: string, description: string): Promise<void>;
}

export interface CreateOnceOptions {
  /** Leftovers of other runs younger than this are left alone (they may still be in flight). */
  graceMs: number;
  /** POSTs in all when outcomes stay unknown; default 3. */
  maxPosts?: number;
  now?: () => number;
  /** Where the cleanup reports what it could not do (stderr reaches `pulumi up` output). */
  warn?: (message: string) => void;
}

/** The token exists (we know its ID and value) but removing the marker failed. */
export class PartialCreateError<T> extends Error {
  override readonly name = "PartialCreateError";
  constructor(
    readonly created: T,
    cause: unknown,
  ) {
    super(
      `the token ${(created as { id: string }).id} was created, but setting its description failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A create that could not be completed cleanly; the message says what was checked and what remains. */
export class CreateOutcomeError extends Error {
  override readonly name = "CreateOutcomeError";
}

const sweeps = new Map<string, Promise<void>>();

/** Forget which scopes were swept (tests). */
export function resetSweeps(): void {
  sweeps.clear();
}

/**
 * Deletes tokens an earlier, interrupted run left with a create marker: their POST went through
 * but the run never got to record them (killed between POST and PATCH), so nobody holds their
 * value. Once per scope per process; best effort (a failure is reported, the create goes on).
 */
function sweepOnce<T extends { id: string }>(
  steps: CreateSteps<T>,
  options: CreateOnceOptions,
): Promise<void> {
  let sweep = sweeps.get(steps.scope);
  if (sweep === undefined) {
    sweep = (async () => {
      const now = (options.now ?? Date.now)();
      try {
        for (const token of await steps.list()) {
          const parsed = parseMarked(token.description);
          if (parsed === undefined || parsed.marker.run === CURRENT_RUN) continue;
          if (now - parsed.marker.createdAt * 1000 < options.graceMs) continue;
          await steps.remove(token.id);
        }
      } catch (error) {
        (options.warn ?? console.warn)(
          `warning: could not look for tokens left half-created by an interrupted run: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
    })();
    sweeps.set(steps.scope, sweep);
  }
  return sweep;
}

/**
 * Creates exactly one token (issue 6: no duplicate, no orphan), returning the POST's answer with
 * the declared description:
 *
 * 1. POST with the declared description plus a marker unique to this POST.
 * 2. Outcome unknown (no answer, 500/502/504, unreadable 2xx): list, delete any token carrying
 *    exactly that marker (it exists, but its value was in the lost answer, so it is useless), and
 *    POST again with a new marker. A POST the server refused (429, 503) was already retried by the
 *    client; any other answer is final.
 * 3. PATCH the description back to the declared one. If that fails, PartialCreateError carries
 *    the created token so the hook can have the engine record it (./init-error.ts).
 */
export async function createOnce<T extends { id: string }>(
  steps: CreateSteps<T>,
  declared: string,
  options: CreateOnceOptions,
): Promise<T & { description: string }> {
  await sweepOnce(steps, options);
  const now = options.now ?? Date.now;
  const maxPosts = options.maxPosts ?? 3;
  let lastError: unknown;
  for (let post = 1; post <= maxPosts; post++) {
    const marked = markedDescription(declared, newMarker(now()));
    let created: T;
    try {
      created = await steps.post(marked);
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error;
      lastError = error;
      await removeUnknownOutcome(steps, marked, error);
      continue;
    }
    try {
      await steps.setDescription(created.id, declared);
    } catch (error) {
      throw new PartialCreateError({ ...created, description: marked }, error);
    }
    return { ...created, description: declared };
  }
  const last = lastError instanceof Error ? lastError.message : String(lastError);
  throw new CreateOutcomeError(
    `creating the token failed ${maxPosts} times without a usable answer; each time the provider checked ` +
      `that no token was left behind. Last error: ${last}`,
  );
}

async function removeUnknownOutcome<T extends { id: string }>(
  steps: CreateSteps<T>,
  marked: string,
  postError: unknown,
): Promise<void> {
  try {
    for (const token of await steps.list()) {
      if (token.description === marked) await steps.remove(token.id);
    }
  } catch (checkError) {
    const post = postError instanceof Error ? postError.message : String(postError);
    const check = checkError instanceof Error ? checkError.message : String(checkError);
    throw new CreateOutcomeError(
      `the create request's outcome is unknown (${post}) and checking for the token failed (${check}). ` +
        `If it was created, its description ends with "${marked.slice(marked.lastIndexOf(" ["))}": the ` +
        `first create of a later run deletes it once it is older than influxdb:createRecoveryGraceSeconds.`,
      { cause: checkError },
    );
  }
}
