/**
 * `pulumi import` through the hooks' `read`: the engine calls Read with the ID and no properties,
 * and stores the inputs Read returns as the resource's inputs, which the next preview diffs
 * against the program. The hooks rebuild a resource's inputs from its old outputs, which an import
 * does not have, so this adapter derives them from what the server returned:
 *
 * - every input key of the schema that the outputs hold (description, status, orgId, expiresAt,
 *   names, ...), except the credentials and create-time inputs (`connection`, `adoptId`,
 *   `adoptedToken`), the lifecycle inputs no server holds (`rotateAfter`, `rotationTrigger`: the
 *   first `up` after the import records them, in state only), an Authorization's user, and
 *   defaults the server reports for an unset input;
 * - an Authorization's `permissions` from `grantedPermissions` (the server's form: IDs, names the
 *   server adds dropped), since its read keeps the declared ones, of which an import has none;
 *   likewise a ResourceToken's from the server's permissions text, and a named token's `name`.
 *
 * The token value is unknown after import (the APIs never return it again): the outputs say
 * `tokenKnown: false` and the value stays empty (docs/plugin.md).
 */
import type { ResourceName } from "../registry";
import { canonicalPermissions } from "../resources/authorization/normalize";
import type { GrantedPermission, PermissionInput } from "../resources/authorization/types";
import {
  canonicalPermissions as canonicalResourcePermissions,
  type ResourcePermission,
} from "../resources/influxdb3/permissions";
import type { Props } from "./properties";

const NOT_IMPORTED = new Set([
  "connection",
  "adoptId",
  "adoptedToken",
  "rotateAfter",
  "rotationTrigger",
  "waitForActivation",
]);

/** Values the server reports for an input the program usually leaves unset. */
function isDefault(key: string, value: unknown): boolean {
  return (key === "description" && value === "") || (key === "status" && value === "active");
}

function importedPermissions(granted: unknown): PermissionInput[] {
  if (!Array.isArray(granted)) return [];
  const permissions = (granted as GrantedPermission[]).map((p) => {
    const source = p.resource ?? { type: "" };
    const resource: Props = { type: source.type };
    if (source.id !== undefined) resource.id = source.id;
    else if (source.name !== undefined) resource.name = source.name;
    if (source.orgId !== undefined) resource.orgId = source.orgId;
    else if (source.org !== undefined) resource.org = source.org;
    else resource.anyOrg = true;
    return { action: p.action, resource } as unknown as PermissionInput;
  });
  return canonicalPermissions(permissions);
}

/**
 * A resource token's `system.tokens` permissions text, `TYPE:NAMES:ACTIONS` per permission
 * (docs/behaviour/influxdb3-tokens.md; names and actions comma-separated), as inputs. Several
 * permissions are taken as `;`-separated, which is the emulator's choice: the real server's
 * separator is unverified. Undefined when the text does not parse.
 */
export function parsedResourcePermissions(text: unknown): ResourcePermission[] | undefined {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  const permissions: ResourcePermission[] = [];
  for (const entry of text.split(";")) {
    const match = /^\s*([a-z]+):([^:]+):([a-z,]+)\s*$/.exec(entry);
    if (!match) return undefined;
    const [, type, names, actions] = match as unknown as [string, string, string, string];
    permissions.push({
      resourceType: type,
      resourceNames: names === "*" ? "*" : names.split(","),
      actions: actions.split(","),
    } as ResourcePermission);
  }
  return canonicalResourcePermissions(permissions);
}

/** The outputs and inputs an import stores, from the hook's read of an ID with no old state. */
export function importedState(
  name: ResourceName,
  props: Props,
  inputKeys: readonly string[],
): { props: Props; inputs: Props } {
  const outputs = { ...props };
  if (name === "Authorization") outputs.permissions = importedPermissions(outputs.grantedPermissions);
  if (name === "AdminToken" || name === "ResourceToken") {
    // Imported by name: the name is the input the program gives.
    if (typeof outputs.tokenName === "string") outputs.name = outputs.tokenName;
  }
  if (name === "ResourceToken") {
    const permissions = parsedResourcePermissions(outputs.permissionsText);
    if (permissions !== undefined) outputs.permissions = permissions;
  }
  const inputs: Props = {};
  for (const key of inputKeys) {
    const value = outputs[key];
    if (NOT_IMPORTED.has(key) || value === undefined || value === null || isDefault(key, value)) continue;
    inputs[key] = value;
  }
  if (name === "Authorization") {
    // The org by ID once imported (the name stays an output); the user is the server's to say
    // (a program rarely names it, and the diff rule ignores a user the program does not give).
    if (inputs.orgId !== undefined) delete inputs.org;
    delete inputs.user;
    delete inputs.userId;
  }
  return { props: outputs, inputs };
}
