/**
 * `rotateAfter` durations: a whole number and a unit, e.g. `90d`, `12h`, `2w`, `30m`.
 * Units stop at weeks: months and years have no fixed length, and a rotation period is a policy
 * ("every 90 days"), so `90d` says exactly what it means.
 */
const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^(\d{1,6})([mhdw])$/;

/** Milliseconds, or undefined when `value` is not a duration this module accepts. */
export function parseRotateAfter(value: string): number | undefined {
  const match = PATTERN.exec(value.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  if (amount === 0) return undefined;
  return amount * UNITS[match[2] as keyof typeof UNITS];
}

export const ROTATE_AFTER_HINT =
  'a whole number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. "90d" or "12h"';
