import * as pulumi from "@pulumi/pulumi";
import { adminTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { type PropKeys, resourceProps } from "../props";
import { pauseStackTraces } from "../stack-traces";
import type { Influxdb3ConnectionArgs } from "./connection";

export interface AdminTokenArgs {
  /**
   * Server-side name (unique across all tokens). Unset: `<resource name>-<7 hex>`, renewed on each
   * replacement so the new token is created before the old one is deleted. Set: a replacement must
   * delete the old token first. Changing it **replaces** the token.
   */
  name?: pulumi.Input<string>;
  /**
   * Lifetime from creation: `90d`, `12h`, `1h30m`, `3600s` (units s, m, h, d, w, y) or seconds.
   * Unset: never expires. Never 0. Changing it **replaces** the token.
   */
  expiresIn?: pulumi.Input<string | number>;
  /** Per-resource connection (secret); needs an admin token. Default: stack config, then environment. */
  connection?: pulumi.Input<Influxdb3ConnectionArgs>;
}

/**
 * A named admin token of InfluxDB 3 Core or Enterprise (full access). The server has no update
 * endpoint, so every change except the connection token replaces it. The Pulumi ID is its name.
 */
export class AdminToken extends pulumi.dynamic.Resource {
  /** The server-side name. */
  declare readonly tokenName: pulumi.Output<string>;
  /** The token value (secret), known only from creation. */
  declare readonly token: pulumi.Output<string>;
  declare readonly tokenId: pulumi.Output<number>;
  declare readonly hashPrefix: pulumi.Output<string>;
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
        withSecretOutputs(opts, ["token", "connection"]),
        "influxdb",
        "AdminToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}

/** The keys of AdminToken; ResourceToken adds its own. */
export const NAMED_TOKEN_KEYS: PropKeys = {
  inputs: ["name", "expiresIn", "connection"],
  secretInputs: ["connection"],
  outputs: ["tokenName", "token", "tokenId", "hashPrefix", "createdAt", "expiresAt", "status"],
};

/**
 * Every key the caller gave, every output key (unset keys are dropped by the SDK, DESIGN.md), and
 * the resource name as the autoname prefix.
 */
export function namedTokenProps(
  kind: string,
  name: string,
  args: object | undefined,
  keys: PropKeys = NAMED_TOKEN_KEYS,
): pulumi.Inputs {
  return resourceProps(kind, name, args, keys, { autonamePrefix: name });
}
