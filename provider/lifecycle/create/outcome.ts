import { InfluxApiError, MalformedResponseError } from "../../http";

/**
 * Whether a failed POST may still have created the token. No answer at all (timeout, reset,
 * refused connection), a 500/502/504 (a proxy or the server gave up while the request may have
 * gone through), or a 2xx we could not read: unknown. A 4xx, or the 429/503 the retry wrapper
 * already retried (the server said it did not process them): known not created.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (error instanceof MalformedResponseError) return true;
  if (!(error instanceof InfluxApiError)) return false;
  return error.status === undefined || error.status === 500 || error.status === 502 || error.status === 504;
}
