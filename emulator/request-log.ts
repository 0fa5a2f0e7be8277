/** One request as the emulator saw it. Never holds token values or bodies. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** Query parameters; a `token` filter value is replaced by "[redacted]". */
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was reset before an answer (fault `reset-before`). */
  status: number;
  /** ISO time the request arrived. */
  at: string;
  /** The fault applied, if any: latency, 429, 503, reset-before, reset-after (status = what was not sent). */
  fault?: "latency" | "429" | "503" | "reset-before" | "reset-after";
}

const MAX_ENTRIES = 100_000;

/** The request log behind `GET /__emulator/requests` (admin calls are not logged). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }
  clear(): void {
    this.entries = [];
  }
}

export function loggableQuery(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) out[k] = k.toLowerCase() === "token" ? "[redacted]" : v;
  return out;
}
