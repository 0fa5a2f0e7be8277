import * as pulumi from "@pulumi/pulumi";
import { databaseTokenProvider, databaseTokenReadProvider } from "../provider/serialized";
import { withSecretOutputs } from "./authorization";
import { createKey } from "./create-key";
import {
  DATABASE_TOKEN_KEYS,
  type DatabaseTokenArgs,
  type DatabaseTokenConnectionArgs,
} from "./generated/database-token-args";
import { resourceProps } from "./props";
import { pauseStackTraces } from "./stack-traces";

// The inputs are declared once, in provider/resources/database-token/schema.ts: the Args types,
// their TSDoc and the key lists are generated from it.
export {
  DATABASE_TOKEN_KEYS,
  type DatabaseTokenArgs,
  type DatabaseTokenConnectionArgs,
  type DatabaseTokenPermissionArgs,
  type WaitForActivationArgs,
} from "./generated/database-token-args";

/** A database permission as stored in state. */
export interface DatabaseTokenPermission {
  /** `read` or `write`. */
  action: "read" | "write";
  /** A database name, or `"*"` for every database. */
  resource: string;
}

/** Options of `DatabaseToken.get`: resource options plus where to read from (default: stack config, env). */
export interface DatabaseTokenGetOptions extends pulumi.CustomResourceOptions {
  /** Where to read from, as the resource's own `connection` input. */
  connection?: pulumi.Input<DatabaseTokenConnectionArgs>;
}

/**
 * An InfluxDB 3 Clustered / Cloud Dedicated database token (management API `/api/v0/.../tokens`).
 * The Pulumi ID is the token ID. `accessToken` is a secret output, known only from creation.
 */
export class DatabaseToken extends pulumi.dynamic.Resource {
  /** Description, as last read from the server. */
  declare readonly description: pulumi.Output<string>;
  /** Permissions: sorted, duplicates removed; as last read from the server. */
  declare readonly permissions: pulumi.Output<DatabaseTokenPermission[]>;
  /** The token value (secret). Returned by the server only at creation; kept in state. */
  declare readonly accessToken: pulumi.Output<string>;
  /** RFC 3339 creation time. */
  declare readonly createdAt: pulumi.Output<string>;
  /** RFC 3339 expiry, as the server reports it; unset when the token never expires. */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** RFC 3339 revocation time; a revoked token is reported gone by refresh. */
  declare readonly revokedAt: pulumi.Output<string | undefined>;
  /** Cloud Dedicated account ID (unset on Clustered). */
  declare readonly accountId: pulumi.Output<string | undefined>;
  /** Cloud Dedicated cluster ID (unset on Clustered). */
  declare readonly clusterId: pulumi.Output<string | undefined>;
  /** True when the token was taken over with `adoptId` rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** False when `accessToken` is unknown: adopted without `adoptedToken`. */
  declare readonly tokenKnown: pulumi.Output<boolean>;
  /** The rotation period as declared. */
  declare readonly rotateAfter: pulumi.Output<string | undefined>;
  /** The rotation trigger as last recorded. */
  declare readonly rotationTrigger: pulumi.Output<unknown>;
  /** `createdAt` + `rotateAfter`: the first `up` from then on replaces the token. */
  declare readonly rotationDueAt: pulumi.Output<string | undefined>;

  /**
   * Reads an existing database token without managing it: the engine calls the
   * provider's `read`; nothing is created, changed or revoked. Fails when the ID does not exist,
   * is revoked or has expired. `accessToken` is unset (the API returns it only at creation).
   * To take over management of an existing token instead, see `adoptId`.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: DatabaseTokenGetOptions): DatabaseToken {
    const { connection, ...resourceOptions } = opts ?? {};
    return new DatabaseToken(
      name,
      { description: "", ...(connection === undefined ? {} : { connection }) },
      { ...resourceOptions, id },
    );
  }

  constructor(name: string, args: DatabaseTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        // A get (`opts.id`): the same provider, but a read of a missing token fails (read-providers.ts).
        opts?.id === undefined ? databaseTokenProvider : databaseTokenReadProvider,
        name,
        resourceProps("DatabaseToken", name, args, DATABASE_TOKEN_KEYS, {
          __createKey: createKey(name, "DatabaseToken", opts),
        }),
        withSecretOutputs(opts, DATABASE_TOKEN_KEYS.secretOutputs),
        "influxdb",
        "DatabaseToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
