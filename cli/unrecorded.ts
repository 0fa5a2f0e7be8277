/**
 * `unrecorded`: what this machine's create journal (docs/guarantees.md) knows that no stack
 * state may hold. Read-only, no server call: the journal holds IDs, markers and URLs, no secret.
 */
import {
  type CreateAttempt,
  CreateJournal,
  defaultJournalDir,
  mayBeRunning,
} from "../provider/lifecycle/create";
import { table } from "./format";

/**
 * - `unconfirmed`: create returned the token to Pulumi and no later run of its stack has shown
 *   that the state holds it. After that stack's next preview, up or refresh on this machine, an
 *   entry still here is a token the state lacks (a kill between create and checkpoint).
 * - `in-progress`: its process is still running.
 * - `to-clean-up`: its process ended before create returned, after the POST answered: the next
 *   create on that server deletes the token by its ID.
 * - `to-check`: its process ended while the POST had no answer: the next create on that server
 *   deletes the token if the server shows the attempt's marker, and drops the entry otherwise
 *   (most such POSTs made nothing).
 * - `unprovable`: a name the user chose, sent by an ended process whose answer was lost; never
 *   deleted by the provider (see the resource's error message for the way out).
 */
export type UnrecordedState = "unconfirmed" | "in-progress" | "to-clean-up" | "to-check" | "unprovable";

export interface UnrecordedToken {
  state: UnrecordedState;
  kind: string;
  id: string | null;
  marker: string;
  url: string;
  resource: string | null;
  sentAt: string;
  pid: number;
}

function stateOf(entry: CreateAttempt): UnrecordedState {
  if (entry.phase === "returned") return "unconfirmed";
  if (mayBeRunning(entry.writer)) return "in-progress";
  if (entry.id !== undefined) return "to-clean-up";
  return entry.markerIsProof ? "to-check" : "unprovable";
}

export function listUnrecorded(env: NodeJS.ProcessEnv): UnrecordedToken[] {
  const journal = new CreateJournal(defaultJournalDir(env), () => undefined);
  return journal
    .all()
    .sort((a, b) => a.sentAt - b.sentAt)
    .map((entry) => ({
      state: stateOf(entry),
      kind: entry.kind,
      id: entry.id ?? null,
      marker: entry.marker,
      url: entry.url,
      resource: entry.resource ?? null,
      sentAt: new Date(entry.sentAt).toISOString(),
      pid: entry.writer.pid,
    }));
}

export function unrecordedTable(list: UnrecordedToken[]): string {
  return table(
    ["STATE", "KIND", "ID", "SENT", "URL", "RESOURCE"],
    list.map((t) => [t.state, t.kind, t.id ?? "-", t.sentAt, t.url, t.resource ?? "-"]),
  );
}
