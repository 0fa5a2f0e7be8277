import * as pulumi from "@pulumi/pulumi";
import type { ResourcePermission } from "../../provider/resources/influxdb3/permissions";
import { resourceTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { pauseStackTraces } from "../stack-traces";
import { type AdminTokenArgs, NAMED_TOKEN_KEYS, namedTokenProps } from "./admin-token";

export const RESOURCE_TOKEN_KEYS = {
  ...NAMED_TOKEN_KEYS,
  inputs: [...NAMED_TOKEN_KEYS.inputs, "permissions"],
  outputs: [...NAMED_TOKEN_KEYS.outputs, "permissionsText"],
};

export interface ResourcePermissionArgs {
  /** `db` (databases) or `system` (the `/health`, `/metrics`, `/ping`, `/ready` endpoints). */
  resourceType: pulumi.Input<"db" | "system">;
  /**
   * `"*"` (all, including databases created later) or names: existing database names for `db`;
   * `health`, `metrics`, `ping`, `ready` for `system`.
   */
  resourceNames: pulumi.Input<"*" | pulumi.Input<string>[]>;
  /** `db`: `read`, `write`, `create`, `describe`, `delete`. `system`: `read`. Order does not matter. */
  actions: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ResourceTokenArgs extends AdminTokenArgs {
  /** What the token may do. Compared as a set; any change **replaces** the token. */
  permissions: pulumi.Input<pulumi.Input<ResourcePermissionArgs>[]>;
}

/**
 * An InfluxDB 3 **Enterprise** resource token (`db:`/`system:` permissions). Targeting Core fails
 * with a clear error (Core has admin tokens only). Every change except the connection token
 * replaces it. The Pulumi ID is its name.
 */
export class ResourceToken extends pulumi.dynamic.Resource {
  declare readonly tokenName: pulumi.Output<string>;
  /** The token value (secret), known only from creation. */
  declare readonly token: pulumi.Output<string>;
  declare readonly tokenId: pulumi.Output<number>;
  declare readonly hashPrefix: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;
  /** Permissions in canonical order (names sorted, actions in the server's order). */
  declare readonly permissions: pulumi.Output<ResourcePermission[]>;
  /** The server's rendering from `system.tokens`, e.g. `db:sensors:read,write` (after a refresh). */
  declare readonly permissionsText: pulumi.Output<string | undefined>;

  constructor(name: string, args: ResourceTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        resourceTokenProvider,
        name,
        namedTokenProps("ResourceToken", name, args, RESOURCE_TOKEN_KEYS),
        withSecretOutputs(opts, ["token", "connection"]),
        "influxdb",
        "ResourceToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
