import * as pulumi from "@pulumi/pulumi";
import { offlineTokensProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { OFFLINE_TOKENS_KEYS, type OfflineTokensArgs } from "../generated/influxdb3-args";
import { resourceProps } from "../props";
import { pauseStackTraces } from "../stack-traces";

// The inputs are declared once, in provider/resources/influxdb3/offline-tokens-schema.ts: the Args
// types, their TSDoc and the key lists are generated from it.
export {
  OFFLINE_TOKENS_KEYS,
  type OfflinePermissionTokenArgs,
  type OfflineTokensArgs,
  type OfflineTokensConnectionArgs,
} from "../generated/influxdb3-args";

/**
 * The token files an InfluxDB 3 Core/Enterprise server loads at start (`influxdb3 serve
 * --admin-token-file`, Enterprise `--permission-tokens-file`), generated in the stack with no
 * server call: the race-free bootstrap of a new server (OperatorToken's bootstrap call is
 * unauthenticated, so whoever reaches a fresh server first owns it). Write `adminTokenFile` to a
 * 0600 file and start the server with it. The tokens are generated once, at create; a change of a
 * name, permission or expiry replaces the resource. Destroying it only removes it from the stack.
 */
export class OfflineTokens extends pulumi.dynamic.Resource {
  /** The admin token's name: `_admin` unless `adminTokenName` is set. */
  declare readonly adminName: pulumi.Output<string>;
  /** The admin token value (secret). */
  declare readonly adminToken: pulumi.Output<string>;
  /** The `--admin-token-file` content, exactly the JSON the server loads (secret). */
  declare readonly adminTokenFile: pulumi.Output<string>;
  /** Permission token values by name (secret). */
  declare readonly permissionTokenValues: pulumi.Output<Record<string, string>>;
  /** The Enterprise `--permission-tokens-file` content (secret); unset without permission tokens or databases. */
  declare readonly permissionTokensFile: pulumi.Output<string | undefined>;
  /** First 9 hex chars of each token's SHA-512 by name, as `system.tokens` shows them. */
  declare readonly hashPrefixes: pulumi.Output<Record<string, string>>;
  /** Absolute expiry (RFC 3339) by name, for the tokens that expire. */
  declare readonly expiresAt: pulumi.Output<Record<string, string>>;
  /** By name: `unchecked`, `loaded`, `expired`, `not-loaded` or `name-taken`, as the last refresh saw it. */
  declare readonly loadStatus: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: OfflineTokensArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        offlineTokensProvider,
        name,
        resourceProps("OfflineTokens", name, args, OFFLINE_TOKENS_KEYS),
        withSecretOutputs(opts, OFFLINE_TOKENS_KEYS.secretOutputs),
        "influxdb",
        "OfflineTokens",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
