/** `npm run bench -- --repeat K`: how the rounds of one step combine into one measure. Pure, unit-tested. */
import type { StepMeasure } from "./types";

/**
 * One more round of a step: seconds become the median of all rounds, peak RSS the highest,
 * requests and notes stay those of the first round that had them (requests do not vary).
 */
export function mergeRound(previous: StepMeasure | undefined, next: StepMeasure): StepMeasure {
  if (previous === undefined) return { ...next, samples: [next.seconds] };
  const samples = [...(previous.samples ?? [previous.seconds]), next.seconds];
  const max = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  const merged: StepMeasure = { ...previous, seconds: median(samples), samples };
  for (const key of ["providerPeakRssMb", "programPeakRssMb", "enginePeakRssMb"] as const) {
    const peak = max(previous[key], next[key]);
    if (peak !== undefined) merged[key] = peak;
  }
  if (merged.note === undefined && next.note !== undefined) merged.note = next.note;
  return merged;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
