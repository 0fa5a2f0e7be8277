import { randomBytes } from "node:crypto";

/**
 * The create marker (issue 6). A POST whose answer is lost (timeout, connection reset after the
 * server processed it) leaves a token nobody knows the ID of. So every create sends the declared
 * description with a marker appended, unique to that one POST; the marker is removed by a PATCH
 * as soon as the token is safely known, so what users see in InfluxDB is their description.
 *
 *   "<declared description> [pulumi-create <run>.<created, base-36 seconds>.<nonce>]"
 *
 * `run` identifies the provider process (one per `pulumi up`), so a later run can tell the
 * leftovers of a run that was killed from the in-flight creates of its own.
 */
export interface Marker {
  run: string;
  /** Unix seconds when the POST was sent. */
  createdAt: number;
  nonce: string;
}

const MARKER = / \[pulumi-create ([0-9a-f]{8})\.([0-9a-z]{1,10})\.([0-9a-f]{16})\]$/;

/** This process's run ID; new per provider process. */
export const CURRENT_RUN = randomBytes(4).toString("hex");

export function newMarker(now: number = Date.now(), run: string = CURRENT_RUN): Marker {
  return { run, createdAt: Math.floor(now / 1000), nonce: randomBytes(8).toString("hex") };
}

export function markedDescription(declared: string, marker: Marker): string {
  return `${declared} [pulumi-create ${marker.run}.${marker.createdAt.toString(36)}.${marker.nonce}]`;
}

/** The declared description and the marker, or undefined for a description without one. */
export function parseMarked(description: unknown): { declared: string; marker: Marker } | undefined {
  if (typeof description !== "string") return undefined;
  const match = MARKER.exec(description);
  if (match === null) return undefined;
  const [, run, created, nonce] = match as unknown as [string, string, string, string];
  return {
    declared: description.slice(0, match.index),
    marker: { run, createdAt: Number.parseInt(created, 36), nonce },
  };
}
