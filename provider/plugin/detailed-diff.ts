/**
 * The detailed diff the engine shows in a preview: the property behind every replacement and
 * update. The hooks' rule decides (`changes`, `replaces`); this only names the properties, so the
 * plan never says more or less than the hook did.
 *
 * - every key in `replaces` is a replacement: ADD_REPLACE / DELETE_REPLACE / UPDATE_REPLACE by
 *   whether the old or the new input lacks it (a rotation that is due names `rotateAfter` with
 *   both present: UPDATE_REPLACE);
 * - when the hook reports changes, every other top-level input whose old and new values differ
 *   is an ADD / DELETE / UPDATE, except the `replacing` ones (the schema's `replaceOnChanges`):
 *   the engine would turn their entry into a replacement the hook did not decide (an org given
 *   by name, then by its own ID, is no change);
 * - no changes: no entries (a difference the hook's normalization ignores is no change).
 *
 * Hidden `__` keys are never compared. Old values are the old inputs when the engine sends them,
 * else the old outputs (state from before inputs were recorded).
 */
import { type Props, sameValue } from "./properties";

export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface DetailedDiff {
  /** Top-level keys of the changed properties (the response's `diffs`). */
  diffs: string[];
  detailedDiff: Record<string, DiffKind>;
}

export function detailedDiff(
  result: { changes?: boolean; replaces?: string[] },
  oldInputs: Props,
  news: Props,
  replacing: ReadonlySet<string> = new Set(),
): DetailedDiff {
  const detailed: Record<string, DiffKind> = {};
  const visible = (key: string) => !key.startsWith("__");
  const has = (props: Props, key: string) => props[key] !== undefined && props[key] !== null;
  const root = (path: string) => path.split(/[.[]/, 1)[0] ?? path;

  for (const path of result.replaces ?? []) {
    if (!visible(path)) continue;
    const key = root(path);
    detailed[path] = !has(oldInputs, key)
      ? "ADD_REPLACE"
      : !has(news, key)
        ? "DELETE_REPLACE"
        : "UPDATE_REPLACE";
  }
  if (result.changes === true || (result.replaces ?? []).length > 0) {
    const replacedRoots = new Set(Object.keys(detailed).map(root));
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)].filter(visible));
    for (const key of [...keys].sort()) {
      if (replacedRoots.has(key) || replacing.has(key)) continue;
      if (sameValue(oldInputs[key] ?? null, news[key] ?? null)) continue;
      detailed[key] = !has(oldInputs, key) ? "ADD" : !has(news, key) ? "DELETE" : "UPDATE";
    }
  }
  const diffs = [...new Set(Object.keys(detailed).map(root))];
  return { diffs, detailedDiff: detailed };
}
