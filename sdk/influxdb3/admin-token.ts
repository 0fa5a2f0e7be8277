import * as pulumi from "@pulumi/pulumi";
import { adminTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { ADMIN_TOKEN_KEYS, type AdminTokenArgs } from "../generated/influxdb3-args";
import { type PropKeys, resourceProps } from "../props";
import { pauseStackTraces } from "../stack-traces";

// The inputs are declared once, in provider/resources/influxdb3/schema.ts: the Args types, their
// TSDoc and the key lists are generated from it.
export { ADMIN_TOKEN_KEYS, type AdminTokenArgs } from "../generated/influxdb3-args";

/**
 * A named admin token of InfluxDB 3 Core or Enterprise (full access). The server has no update
 * endpoint, so every change except the connection token replaces it. The Pulumi ID is its name.
 */
export class AdminToken extends pulumi.dynamic.Resource {
  /** The server-side name. */
  declare readonly tokenName: pulumi.Output<string>;
  /** The token value (secret), known only from creation. */
  declare readonly token: pulumi.Output<string>;
  /** Server-side token ID (a counter shared by all tokens of the server). */
  declare readonly tokenId: pulumi.Output<number>;
  /** First 9 hex chars of the token's SHA-512, as `system.tokens` shows them. */
  declare readonly hashPrefix: pulumi.Output<string>;
  /** Creation time (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** Absolute expiry (RFC 3339) as the server computed it; unset = never. */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** `active`, `expired` or `replaced` (re-created outside Pulumi), as the last refresh saw it. */
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: AdminTokenArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        adminTokenProvider,
        name,
        namedTokenProps("AdminToken", name, args),
        withSecretOutputs(opts, ADMIN_TOKEN_KEYS.secretOutputs),
        "influxdb",
        "AdminToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}

/**
 * Every key the caller gave, every output key (unset keys are dropped by the SDK, DESIGN.md), and
 * the resource name as the autoname prefix.
 */
export function namedTokenProps(
  kind: string,
  name: string,
  args: object | undefined,
  keys: PropKeys = ADMIN_TOKEN_KEYS,
): pulumi.Inputs {
  return resourceProps(kind, name, args, keys, { autonamePrefix: name });
}
