/**
 * The description a v2 or management token carries between its POST and the PATCH that sets the
 * declared one: the only field of those APIs a client chooses freely, so the only way to prove
 * later that a listed token is the one this attempt made (docs/guarantees.md). Identical
 * definitions in other stacks are normal, so description and permissions prove nothing.
 */
export const MARKER_PREFIX = "pulumi-influxdb-tokens creating ";

export function markerDescription(attempt: string): string {
  return `${MARKER_PREFIX}${attempt}`;
}

export function isMarkerDescription(description: unknown): boolean {
  return typeof description === "string" && description.startsWith(MARKER_PREFIX);
}
