import { containsUnknown, isUnknown } from "../../shared/unknown";
import { isRotationDue, rotationDueAt } from "./due";

type Props = Record<string, unknown>;

export interface LifecycleDiff {
  /** Input names that force a new token: `rotationTrigger`, `rotateAfter`. */
  replaces: string[];
  /** True when some lifecycle input changed without a new token (a state-only update, no request). */
  changes: boolean;
}

/**
 * The rotation part of both resources' diffs. No request: `createdAt` comes from state.
 *
 * - `rotationTrigger` changed from one recorded value to another: replace. Setting it for the
 *   first time, or removing it, records the change without a new token, so adding rotation to an
 *   existing stack does not rotate every token at once. A value still unknown in preview counts
 *   as a change (the plan must not promise less than `up` may do).
 * - `rotateAfter` due (createdAt + period <= now): replace. A new period that is not yet due is
 *   stored without a new token.
 */
export function rotationDiff(olds: Props, news: Props, now: number = Date.now()): LifecycleDiff {
  const replaces: string[] = [];
  let changes = false;

  const oldTrigger = olds.rotationTrigger;
  const newTrigger = news.rotationTrigger;
  if (containsUnknown(newTrigger)) {
    if (oldTrigger !== undefined) replaces.push("rotationTrigger");
    else changes = true;
  } else if (!sameValue(oldTrigger, newTrigger)) {
    if (oldTrigger !== undefined && newTrigger !== undefined) replaces.push("rotationTrigger");
    else changes = true;
  }

  if (isUnknown(news.rotateAfter)) {
    changes = true;
  } else {
    if (isRotationDue(olds.createdAt, news.rotateAfter, now)) replaces.push("rotateAfter");
    if ((olds.rotateAfter ?? undefined) !== (news.rotateAfter ?? undefined)) changes = true;
  }
  return { replaces, changes: changes || replaces.length > 0 };
}

/** Deep equality of JSON-like values, key order ignored (`{a, b}` and `{b, a}` are the same trigger). */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Props)
      .filter(([, item]) => item !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The lifecycle values kept in outputs, so the next diff can compare against them. */
export function rotationOutputs(
  inputs: { rotateAfter?: string; rotationTrigger?: unknown },
  createdAt: string | undefined,
): { rotateAfter?: string; rotationTrigger?: unknown; rotationDueAt?: string } {
  const out: { rotateAfter?: string; rotationTrigger?: unknown; rotationDueAt?: string } = {};
  if (inputs.rotateAfter !== undefined) out.rotateAfter = inputs.rotateAfter;
  if (inputs.rotationTrigger !== undefined && inputs.rotationTrigger !== null) {
    out.rotationTrigger = inputs.rotationTrigger;
  }
  const due = rotationDueAt(createdAt, inputs.rotateAfter);
  if (due !== undefined) out.rotationDueAt = due;
  return out;
}
