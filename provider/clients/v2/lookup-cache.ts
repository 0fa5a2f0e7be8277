/**
 * name -> ID cache for one provider process (one `pulumi up`): a stack with twenty tokens for the
 * same bucket asks the server once. Keyed by server URL, kind and scope, never by credential.
 * IDs of existing objects do not change, so entries never go stale within a run; a deleted and
 * recreated bucket gets a new ID, which the next run sees.
 */
const cache = new Map<string, Promise<string>>();

export function cachedLookup(key: string, lookup: () => Promise<string>): Promise<string> {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const pending = lookup();
  cache.set(key, pending);
  // A failed lookup is not remembered: the next call asks again.
  pending.catch(() => cache.delete(key));
  return pending;
}

export function clearLookupCache(): void {
  cache.clear();
}
