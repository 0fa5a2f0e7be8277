import * as pulumi from "@pulumi/pulumi";
import { databaseTokenProvider, databaseTokenReadProvider } from "../provider/serialized";
import { withSecretOutputs } from "./authorization";
import { createKey } from "./create-key";
import { type PropKeys, resourceProps } from "./props";
import { pauseStackTraces } from "./stack-traces";

export interface DatabaseTokenPermissionArgs {
  /** `read` or `write`. */
  action: pulumi.Input<"read" | "write">;
  /**
   * A database name, or `"*"` for every database. Names follow InfluxDB's database naming rules:
   * 1-64 letters, digits, `_`, `-` and `/`, starting with a letter or a digit.
   */
  resource: pulumi.Input<string>;
}

/** Where the management API is, for one resource; overrides stack config and the environment. Stored as a secret. */
export interface DatabaseTokenConnectionArgs {
  /** Management API base URL (without `/api/v0`). Changing it replaces the token. */
  url?: pulumi.Input<string>;
  /** Management token or JWT. Changing it updates state only (no request). */
  token?: pulumi.Input<string>;
  /** Cloud Dedicated account ID (UUID); with `clusterId`. Changing it replaces the token. */
  accountId?: pulumi.Input<string>;
  /** Cloud Dedicated cluster ID (UUID); with `accountId`. Changing it replaces the token. */
  clusterId?: pulumi.Input<string>;
}

export interface DatabaseTokenArgs {
  /** What the token is for (required by the API). Changing it **updates in place** (PATCH). */
  description: pulumi.Input<string>;
  /** Database permissions; may be empty. Compared as a set. Any change **replaces** the token. */
  permissions?: pulumi.Input<pulumi.Input<DatabaseTokenPermissionArgs>[]>;
  /**
   * RFC 3339 expiry, e.g. `2027-06-30T00:00:00Z` (strict: hours 00-23, a real calendar day, `Z` or
   * an offset); must be in the future when set or changed.
   * Omit for a token that never expires. Changing it **replaces** the token.
   */
  expiresAt?: pulumi.Input<string>;
  /** Per-resource connection (secret); default: stack config, then environment. */
  connection?: pulumi.Input<DatabaseTokenConnectionArgs>;
  /**
   * ID (UUID) of an existing database token to take over instead of creating one. Read only when
   * the resource is created: `up` checks that its permissions and expiry match the declared ones
   * (and fails naming every difference), then sets the description as declared. Revoked or expired
   * tokens cannot be adopted. Later changes are ignored; `destroy` revokes the token. A replacement
   * is refused while this is set: remove it (and `adoptedToken`) first.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * The adopted token's value, if you have it (secret). Without it `accessToken` stays empty and
   * `tokenKnown` is false. Only with `adoptId`; changing it later **updates state only**.
   */
  adoptedToken?: pulumi.Input<string>;
  /** Rotation period, e.g. `"90d"`: see `AuthorizationArgs.rotateAfter`. Due: **replaces** (create first). */
  rotateAfter?: pulumi.Input<string>;
  /** Any value; a change from one value to another **replaces** the token (create first). */
  rotationTrigger?: pulumi.Input<unknown>;
  /**
   * Hold `create` until the cluster accepts the new token (new tokens answer 401 for seconds to
   * minutes). `true` uses the defaults. The provider probes `POST <url>/api/v2/write?bucket=<database>`
   * with the new token and an empty body (nothing is written) until the answer is not 401, showing
   * progress; on timeout it revokes the token and fails. Matters only at create; changing it is no change.
   */
  waitForActivation?: pulumi.Input<boolean | WaitForActivationArgs>;
}

export interface WaitForActivationArgs {
  /** Give up after this long: a whole number and `s`, `m` or `h`. Default `"5m"`. */
  timeout?: pulumi.Input<string>;
  /**
   * The cluster's data API URL (where clients write). Default on Clustered: the management URL (the
   * same cluster host). **Required on Cloud Dedicated** (e.g. `https://<cluster-id>.a.influxdb.io`).
   */
  url?: pulumi.Input<string>;
  /** Database named in the probe. Default: the token's first database permission. */
  database?: pulumi.Input<string>;
}

/** A database permission as stored in state. */
export interface DatabaseTokenPermission {
  action: "read" | "write";
  resource: string;
}

/** Options of `DatabaseToken.get`: resource options plus where to read from (default: stack config, env). */
export interface DatabaseTokenGetOptions extends pulumi.CustomResourceOptions {
  connection?: pulumi.Input<DatabaseTokenConnectionArgs>;
}

/** Every key the class registers (test/unit/sdk keeps it equal to the provider's schema). */
export const DATABASE_TOKEN_KEYS: PropKeys = {
  inputs: [
    "description",
    "permissions",
    "expiresAt",
    "connection",
    "adoptId",
    "adoptedToken",
    "rotateAfter",
    "rotationTrigger",
    "waitForActivation",
  ],
  // waitForActivation names a URL: kept secret like connection.
  secretInputs: ["connection", "adoptedToken", "waitForActivation"],
  outputs: [
    "adopted",
    "tokenKnown",
    "rotationDueAt",
    "accessToken",
    "createdAt",
    "revokedAt",
    "accountId",
    "clusterId",
  ],
};

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
   * Reads an existing database token without managing it (issue 9): the engine calls the
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
        withSecretOutputs(opts, ["accessToken", "connection"]),
        "influxdb",
        "DatabaseToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
