/**
 * `expiresIn`: a duration such as `90d`, `12h`, `1h30m` or `3600s` (the units of the `influxdb3`
 * CLI's `--expiry`, humantime), or a positive number of seconds. Sent as `expiry_secs`, which the
 * server adds to its own clock at creation.
 */
const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
  y: 31_557_600, // humantime's year: 365.25 days
  year: 31_557_600,
  years: 31_557_600,
};

/** 1000 years: far below the server's i64-millisecond overflow, which silently drops the expiry (behaviour D.6). */
export const MAX_EXPIRY_SECONDS = 1000 * 31_557_600;

export type DurationResult = { ok: true; seconds: number } | { ok: false; reason: string };

export function parseExpiresIn(value: string | number): DurationResult {
  let seconds: number;
  if (typeof value === "number") {
    if (!Number.isInteger(value))
      return { ok: false, reason: "must be a whole number of seconds, e.g. 3600" };
    seconds = value;
  } else {
    const text = value.trim();
    if (!/^(\d+\s*[a-z]+\s*)+$/i.test(text)) {
      return {
        ok: false,
        reason: `"${value}" is not a duration; write e.g. "90d", "12h", "1h30m" or "3600s"`,
      };
    }
    seconds = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)\s*([a-z]+)/gi)) {
      const factor = UNIT_SECONDS[(unit as string).toLowerCase()];
      if (factor === undefined) {
        return { ok: false, reason: `unknown unit "${unit}" in "${value}"; use s, m, h, d, w or y` };
      }
      seconds += Number(amount) * factor;
    }
  }
  if (seconds <= 0) {
    return {
      ok: false,
      reason:
        "must be longer than 0: the server treats an expiry of 0 seconds as already expired; " +
        "omit expiresIn for a token that never expires",
    };
  }
  if (seconds > MAX_EXPIRY_SECONDS) {
    return { ok: false, reason: "must be at most 1000 years; omit expiresIn for a token that never expires" };
  }
  return { ok: true, seconds };
}
