import * as pulumi from "@pulumi/pulumi";
import { authorizationProvider, authorizationReadProvider } from "../provider/serialized";
import { createKey } from "./create-key";
import { type PropKeys, resourceProps } from "./props";
import { pauseStackTraces } from "./stack-traces";

/**
 * A v2 resource type that a token can be granted: the types the OSS server accepts, except
 * `instance`, which the server refuses in every new token (it exists only for the initial setup).
 */
export type AuthorizationResourceType =
  | "authorizations"
  | "buckets"
  | "dashboards"
  | "orgs"
  | "sources"
  | "tasks"
  | "telegrafs"
  | "users"
  | "variables"
  | "scrapers"
  | "secrets"
  | "labels"
  | "views"
  | "documents"
  | "notificationRules"
  | "notificationEndpoints"
  | "checks"
  | "dbrp"
  | "notebooks"
  | "annotations"
  | "remotes"
  | "replications";

/** What a permission applies to. Give `id` or `name` (or neither: every resource of the type in the org). */
export interface AuthorizationResourceArgs {
  /** The resource type, e.g. `"buckets"`. */
  type: pulumi.Input<AuthorizationResourceType>;
  /** ID (16 lowercase hex chars) of one resource. */
  id?: pulumi.Input<string>;
  /**
   * Name of one bucket, org or user; the provider resolves it to the ID before creating the token
   * (the server would drop a name and grant every bucket of the org).
   */
  name?: pulumi.Input<string>;
  /** Org ID the resource belongs to. Default: the authorization's org for type-wide grants. */
  orgId?: pulumi.Input<string>;
  /** Org name instead of `orgId`; resolved to the ID before creating the token. */
  org?: pulumi.Input<string>;
  /** `true`: every org the credential can grant (sent without an org), instead of the authorization's org. */
  anyOrg?: pulumi.Input<true>;
}

export interface AuthorizationPermissionArgs {
  /** `read` or `write`; write does not imply read. */
  action: pulumi.Input<"read" | "write">;
  resource: pulumi.Input<AuthorizationResourceArgs>;
}

/** Where the v2 API is, for one resource; overrides stack config and the environment. Stored as a secret. */
export interface AuthorizationConnectionArgs {
  /** Base URL, e.g. `http://localhost:8086`. Changing it replaces the token (another server). */
  url?: pulumi.Input<string>;
  /** API token allowed to manage authorizations. Changing it updates state only (no request). */
  token?: pulumi.Input<string>;
}

export interface AuthorizationArgs {
  /** Organization ID (16 hex chars). Give this or `org`, or neither to use `influxdb:orgId`/`influxdb:org`. Changing it **replaces** the token. */
  orgId?: pulumi.Input<string>;
  /** Organization name, resolved to its ID. Changing it **replaces** the token. */
  org?: pulumi.Input<string>;
  /** ID of the user the token belongs to; default: the user of the provider's credential. Changing it **replaces** the token. */
  userId?: pulumi.Input<string>;
  /** User name instead of `userId`, resolved to its ID. Changing it **replaces** the token. */
  user?: pulumi.Input<string>;
  /** Free text. Changing it **updates in place** (PATCH). */
  description?: pulumi.Input<string>;
  /** `active` (default) or `inactive`. Changing it **updates in place** (PATCH). */
  status?: pulumi.Input<"active" | "inactive">;
  /**
   * What the token may do (at least one). Compared as a set: order and duplicates do not matter.
   * Any change **replaces** the token (the API cannot change permissions): the new one is created first.
   */
  permissions: pulumi.Input<pulumi.Input<AuthorizationPermissionArgs>[]>;
  /** Per-resource connection (secret); default: stack config, then environment. */
  connection?: pulumi.Input<AuthorizationConnectionArgs>;
  /**
   * ID of an existing authorization to take over instead of creating one (`pulumi import` does not
   * work for dynamic resources). Read only when the resource is created: `up` checks that the
   * token's org, user and permissions match the declared ones exactly (and fails naming every
   * difference), then sets `status` and `description` as declared. Later changes are ignored. From
   * then on the token is managed: `destroy` deletes it. A replacement (permissions, rotation) is
   * refused while this is set: remove it (and `adoptedToken`) first.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * The adopted token's value, if you have it (stored as a secret). The API never returns a token
   * after creation, so without it `token` stays empty and `tokenKnown` is false. Only with
   * `adoptId`; setting or changing it later **updates state only** (no request, not verified
   * against hashed servers).
   */
  adoptedToken?: pulumi.Input<string>;
  /**
   * Rotation period: a whole number and `m`, `h`, `d` or `w`, e.g. `"90d"`. The first `up` (or
   * `preview`) at or after `createdAt` + this period **replaces** the token: the new one is created
   * first, consumers get it in the same `up`, then the old one is deleted. Changing the period
   * updates state only, unless the new period is already due.
   */
  rotateAfter?: pulumi.Input<string>;
  /**
   * Any value (a date, a counter, an incident number): changing it from one value to another
   * **replaces** the token (create first, then delete). Setting it the first time, or removing it,
   * updates state only. Equivalent to Pulumi's `replacementTrigger` resource option (3.211+), but
   * works with older CLIs and shows in the plan as `rotationTrigger`.
   */
  rotationTrigger?: pulumi.Input<unknown>;
}

/** A permission as stored in state. */
export interface AuthorizationPermission {
  action: "read" | "write";
  resource: { type: AuthorizationResourceType; id?: string; name?: string; orgId?: string; org?: string };
}

/** Options of `Authorization.get`: resource options plus where to read from (default: stack config, env). */
export interface AuthorizationGetOptions extends pulumi.CustomResourceOptions {
  connection?: pulumi.Input<AuthorizationConnectionArgs>;
}

/** Every key the class registers (test/unit/sdk keeps it equal to the provider's schema). */
export const AUTHORIZATION_KEYS: PropKeys = {
  inputs: [
    "orgId",
    "org",
    "userId",
    "user",
    "description",
    "status",
    "permissions",
    "connection",
    "adoptId",
    "adoptedToken",
    "rotateAfter",
    "rotationTrigger",
  ],
  secretInputs: ["connection", "adoptedToken"],
  outputs: [
    "grantedPermissions",
    "token",
    "createdAt",
    "updatedAt",
    "adopted",
    "tokenKnown",
    "rotationDueAt",
  ],
};

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
   * Reads an existing authorization without managing it (issue 9): the engine calls the provider's
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
        withSecretOutputs(opts, ["token", "connection"]),
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
  names: string[],
): pulumi.CustomResourceOptions {
  const existing = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...existing, ...names])] };
}
