import * as pulumi from "@pulumi/pulumi";
import type { ConfigSource, ManagementConnectionInput, V2ConnectionInput } from "../provider/config";
import * as lookups from "../provider/lookups";
import type { AuthorizationPermissionArgs } from "./authorization";
import type { DatabaseTokenPermission } from "./database-token";

export type {
  AuthorizationFilter,
  AuthorizationPermissionSummary,
  AuthorizationSummary,
  DatabaseTokenFilter,
  DatabaseTokenSummary,
  GetAuthorizationArgs,
  GetDatabaseTokenArgs,
  ListAuthorizationsArgs,
  ListDatabaseTokensArgs,
  TextMatcher,
} from "../provider/lookups";
export { LookupArgumentError } from "../provider/lookups";

/**
 * Look-ups (data sources): plain data about existing tokens, never a token value.
 * In a program they connect like the resources: the `connection` argument, then this stack's
 * config (`influxdb:url`, `influxdb:token`, `influxdb:managementUrl`, ...), then the environment.
 * They run in preview too, each time the program runs.
 */
const stackConfig: ConfigSource = {
  get(key) {
    const [namespace, name] = key.split(":");
    if (namespace === undefined || name === undefined) return undefined;
    // Outside a Pulumi program (a script, the CLI) there is no stack config: use the environment.
    try {
      return new pulumi.Config(namespace).get(name);
    } catch {
      return undefined;
    }
  },
};

export function listAuthorizations(args: lookups.ListAuthorizationsArgs = {}) {
  return lookups.listAuthorizations(args, { config: stackConfig });
}

export function getAuthorization(id: string, args: lookups.GetAuthorizationArgs = {}) {
  return lookups.getAuthorization(id, args, { config: stackConfig });
}

export function listDatabaseTokens(args: lookups.ListDatabaseTokensArgs = {}) {
  return lookups.listDatabaseTokens(args, { config: stackConfig });
}

export function getDatabaseToken(id: string, args: lookups.GetDatabaseTokenArgs = {}) {
  return lookups.getDatabaseToken(id, args, { config: stackConfig });
}

/** `listAuthorizations` with org, user and connection that may be outputs of other resources. */
export function listAuthorizationsOutput(
  args: lookups.AuthorizationFilter & {
    org?: pulumi.Input<string>;
    orgId?: pulumi.Input<string>;
    user?: pulumi.Input<string>;
    userId?: pulumi.Input<string>;
    connection?: pulumi.Input<V2ConnectionInput>;
  } = {},
): pulumi.Output<lookups.AuthorizationSummary[]> {
  const { org, orgId, user, userId, connection, ...filter } = args;
  return pulumi
    .output({ org, orgId, user, userId, connection })
    .apply((resolved) => listAuthorizations({ ...filter, ...definedOnly(resolved) }));
}

/** `getAuthorization` with an ID that may be an output; resolves to undefined for an unknown ID. */
export function getAuthorizationOutput(
  id: pulumi.Input<string>,
  args: { connection?: pulumi.Input<V2ConnectionInput> } = {},
): pulumi.Output<lookups.AuthorizationSummary | undefined> {
  return pulumi
    .output({ id, connection: args.connection })
    .apply(({ id, connection }) => getAuthorization(id, definedOnly({ connection })));
}

export function listDatabaseTokensOutput(
  args: lookups.DatabaseTokenFilter & { connection?: pulumi.Input<ManagementConnectionInput> } = {},
): pulumi.Output<lookups.DatabaseTokenSummary[]> {
  const { connection, ...filter } = args;
  return pulumi
    .output({ connection })
    .apply((resolved) => listDatabaseTokens({ ...filter, ...definedOnly(resolved) }));
}

export function getDatabaseTokenOutput(
  id: pulumi.Input<string>,
  args: { includeRevoked?: boolean; connection?: pulumi.Input<ManagementConnectionInput> } = {},
): pulumi.Output<lookups.DatabaseTokenSummary | undefined> {
  return pulumi
    .output({ id, connection: args.connection })
    .apply(({ id, connection }) =>
      getDatabaseToken(id, { ...definedOnly({ connection }), includeRevoked: args.includeRevoked }),
    );
}

/**
 * Cloning: the permissions of an existing authorization (a look-up result, or the
 * `grantedPermissions` of `Authorization.get`) in the shape `Authorization.permissions` takes.
 */
export function clonePermissions(
  permissions: readonly lookups.AuthorizationPermissionSummary[],
): AuthorizationPermissionArgs[] {
  // A token read from a server may hold `instance`: the clone keeps it, and check refuses it in a
  // new token, naming the permission.
  return lookups.clonePermissions(permissions);
}

/** Cloning a database token: its permissions (from `getDatabaseToken`) as `DatabaseToken.permissions`. */
export function cloneDatabaseTokenPermissions(
  permissions: ReadonlyArray<{ action: string; resource: string }>,
): DatabaseTokenPermission[] {
  return lookups.cloneDatabaseTokenPermissions(permissions);
}

function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined && item !== null) out[key] = item;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
