import * as pulumi from "@pulumi/pulumi";
import { authorizationProvider, authorizationReadProvider } from "../provider/serialized";
import { createKey } from "./create-key";
import {
  AUTHORIZATION_KEYS,
  type AuthorizationArgs,
  type AuthorizationConnectionArgs,
  type AuthorizationResourceType,
} from "./generated/authorization-args";
import { resourceProps } from "./props";
import { pauseStackTraces } from "./stack-traces";

// The inputs are declared once, in provider/resources/authorization/schema.ts: the Args types,
// their TSDoc and the key lists are generated from it.
export {
  AUTHORIZATION_KEYS,
  type AuthorizationArgs,
  type AuthorizationConnectionArgs,
  type AuthorizationPermissionArgs,
  type AuthorizationResourceArgs,
  type AuthorizationResourceType,
} from "./generated/authorization-args";

/** A permission as stored in state. */
export interface AuthorizationPermission {
  /** `read` or `write`. */
  action: "read" | "write";
  /** What it applies to, by ID (`name` and `org` as the server reports them, where it does). */
  resource: { type: AuthorizationResourceType; id?: string; name?: string; orgId?: string; org?: string };
}

/** Options of `Authorization.get`: resource options plus where to read from (default: stack config, env). */
export interface AuthorizationGetOptions extends pulumi.CustomResourceOptions {
  /** Where to read from, as the resource's own `connection` input. */
  connection?: pulumi.Input<AuthorizationConnectionArgs>;
}

/**
 * An InfluxDB v2 / Cloud / Cloud Serverless API token (`/api/v2/authorizations`).
 * The Pulumi ID is the authorization ID. `token` is a secret output, known only from creation.
 */
export class Authorization extends pulumi.dynamic.Resource {
  /** Organization ID (resolved from `org` when a name was given). */
  declare readonly orgId: pulumi.Output<string>;
  /** Organization name, as the server reports it. */
  declare readonly org: pulumi.Output<string>;
  /** ID of the user the token belongs to. */
  declare readonly userId: pulumi.Output<string>;
  /** Name of the user the token belongs to. */
  declare readonly user: pulumi.Output<string>;
  /** Description ("" when none). */
  declare readonly description: pulumi.Output<string>;
  /** `active` or `inactive`, as last read from the server. */
  declare readonly status: pulumi.Output<"active" | "inactive">;
  /** The permissions as given: sorted, duplicates removed. */
  declare readonly permissions: pulumi.Output<AuthorizationPermission[]>;
  /** The permissions as the server stores them, with every name resolved to its ID. */
  declare readonly grantedPermissions: pulumi.Output<AuthorizationPermission[]>;
  /** The API token value (secret). Returned by the server only at creation; kept in state. */
  declare readonly token: pulumi.Output<string>;
  /** RFC 3339 creation time. */
  declare readonly createdAt: pulumi.Output<string>;
  /** RFC 3339 time of the last change on the server. */
  declare readonly updatedAt: pulumi.Output<string>;
  /** True when the token was taken over with `adoptId` rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** False when `token` is unknown: an adopted token whose value was not given as `adoptedToken`. */
  declare readonly tokenKnown: pulumi.Output<boolean>;
  /** The rotation period as declared. */
  declare readonly rotateAfter: pulumi.Output<string | undefined>;
  /** The rotation trigger as last recorded. */
  declare readonly rotationTrigger: pulumi.Output<unknown>;
  /** `createdAt` + `rotateAfter`: the first `up` from then on replaces the token. */
  declare readonly rotationDueAt: pulumi.Output<string | undefined>;

  /**
   * Reads an existing authorization without managing it: the engine calls the provider's
   * `read`, nothing is created, updated or deleted, and `destroy` leaves the token alone. Fails
   * when the ID does not exist (or its user or org was deleted). `token` is unset (the API never
   * returns it again). `permissions` is what the token holds, by ID, ready to clone
   * (`permissions: existing.permissions`); `grantedPermissions` adds the names the server fills in.
   * To take over management of an existing token instead, see `adoptId`.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: AuthorizationGetOptions): Authorization {
    const { connection, ...resourceOptions } = opts ?? {};
    return new Authorization(
      name,
      { permissions: [], ...(connection === undefined ? {} : { connection }) },
      { ...resourceOptions, id },
    );
  }

  constructor(name: string, args: AuthorizationArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        // A get (`opts.id`): the same provider, but a read of a missing token fails (read-providers.ts).
        opts?.id === undefined ? authorizationProvider : authorizationReadProvider,
        name,
        resourceProps("Authorization", name, args, AUTHORIZATION_KEYS, {
          __createKey: createKey(name, "Authorization", opts),
        }),
        withSecretOutputs(opts, AUTHORIZATION_KEYS.secretOutputs),
        "influxdb",
        "Authorization",
      );
    } finally {
      restoreStackTraces();
    }
  }
}

export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  names: readonly string[],
): pulumi.CustomResourceOptions {
  const existing = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...existing, ...names])] };
}
