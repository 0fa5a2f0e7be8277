import * as pulumi from "@pulumi/pulumi";
import { adminTokenProvider } from "../../provider/influxdb3/providers";
import { withSecretOutputs } from "../authorization";
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
        namedTokenProps(name, args),
        withSecretOutputs(opts, ["token", "connection"]),
        "influxdb",
        "AdminToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}

/** Inputs plus every output key (unset keys are dropped by the SDK, DESIGN.md). */
export function namedTokenProps(name: string, args: AdminTokenArgs): pulumi.Inputs {
  return {
    name: args.name,
    autonamePrefix: name,
    expiresIn: args.expiresIn,
    connection: args.connection === undefined ? undefined : pulumi.secret(args.connection),
    tokenName: undefined,
    token: undefined,
    tokenId: undefined,
    hashPrefix: undefined,
    createdAt: undefined,
    expiresAt: undefined,
    status: undefined,
  };
}
