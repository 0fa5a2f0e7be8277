import { type ManagementConnectionInput, resolveManagementConnection } from "../../../config";
import { InputValidationError } from "../../../shared/errors";
import { log, plural } from "../../../shared/log";
import { activationOptions, DEFAULT_ACTIVATION_TIMEOUT, parseTimeout } from "./options";
import type { ProbeResult } from "./probe";
import { type ActivationClock, type ActivationPlan, seconds, waitForActivation } from "./wait";

export { activationOptions, type WaitForActivation, waitForActivationField } from "./options";
export { probeToken } from "./probe";

/** When no database can be named (only `*` or no permission), the probe names this one. */
export const PROBE_DATABASE = "_pulumi_activation_probe";

export type ActivationTarget = Omit<ActivationPlan, "tokenId" | "accessToken">;

/**
 * Where and how long to probe, decided before the token is created: a setting that cannot work
 * (Cloud Dedicated without a data URL) must fail before a token exists, not after.
 */
export function planActivation(inputs: {
  waitForActivation?: unknown;
  permissions?: ReadonlyArray<{ resource: string }>;
  connection?: ManagementConnectionInput;
}): ActivationTarget | undefined {
  const options = activationOptions(inputs.waitForActivation);
  if (options === undefined) return undefined;
  let url = options.url;
  if (url === undefined) {
    const connection = resolveManagementConnection(inputs.connection);
    if (connection.dedicated !== undefined) {
      throw new InputValidationError("DatabaseToken", [
        {
          property: "waitForActivation.url",
          reason:
            "is required on Cloud Dedicated: give your cluster's URL (the host you write to, not console.influxdata.com)",
        },
      ]);
    }
    // Clustered serves the management API and the data API on the cluster's host (behaviour B.1).
    url = connection.url;
  }
  const named = inputs.permissions?.find((p) => p.resource !== "*")?.resource;
  return {
    url: url.replace(/\/+$/, ""),
    database: options.database ?? named ?? PROBE_DATABASE,
    timeoutMs: parseTimeout(options.timeout ?? DEFAULT_ACTIVATION_TIMEOUT) ?? 300_000,
  };
}

/**
 * Holds `create` until the token works. On timeout the token is revoked before the error: `create`
 * failing means Pulumi records nothing, so a token left behind would be unmanaged and unknown.
 */
export async function awaitActivation(
  target: ActivationTarget,
  token: { id: string; accessToken: string },
  revoke: (id: string) => Promise<unknown>,
  probe?: (plan: ActivationPlan) => Promise<ProbeResult>,
  clock?: ActivationClock,
): Promise<void> {
  const plan: ActivationPlan = { ...target, tokenId: token.id, accessToken: token.accessToken };
  const outcome = await waitForActivation(plan, probe, clock);
  if (outcome.active) {
    log.info(
      `DatabaseToken ${token.id} is active on ${plan.url} after ${seconds(outcome.afterMs)} (${plural(outcome.probes, "probe")})`,
    );
    return;
  }
  await revoke(token.id);
  throw new Error(
    `DatabaseToken ${token.id} was not accepted by ${plan.url} within ${seconds(plan.timeoutMs)} ` +
      `(last answer: ${outcome.last}); it was revoked so that no unmanaged token is left behind. ` +
      `Raise waitForActivation.timeout, or check that waitForActivation.url is this cluster's data API.`,
  );
}
