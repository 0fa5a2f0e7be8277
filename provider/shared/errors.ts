/**
 * Input failures are data (DESIGN.md): `check` returns them to the engine, which prints them
 * next to the resource, and `create` throws them in one InputValidationError.
 */
export interface InputFailure {
  /** Property path in the resource's inputs, e.g. `permissions[1].resource.type`. */
  property: string;
  /** What is wrong and how to fix it. */
  reason: string;
}

export class InputValidationError extends Error {
  override readonly name = "InputValidationError";
  constructor(
    readonly resource: string,
    readonly failures: readonly InputFailure[],
  ) {
    super(`invalid ${resource} inputs:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
  }
}

/** `["permissions", 1, "resource", "type"]` -> `permissions[1].resource.type`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(value.length / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The message of anything thrown: an Error's message, else its text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
