import type * as pulumi from "@pulumi/pulumi";
import * as presets from "../provider/presets";
import type { AuthorizationPermissionArgs } from "./authorization";

/**
 * Permission presets for `Authorization.permissions`. Each returns the whole list, so
 * `pulumi preview --diff` shows every grant; nothing is wider than the list. None holds
 * `instance` (the provider's presets leave it out), hence the narrowing casts below.
 */

/**
 * All access to one org: what InfluxDB gives an org's owner (behaviour A.10): read and write on
 * every resource type but `instance` in the org, and on the org itself. Such a token cannot list,
 * create or read tokens unless it also holds its user: pass `userId` (read and write on that one
 * user), as `influx auth create --all-access` does.
 */
export function allAccessPermissions(
  orgId: pulumi.Input<string>,
  options: { userId?: pulumi.Input<string> } = {},
): AuthorizationPermissionArgs[] {
  return presets.allAccessPermissions(orgId, options) as AuthorizationPermissionArgs[];
}

/**
 * Exactly the set `influx auth create --all-access --user <name>` sends: read on the org, read and
 * write on the one user, read and write on every other type but `instance` in the org.
 */
export function influxCliAllAccessPermissions(
  orgId: pulumi.Input<string>,
  userId: pulumi.Input<string>,
): AuthorizationPermissionArgs[] {
  return presets.influxCliAllAccessPermissions(orgId, userId) as AuthorizationPermissionArgs[];
}

/**
 * The operator set (`influx auth create --operator`): read and write on every type but `instance`,
 * in every org.
 *
 * **Not yet usable with `Authorization`**: the provider scopes every type-wide grant (except
 * `orgs`, `users`, `instance`) to the authorization's org, so the token would hold the org's
 * types plus every org and user, not an operator set. `grantedPermissions` shows what was made.
 */
export function operatorPermissions(): AuthorizationPermissionArgs[] {
  return presets.operatorPermissions() as AuthorizationPermissionArgs[];
}
