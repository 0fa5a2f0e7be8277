/**
 * Turns the emulator's request log into counts per route, and checks them against the request
 * targets: create 2 per token (the POST under a marker, then the PATCH that sets the declared
 * description: docs/guarantees.md), read at most 1 (a list may answer many reads:
 * provider/clients/listed-reads.ts), preview 0, update 1, delete 1, name lookups at most once per process
 * (never per resource).
 */
import type { RequestCounts, Step } from "./types";

/** v2 IDs are 16 hex chars; management API token IDs are UUIDs. */
const ID = /\/(?:[0-9a-f]{16}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/gi;

export function routeOf(path: string): string {
  return path.replace(ID, "/{id}");
}

export function countRequests(log: { method: string; path: string }[]): RequestCounts {
  const counts: RequestCounts = {};
  for (const { method, path } of log) {
    const key = `${method} ${routeOf(path)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export interface RequestClasses {
  create: number;
  read: number;
  list: number;
  update: number;
  delete: number;
  /** Name-to-ID lookups (orgs, buckets, users, me) and anything else. */
  lookup: number;
}

const TOKEN_COLLECTION =
  /^\/api\/(?:v2\/authorizations|v0\/(?:accounts\/\{id\}\/clusters\/\{id\}\/)?tokens)$/;
const TOKEN_ITEM =
  /^\/api\/(?:v2\/authorizations|v0\/(?:accounts\/\{id\}\/clusters\/\{id\}\/)?tokens)\/\{id\}$/;

export function classify(counts: RequestCounts): RequestClasses {
  const out: RequestClasses = { create: 0, read: 0, list: 0, update: 0, delete: 0, lookup: 0 };
  for (const [key, count] of Object.entries(counts)) {
    const [method, route = ""] = key.split(" ");
    const item = TOKEN_ITEM.test(route);
    const collection = TOKEN_COLLECTION.test(route);
    if (collection && method === "POST") out.create += count;
    else if (collection && method === "GET") out.list += count;
    else if (item && method === "GET") out.read += count;
    else if (item && method === "PATCH") out.update += count;
    else if (item && method === "DELETE") out.delete += count;
    else out.lookup += count;
  }
  return out;
}

/** Requests that read tokens: GETs of one and lists (one list answers many reads). */
export function readRequests(classes: RequestClasses): number {
  return classes.read + classes.list;
}

/** Lookups allowed per step: one per distinct name (org, one or two buckets) plus the credential's user. */
export const LOOKUP_LIMIT = 4;

/**
 * The token requests a step should send for N resources, 10% replaced and 10% updated in `change`.
 * Every create also sends one PATCH (the marker's replacement), counted as an update.
 */
export function expectedRequests(step: Step, n: number): Omit<RequestClasses, "lookup" | "list"> {
  const tenth = Math.round(n / 10);
  switch (step) {
    case "up":
      return { create: n, read: 0, update: n, delete: 0 };
    case "preview":
      return { create: 0, read: 0, update: 0, delete: 0 };
    case "refresh":
      return { create: 0, read: n, update: 0, delete: 0 };
    case "change":
      return { create: tenth, read: 0, update: 2 * tenth, delete: tenth };
    case "destroy":
      return { create: 0, read: 0, update: 0, delete: n };
  }
}

export interface RequestVerdict {
  classes: RequestClasses;
  expected: Omit<RequestClasses, "lookup" | "list">;
  ok: boolean;
}

export function judgeRequests(step: Step, n: number, counts: RequestCounts): RequestVerdict {
  const classes = classify(counts);
  const expected = expectedRequests(step, n);
  // Preview must send nothing at all, not even lookups.
  const lookupLimit = step === "preview" ? 0 : LOOKUP_LIMIT;
  const ok =
    classes.create === expected.create &&
    readRequests(classes) <= expected.read &&
    classes.update === expected.update &&
    classes.delete === expected.delete &&
    classes.lookup <= lookupLimit;
  return { classes, expected, ok };
}
