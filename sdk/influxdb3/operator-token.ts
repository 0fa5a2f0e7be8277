import * as pulumi from "@pulumi/pulumi";
import { operatorTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { type PropKeys, resourceProps } from "../props";
import { pauseStackTraces } from "../stack-traces";
import type { Influxdb3ConnectionArgs } from "./connection";

export interface OperatorTokenArgs {
  /** Server and (optional) fallback admin token; the bootstrap itself needs no token. */
  connection?: pulumi.Input<Influxdb3ConnectionArgs>;
  /**
   * Any value; changing it **regenerates the secret in place** (same ID, new token, the old one
   * stops working at once). E.g. a date, to rotate on a schedule.
   */
  rotationTrigger?: pulumi.Input<string | number>;
  /**
   * Adopt a server that is already bootstrapped: the current operator token (treat it as a secret).
   * Without it, creating on a bootstrapped server fails with 409 and says so.
   */
  existingToken?: pulumi.Input<string>;
}

/** Every key the class registers (test/unit/sdk keeps it equal to the provider's schema). */
export const OPERATOR_TOKEN_KEYS: PropKeys = {
  inputs: ["connection", "rotationTrigger", "existingToken"],
  secretInputs: ["connection", "existingToken"],
  outputs: ["name", "token", "tokenId", "hashPrefix", "createdAt", "updatedAt", "edition", "status"],
};

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
        withSecretOutputs(opts, ["token", "connection", "existingToken"]),
        "influxdb",
        "OperatorToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
