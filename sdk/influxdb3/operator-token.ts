import * as pulumi from "@pulumi/pulumi";
import { operatorTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { OPERATOR_TOKEN_KEYS, type OperatorTokenArgs } from "../generated/influxdb3-args";
import { resourceProps } from "../props";
import { pauseStackTraces } from "../stack-traces";

// The inputs are declared once, in provider/resources/influxdb3/schema.ts: the Args types, their
// TSDoc and the key lists are generated from it.
export { OPERATOR_TOKEN_KEYS, type OperatorTokenArgs } from "../generated/influxdb3-args";

/**
 * The operator token (`_admin`) of an InfluxDB 3 Core or Enterprise server. Creating it calls the
 * unauthenticated bootstrap endpoint of a fresh server. It cannot be deleted on the server (405):
 * destroying it only removes it from the stack, with a loud message. The Pulumi ID is `_admin`.
 */
export class OperatorToken extends pulumi.dynamic.Resource {
  /** Always `_admin`. */
  declare readonly name: pulumi.Output<string>;
  /** The token value (secret), known only from the bootstrap/regenerate response. */
  declare readonly token: pulumi.Output<string>;
  /** Server-side token ID (a counter shared by all tokens; the operator token is usually 0). */
  declare readonly tokenId: pulumi.Output<number>;
  /** First 9 hex chars of the token's SHA-512, as `system.tokens` shows them. */
  declare readonly hashPrefix: pulumi.Output<string>;
  /** Creation time (RFC 3339); unchanged by regeneration. */
  declare readonly createdAt: pulumi.Output<string>;
  /** Last regeneration time, if any. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** `core` or `enterprise`, from the server's `/ping`. */
  declare readonly edition: pulumi.Output<string | undefined>;
  /** `active`, or `replaced` when a refresh found the secret regenerated outside Pulumi. */
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: OperatorTokenArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        operatorTokenProvider,
        name,
        resourceProps("OperatorToken", name, args, OPERATOR_TOKEN_KEYS),
        withSecretOutputs(opts, OPERATOR_TOKEN_KEYS.secretOutputs),
        "influxdb",
        "OperatorToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
