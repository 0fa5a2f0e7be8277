/**
 * How far a server's clock is from this machine's, from the `Date` header of its answers (every
 * HTTP server with a clock sends one; 1 s resolution). The exactly-once create compares a listed
 * token's `createdAt` (the server's clock) with when its POST was sent (ours), so the tolerance
 * it needs is that of the header, not that of two unsynchronised clocks.
 */
const offsets = new Map<string, number>();

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

export function observeServerDate(
  baseUrl: string,
  date: string | string[] | undefined,
  localNow: number = Date.now(),
): void {
  const server = Date.parse(Array.isArray(date) ? (date[0] ?? "") : (date ?? ""));
  if (!Number.isNaN(server)) offsets.set(originOf(baseUrl), server - localNow);
}

/** Server time minus local time in ms (the header's second truncated), or undefined before an answer. */
export function serverClockOffsetMs(baseUrl: string): number | undefined {
  return offsets.get(originOf(baseUrl));
}
