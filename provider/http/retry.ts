import { InfluxApiError } from "./errors";
import type { RequestFn, RequestOptions } from "./request";

export interface RetryOptions {
  /** Retries after the first attempt (a request's `retry.maxAttempts` wins). */
  retries: number;
  /** Total time budget: no new attempt starts after this many ms (a request's `retry.maxElapsedMs` wins). */
  maxElapsedMs: number;
  baseDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap of a server-requested Retry-After wait; longer waits are shortened to this. */
  maxRetryAfterMs: number;
  /** Injectable so tests run in milliseconds. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 3,
  maxElapsedMs: 120_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** Statuses that say "try again later" (the v2 server answers `too many requests` with 429, `unavailable` with 503). */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/**
 * A POST that reached the server may have created the token even if the answer was lost; retrying
 * would create a second one. Retry it only when the server said it did not process it.
 */
const POST_RETRYABLE_STATUS = new Set([429, 503]);

export function shouldRetry(options: RequestOptions, error: unknown): boolean {
  if (!(error instanceof InfluxApiError)) return false;
  if (error.retryable === false) return false;
  if (options.method === "POST") return error.status !== undefined && POST_RETRYABLE_STATUS.has(error.status);
  if (error.status === undefined) return true; // network error or timeout on an idempotent request
  return RETRYABLE_STATUS.has(error.status);
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function backoffDelay(attempt: number, error: unknown, options: RetryOptions): number {
  const requested =
    error instanceof InfluxApiError ? parseRetryAfter(error.retryAfter, options.now()) : undefined;
  if (requested !== undefined) return Math.min(requested, options.maxRetryAfterMs);
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  // "Equal jitter": half fixed, half random, so concurrent providers do not retry in lockstep.
  return Math.round(exponential / 2 + (options.random() * exponential) / 2);
}

/**
 * Wraps a request function with retries; the transport itself never retries (as in octokit, the
 * two are separate so a test or a caller can have one without the other).
 */
export function withRetry(send: RequestFn, overrides: Partial<RetryOptions> = {}): RequestFn {
  const options: RetryOptions = { ...DEFAULT_RETRY, ...overrides };
  return async (requestOptions) => {
    const retries = Math.max(0, (requestOptions.retry?.maxAttempts ?? options.retries + 1) - 1);
    const maxElapsedMs = requestOptions.retry?.maxElapsedMs ?? options.maxElapsedMs;
    const started = options.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(requestOptions);
      } catch (error) {
        if (!shouldRetry(requestOptions, error)) throw error;
        const delay = backoffDelay(attempt, error, options);
        const elapsed = options.now() - started;
        if (attempt >= retries || elapsed + delay > maxElapsedMs) {
          throw gaveUp(error, attempt + 1, elapsed);
        }
        await options.sleep(delay);
      }
    }
  };
}

/** Says how long we tried and which settings raise the budget. */
function gaveUp(error: unknown, attempts: number, elapsedMs: number): unknown {
  if (!(error instanceof InfluxApiError) || attempts < 2) return error;
  error.message +=
    ` (gave up after ${attempts} attempts over ${(elapsedMs / 1000).toFixed(1)} s; the budget is set by ` +
    "influxdb:retryMaxAttempts / INFLUXDB_RETRY_MAX_ATTEMPTS and influxdb:retryMaxElapsedSeconds / " +
    "INFLUXDB_RETRY_MAX_ELAPSED_SECONDS)";
  return error;
}
