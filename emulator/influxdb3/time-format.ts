/**
 * The two timestamp renderings of InfluxDB 3 (behaviour D.5 and behaviour D.8). Both drop the fraction when
 * it is zero and otherwise print milliseconds (all token times are millisecond precision).
 */

function fractionMs(ms: number): string {
  const millis = ((ms % 1000) + 1000) % 1000;
  return millis === 0 ? "" : "." + String(millis).padStart(3, "0");
}

function secondsPart(ms: number): string {
  // toISOString gives `YYYY-MM-DDTHH:MM:SS.mmmZ`; keep the part before the fraction.
  return new Date(ms).toISOString().slice(0, 19);
}

/** chrono RFC 3339 with `Z`, as in the create/regenerate responses: `2025-04-18T14:02:45.331Z`. */
export function rfc3339Utc(ms: number): string {
  return secondsPart(ms) + fractionMs(ms) + "Z";
}

/** arrow-json/arrow-csv naive timestamp, as in `system.tokens` rows: `2025-04-18T14:02:45.331` (no `Z`). */
export function arrowNaiveTimestamp(ms: number): string {
  return secondsPart(ms) + fractionMs(ms);
}
