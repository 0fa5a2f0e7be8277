import { log } from "../../../shared/log";
import { type ProbeResult, probeToken } from "./probe";

export interface ActivationPlan {
  tokenId: string;
  accessToken: string;
  url: string;
  database: string;
  timeoutMs: number;
}

export interface ActivationClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const realClock: ActivationClock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type ActivationOutcome =
  | { active: true; afterMs: number; probes: number }
  | { active: false; afterMs: number; probes: number; last: string };

/**
 * Probes until the cluster accepts the token or the timeout passes. Delays grow from 0.5 s to at
 * most 5 s, so a token active after 2 s costs a handful of requests and one active after 3 min
 * about 40. Each probe shows as a progress line; the token value never appears in any line.
 */
export async function waitForActivation(
  plan: ActivationPlan,
  probe: (plan: ActivationPlan) => Promise<ProbeResult> = (p) => probeToken(p.url, p.database, p.accessToken),
  clock: ActivationClock = realClock,
): Promise<ActivationOutcome> {
  const start = clock.now();
  let delay = 500;
  let probes = 0;
  let last = "no probe yet";
  for (;;) {
    probes++;
    const result = await probe(plan);
    const elapsed = clock.now() - start;
    if (result === "active") return { active: true, afterMs: elapsed, probes };
    last = result === "inactive" ? "401 Unauthorized (not active yet)" : result.unclear;
    log.progress(
      `waiting for DatabaseToken ${plan.tokenId} to become active on ${plan.url}: ${last}, ` +
        `${seconds(elapsed)} of ${seconds(plan.timeoutMs)}`,
      [plan.accessToken],
    );
    if (elapsed + delay > plan.timeoutMs) return { active: false, afterMs: elapsed, probes, last };
    await clock.sleep(delay);
    delay = Math.min(5_000, Math.round(delay * 1.5));
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
