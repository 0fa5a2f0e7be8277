/**
 * The servers an engine-level safety test runs against, and what they hold: the v2/management
 * emulator, and (optionally) an InfluxDB 3 Enterprise emulator with its operator token already
 * bootstrapped by the test (so AdminToken/ResourceToken stacks have a credential).
 *
 * Token identities are the Pulumi IDs the state records: v2 authorization IDs, management token
 * IDs, InfluxDB 3 token names.
 */
import { type Emulator, type FaultOptions, startEmulator, type TokenVisibility } from "../../emulator";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../emulator/influxdb3";
import type { StateResource } from "./cli-stack";

export interface TokenServers {
  v2: Emulator;
  i3?: Influxdb3Emulator;
  /** The bootstrapped `_admin` secret (undefined when `bootstrap: false`). */
  operator?: string;
  /** Stack config for the program (plain and secret settings). */
  config: { plain: Record<string, string>; secret: Record<string, string> };
  /** Every token the servers hold that a test stack may have made (Pulumi IDs). */
  tokens(): Set<string>;
  /** InfluxDB 3 name -> numeric token_id, to match the audit CLI's entries by either. */
  influxdb3Ids(): Map<string, string>;
  /** v2 and management token ID -> description (a create's marker until its PATCH). */
  descriptions(): Map<string, string>;
  /** The IDs (InfluxDB 3: names) of every DELETE the servers received. */
  deletes(): string[];
  /**
   * The recorded tokens among `resources` that were sent a DELETE (v2 and management, by ID) or
   * are no longer held as recorded (InfluxDB 3: the name is gone or belongs to another token_id;
   * a DELETE by name alone says nothing, since a retry may reuse the autoname). Pulumi IDs.
   */
  touched(resources: StateResource[]): string[];
  /** POSTs that reached a token-create route (completed, whatever the outcome). */
  posts(): number;
  /** Requests that got a fault other than latency, by kind. */
  faults(): Record<string, number>;
  setFaults(faults: FaultOptions): void;
  clearLogs(): void;
  /** Waits until requests received before a kill are processed (the servers go on without clients). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  seed: number;
  tokenVisibility?: TokenVisibility;
  influxdb3?: boolean;
  /** Default true: the test bootstraps `_admin` and passes it as `influxdb:influxdb3Token`. */
  bootstrap?: boolean;
  /** More plain stack settings. */
  extra?: Record<string, string>;
}

const CREATE_ROUTE = /^\/api\/(v2\/authorizations|v0(\/accounts\/[^/]+\/clusters\/[^/]+)?\/tokens)$/;
const INFLUXDB3_TYPES = new Set(["AdminToken", "ResourceToken", "OperatorToken"]);
const INFLUXDB3_CREATE = /^\/api\/v3\/(configure\/token\/(admin|named_admin)|enterprise\/configure\/token)$/;

export async function startTokenServers(options: TokenServerOptions): Promise<TokenServers> {
  const v2 = await startEmulator({
    seed: options.seed,
    tokenVisibility: options.tokenVisibility ?? "hashed",
  });
  // The seeded operator authorization is not a test token.
  const baseline = new Set(v2.state().authorizations.map((a) => a.id));
  const plain: Record<string, string> = {
    "influxdb:url": v2.url,
    "influxdb:org": v2.seed.org.name,
    "influxdb:managementUrl": v2.url,
    "influxdb:retryMaxAttempts": "10",
    ...options.extra,
  };
  const secret: Record<string, string> = {
    "influxdb:token": v2.token,
    "influxdb:managementToken": v2.managementToken,
  };
  let i3: Influxdb3Emulator | undefined;
  let operator: string | undefined;
  if (options.influxdb3) {
    i3 = await startInfluxdb3Emulator({ edition: "enterprise", databases: ["sensors"], seed: options.seed });
    plain["influxdb:influxdb3Url"] = i3.url;
    if (options.bootstrap !== false) {
      const answer = await fetch(`${i3.url}/api/v3/configure/token/admin`, { method: "POST" });
      operator = ((await answer.json()) as { token: string }).token;
      secret["influxdb:influxdb3Token"] = operator;
      i3.clearRequestLog();
    }
  }
  const lastSegment = (p: string) => p.slice(p.lastIndexOf("/") + 1);
  return {
    v2,
    i3,
    operator,
    config: { plain, secret },
    tokens() {
      const state = v2.state();
      const ids = [
        ...state.authorizations.filter((a) => !baseline.has(a.id)).map((a) => a.id),
        ...state.databaseTokens.filter((d) => d.revokedAt === undefined).map((d) => d.id),
        ...(i3?.state().tokens.map((t) => t.name) ?? []),
      ];
      // `_admin` is a test token only when the stack bootstraps it.
      return new Set(operator === undefined ? ids : ids.filter((id) => id !== "_admin"));
    },
    descriptions: () => {
      const state = v2.state();
      return new Map([
        ...state.authorizations.map((a) => [a.id, a.description] as const),
        ...state.databaseTokens.map((d) => [d.id, d.description] as const),
      ]);
    },
    influxdb3Ids: () => new Map((i3?.state().tokens ?? []).map((t) => [t.name, String(t.id)])),
    deletes: () => [
      ...v2
        .requestLog()
        .filter((e) => e.method === "DELETE")
        .map((e) => lastSegment(e.path)),
      ...(i3?.requestLog() ?? [])
        .filter((e) => e.method === "DELETE")
        .map((e) => e.query["token_name"] ?? ""),
    ],
    touched(resources) {
      const deleted = new Set(
        v2
          .requestLog()
          .filter((e) => e.method === "DELETE")
          .map((e) => lastSegment(e.path)),
      );
      const held = new Map((i3?.state().tokens ?? []).map((t) => [t.name, String(t.id)]));
      return resources
        .filter((r) =>
          INFLUXDB3_TYPES.has(r.type) ? held.get(r.id) !== String(r.outputs["tokenId"]) : deleted.has(r.id),
        )
        .map((r) => r.id);
    },
    posts: () =>
      v2.requestLog().filter((e) => e.method === "POST" && CREATE_ROUTE.test(e.path)).length +
      (i3?.requestLog() ?? []).filter((e) => e.method === "POST" && INFLUXDB3_CREATE.test(e.path)).length,
    faults() {
      const counts: Record<string, number> = {};
      for (const e of [...v2.requestLog(), ...(i3?.requestLog() ?? [])]) {
        if (e.fault !== undefined && e.fault !== "latency") counts[e.fault] = (counts[e.fault] ?? 0) + 1;
      }
      return counts;
    },
    setFaults(faults) {
      v2.setFaults(faults);
      i3?.setFaults(faults);
    },
    clearLogs() {
      v2.clearRequestLog();
      i3?.clearRequestLog();
    },
    async settle() {
      // The v2 emulator has no in-flight view: its latency is at most the tests' 400 ms.
      const until = Date.now() + 10_000;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      while (i3 !== undefined && i3.inFlight().length > 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await v2.close();
      await i3?.close();
    },
  };
}

/** Waits until `condition` holds, or throws after `timeoutMs` naming `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
