import * as pulumi from "@pulumi/pulumi";
import type { ResourcePermission } from "../../provider/resources/influxdb3/permissions";
import { resourceTokenProvider } from "../../provider/serialized";
import { withSecretOutputs } from "../authorization";
import { RESOURCE_TOKEN_KEYS, type ResourceTokenArgs } from "../generated/influxdb3-args";
import { pauseStackTraces } from "../stack-traces";
import { namedTokenProps } from "./admin-token";

// The inputs are declared once, in provider/resources/influxdb3/schema.ts: the Args types, their
// TSDoc and the key lists are generated from it.
export {
  RESOURCE_TOKEN_KEYS,
  type ResourcePermissionArgs,
  type ResourceTokenArgs,
} from "../generated/influxdb3-args";

/**
 * An InfluxDB 3 **Enterprise** resource token (`db:`/`system:` permissions). Targeting Core fails
 * with a clear error (Core has admin tokens only). Every change except the connection token
 * replaces it. The Pulumi ID is its name.
 */
export class ResourceToken extends pulumi.dynamic.Resource {
  /** The server-side name. */
  declare readonly tokenName: pulumi.Output<string>;
  /** The token value (secret), known only from creation. */
  declare readonly token: pulumi.Output<string>;
  /** Server-side token ID (a counter shared by all tokens of the server). */
  declare readonly tokenId: pulumi.Output<number>;
  /** First 9 hex chars of the token's SHA-512, as `system.tokens` shows them. */
  declare readonly hashPrefix: pulumi.Output<string>;
  /** Creation time (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** Absolute expiry (RFC 3339) as the server computed it; unset = never. */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** `active`, `expired` or `replaced` (re-created outside Pulumi), as the last refresh saw it. */
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
        withSecretOutputs(opts, RESOURCE_TOKEN_KEYS.secretOutputs),
        "influxdb",
        "ResourceToken",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
