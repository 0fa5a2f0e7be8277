import { RESOURCE_TYPES, type ResourceType } from "../resources/authorization/resource-types";

/**
 * Permission presets for `Authorization.permissions`. Each returns the full list, so `pulumi preview`
 * shows every grant, and nothing is wider than the list says. Generic in the ID type so the SDK can
 * pass a `pulumi.Input<string>` (an org ID that is an output of another resource).
 */
export interface PresetPermission<Id> {
  action: "read" | "write";
  resource: { type: ResourceType; id?: Id; orgId?: Id; anyOrg?: true };
}

const ACTIONS = ["read", "write"] as const;

/**
 * `instance` is left out everywhere: the server refuses to create a token with it (behaviour A.4
 * step 5) and its own operator token does not hold it (behaviour A.10, authz.go `OperPermissions`).
 */
const GRANTABLE_TYPES: readonly ResourceType[] = RESOURCE_TYPES.filter((type) => type !== "instance");

/**
 * What the server gives an org's owner (behaviour A.10, authz.go `OwnerPermissions`): read and
 * write on every type but `instance` in that org, and on the org itself (`orgs` by ID).
 *
 * `users` scoped by org matches no request for a user (behaviour A.10: a user request carries no orgID), so
 * such a token cannot create, list or read tokens (behaviour A.4 step 5 and behaviour A.5 need `users/<userID>`).
 * Pass `userId` to add read and write on that one user, as `influx auth create --all-access` does.
 */
export function allAccessPermissions<Id>(orgId: Id, options: { userId?: Id } = {}): PresetPermission<Id>[] {
  const permissions = GRANTABLE_TYPES.flatMap((type) =>
    ACTIONS.map(
      (action): PresetPermission<Id> => ({
        action,
        resource: type === "orgs" ? { type, id: orgId } : { type, orgId },
      }),
    ),
  );
  if (options.userId !== undefined) {
    for (const action of ACTIONS)
      permissions.push({ action, resource: { type: "users", id: options.userId } });
  }
  return permissions;
}

/**
 * Exactly what `influx auth create --all-access --user <name>` sends (influx-cli
 * clients/auth/auth.go `Create`): read (not write) on the org itself, read and write on the one
 * user, and read and write on every other type but `instance` in the org.
 */
export function influxCliAllAccessPermissions<Id>(orgId: Id, userId: Id): PresetPermission<Id>[] {
  return GRANTABLE_TYPES.flatMap((type): PresetPermission<Id>[] => {
    if (type === "orgs") return [{ action: "read", resource: { type, id: orgId } }];
    if (type === "users") return ACTIONS.map((action) => ({ action, resource: { type, id: userId } }));
    return ACTIONS.map((action) => ({ action, resource: { type, orgId } }));
  });
}

/**
 * The operator set (`influx auth create --operator`; behaviour A.10 `OperPermissions`): read and
 * write on every type but `instance`, in every org, with no org or ID.
 */
export function operatorPermissions(): PresetPermission<never>[] {
  return GRANTABLE_TYPES.flatMap((type) =>
    ACTIONS.map((action) => ({ action, resource: { type, anyOrg: true } })),
  );
}
