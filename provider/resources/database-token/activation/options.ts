import { z } from "zod";
import { httpUrlField } from "../../../config/url-field";
import { input, named } from "../../../shared/declaration";
import { databaseNameProblem } from "../../../shared/validated";
import { orUnknown, strictObject } from "../../../shared/zod-helpers";

/**
 * `waitForActivation`: new database tokens answer 401 on the data API for "a few seconds
 * to a few minutes" (behaviour B.4). With this set, `create` returns only once the cluster accepts
 * the new token, so resources that use it in the same `up` do not start with a token that fails.
 */
export interface WaitForActivation {
  /** Give up after this long, e.g. "90s", "5m" (default "5m"). */
  timeout?: string;
  /**
   * The cluster's data API base URL, probed with `POST <url>/api/v2/write?bucket=<database>` and an
   * empty body (nothing is written). Default on Clustered: the management API URL (the same
   * cluster host). Cloud Dedicated: required (the management API at console.influxdata.com serves
   * no data; the cluster has its own host).
   */
  url?: string;
  /** The database named in the probe; default: the token's first database permission. */
  database?: string;
}

export const DEFAULT_ACTIVATION_TIMEOUT = "5m";

const TIMEOUT = /^(\d{1,5})(s|m|h)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a timeout like "90s", "5m", "1h"; undefined when malformed or zero. */
export function parseTimeout(value: string): number | undefined {
  const match = TIMEOUT.exec(value.trim());
  if (match === null || Number(match[1]) === 0) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

// waitForActivation is a secret input (its URL once could hold a password): no message here
// repeats any part of its value.
const timeout = z.string().superRefine((value, ctx) => {
  if (parseTimeout(value) !== undefined) return;
  ctx.addIssue({
    code: "custom",
    message: 'is not a timeout; give a whole number and s, m or h, e.g. "90s" or "5m"',
  });
});

const url = httpUrlField(
  "remove it; the probe authenticates with the new token itself",
  "https://cluster.example.com",
);

const database = z.string().superRefine((value, ctx) => {
  const problem = databaseNameProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/** `true` = wait with the defaults; an object tunes it; `false`/absent = do not wait. */
export const waitForActivationField = orUnknown(
  z.union([
    z.boolean(),
    named(
      strictObject({
        timeout: input(orUnknown(timeout).optional(), {
          description: 'Give up after this long: a whole number and `s`, `m` or `h`. Default `"5m"`.',
        }),
        url: input(orUnknown(url).optional(), {
          description:
            "The cluster's data API URL (where clients write). Default on Clustered: the management URL (the " +
            "same cluster host). **Required on Cloud Dedicated** (e.g. `https://<cluster-id>.a.influxdb.io`).",
        }),
        database: input(orUnknown(database).optional(), {
          description: "Database named in the probe. Default: the token's first database permission.",
        }),
      }),
      { typeName: "WaitForActivationArgs", description: "How `create` waits for a new token to work." },
    ),
  ]),
).optional();

/** The options in one shape, or undefined when the user did not ask to wait. */
export function activationOptions(value: unknown): WaitForActivation | undefined {
  if (value === true) return {};
  if (value !== null && typeof value === "object") return value as WaitForActivation;
  return undefined;
}
