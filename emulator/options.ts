import type { FaultOptions } from "./faults";
import type { RequestLogEntry } from "./request-log";
import type { EmulatorStateSummary } from "./summary";
import type { TokenVisibility } from "./v2/context";

export type { EmulatorStateSummary, FaultOptions, RequestLogEntry, TokenVisibility };

export interface EmulatorOptions {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /** Operator token of the seeded v2 instance; default: random, 88 chars like real tokens. */
  token?: string;
  /** Bearer token for the management API (/api/v0); default: random. */
  managementToken?: string;
  /** What v2 GET/list/PATCH answer in `token`: plain (OSS <= 2.8), hashed `""` (OSS 2.9+, default), redacted (Cloud). */
  tokenVisibility?: TokenVisibility;
  /** Persist state to this JSON file (atomically: tmp + rename) and load it at start. */
  dataFile?: string;
  /** New database tokens answer 401 on the data API for this long after creation; default 0. */
  activationDelayMs?: number;
  /**
   * How a database token looks after DELETE: `hidden` (default) => GET 404 and not listed;
   * `visible` => GET 200 with `revokedAt`, and listed (with `revokedAt`).
   */
  revokedDatabaseTokens?: "hidden" | "visible";
  /** Faults from the start (see FaultOptions); change later with `setFaults` or PUT /__emulator/faults. */
  faults?: FaultOptions;
  /** PRNG seed for IDs, tokens and fault decisions: the same seed gives the same run. */
  seed?: number;
  /** Receives the start-up lines (the CLI prints them); default: nothing. */
  log?: (line: string) => void;
}

export interface EmulatorSeed {
  org: { id: string; name: string };
  user: { id: string; name: string };
  /** Bucket name -> ID: `telemetry`, `logs` (the system buckets `_monitoring`, `_tasks` exist too). */
  buckets: Record<string, string>;
  accountId: string;
  clusterId: string;
}

export interface Emulator {
  /** http://127.0.0.1:<port>; v2 API at /api/v2, management at /api/v0, admin at /__emulator. */
  url: string;
  /** v2 operator token. */
  token: string;
  managementToken: string;
  seed: EmulatorSeed;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  setFaults(faults: FaultOptions): void;
  state(): EmulatorStateSummary;
  /** Stops listening and flushes the data file. */
  close(): Promise<void>;
}
