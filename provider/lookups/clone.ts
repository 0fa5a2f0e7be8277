import type { PermissionInput } from "../resources/authorization/types";
import type { DatabaseTokenPermission } from "../resources/database-token/types";
import type { AuthorizationPermissionSummary } from "./types";

/**
 * The permissions of an existing authorization in the shape `Authorization.permissions` takes:
 * by ID only. The server adds `name`/`org` next to IDs (behaviour A.2), and the input schema
 * refuses a resource with both an ID and a name; IDs also keep the clone on exactly the same
 * objects even if one was renamed since.
 */
export function clonePermissions(permissions: readonly AuthorizationPermissionSummary[]): PermissionInput[] {
  return permissions.map((permission) => {
    const resource: PermissionInput["resource"] = {
      type: permission.resource.type as PermissionInput["resource"]["type"],
    };
    if (permission.resource.id !== undefined) resource.id = permission.resource.id;
    if (permission.resource.orgId !== undefined) resource.orgId = permission.resource.orgId;
    return { action: permission.action, resource };
  });
}

/**
 * A database token's permissions in the shape `DatabaseToken.permissions` takes. The management
 * API types `action` as a plain string (behaviour B.2); anything but read/write cannot be
 * declared, so it fails here, naming the value, rather than at create time.
 */
export function cloneDatabaseTokenPermissions(
  permissions: ReadonlyArray<{ action: string; resource: string }>,
): DatabaseTokenPermission[] {
  return permissions.map((permission, index) => {
    if (permission.action !== "read" && permission.action !== "write") {
      throw new Error(
        `permissions[${index}].action: "${permission.action}" cannot be cloned; a DatabaseToken takes read or write`,
      );
    }
    return { action: permission.action, resource: permission.resource };
  });
}
