import { createHash } from "node:crypto";
import { log } from "../shared/log";

/** Reads of one scope before the rest share a list; a stack of a few tokens never lists. */
export const LIST_AFTER_READS = 10;
/** How long one list answers reads, from when it was sent: the most a read can lag behind the server. */
export const LIST_MAX_AGE_MS = 10_000;

/**
 * Reads of many tokens answered by one list instead of one GET each. `pulumi refresh`
 * reads every token of a stack, a few at a time (the engine's `--parallel`, 4 per CPU by
 * default): a stack of 500 costs 500 round trips, each counted against InfluxDB Cloud's rate
 * limit. Here the first LIST_AFTER_READS reads of a scope (one org or one cluster, as one
 * credential sees it) are GETs; later ones share one list of the scope for LIST_MAX_AGE_MS.
 *
 * A list only ever saves requests; it never decides that a token is gone: an ID it lacks
 * (created since, deleted, or hidden from lists by permissions) gets its own GET. A write by this
 * process drops every list, so no read after a write is answered from before it; a failed list
 * turns its scope back to GETs for the rest of the process.
 */
export class ListedReads<T extends { id: string }> {
  private readonly readsSeen = new Map<string, number>();
  private readonly lists = new Map<string, { sentAt: number; byId: Promise<Map<string, T> | undefined> }>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly listAfter = LIST_AFTER_READS,
    private readonly maxAgeMs = LIST_MAX_AGE_MS,
  ) {}

  async read(
    scope: string,
    id: string,
    getOne: () => Promise<T | undefined>,
    listAll: () => Promise<T[]>,
  ): Promise<T | undefined> {
    const seen = (this.readsSeen.get(scope) ?? 0) + 1;
    this.readsSeen.set(scope, seen);
    if (seen <= this.listAfter || this.failed.has(scope)) return getOne();
    const listed = (await this.listOf(scope, listAll))?.get(id);
    return listed ?? getOne();
  }

  /** This process changed a token: reads from now on must not see a list sent before. */
  written(): void {
    this.lists.clear();
  }

  private listOf(scope: string, listAll: () => Promise<T[]>): Promise<Map<string, T> | undefined> {
    const now = this.now();
    const current = this.lists.get(scope);
    if (current !== undefined && now - current.sentAt <= this.maxAgeMs) return current.byId;
    const byId = listAll().then(
      (items) => new Map(items.map((item) => [item.id, item])),
      (error: unknown) => {
        this.failed.add(scope);
        this.lists.delete(scope);
        log.debug(`listing tokens failed, reading them one by one: ${(error as Error)?.message ?? error}`);
        return undefined;
      },
    );
    this.lists.set(scope, { sentAt: now, byId });
    return byId;
  }
}

const credentialKeys = new Map<string, string>();

/** Scope key part for a credential: what it may list differs, and the key never holds it. */
export function credentialKey(token: string): string {
  let key = credentialKeys.get(token);
  if (key === undefined) {
    key = createHash("sha256").update(token).digest("base64url").slice(0, 16);
    credentialKeys.set(token, key);
  }
  return key;
}
