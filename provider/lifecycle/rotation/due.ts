import { isUnknown } from "../../shared/unknown";
import { parseRotateAfter } from "./duration";

/**
 * When a token created at `createdAt` is due for rotation under `rotateAfter`, as an RFC 3339
 * time; undefined when either is missing or unusable (an old state without `createdAt` never
 * rotates by time: nothing to count from).
 */
export function rotationDueAt(createdAt: unknown, rotateAfter: unknown): string | undefined {
  if (typeof createdAt !== "string" || typeof rotateAfter !== "string" || isUnknown(rotateAfter)) {
    return undefined;
  }
  const created = Date.parse(createdAt);
  const period = parseRotateAfter(rotateAfter);
  if (Number.isNaN(created) || period === undefined) return undefined;
  return new Date(created + period).toISOString();
}

/**
 * True when the stored token is due: its `createdAt` (from state: diff makes no request) plus the
 * new `rotateAfter` lies at or before `now`. Evaluated by `diff` on every preview and up, so the
 * first `up` after the due time replaces the token (create the new one, then delete the old).
 */
export function isRotationDue(createdAt: unknown, rotateAfter: unknown, now: number = Date.now()): boolean {
  const due = rotationDueAt(createdAt, rotateAfter);
  return due !== undefined && Date.parse(due) <= now;
}
