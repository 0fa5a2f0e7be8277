import type { ManagementClient, ManagementToken } from "../../clients/management";
import { type InputFailure, InputValidationError } from "../../shared/errors";
import { sameDatabasePermissions, sameInstant } from "./normalize";
import type { DatabaseTokenInputs, DatabaseTokenPermission } from "./types";

/**
 * Takes over an existing database token at `create` (see ./authorization.ts for why).
 * Permissions and expiry must match: the expiry cannot be changed, and changing permissions in
 * place would silently change what the token's users may do (DESIGN.md). The description is set
 * to the declared one with one PATCH. Revoked or expired tokens cannot be adopted.
 */
export async function adoptDatabaseToken(
  inputs: DatabaseTokenInputs & { adoptId: string },
  client: ManagementClient,
  isGone: (token: ManagementToken) => boolean,
): Promise<{ token: ManagementToken; patched: boolean }> {
  const found = await client.getToken(inputs.adoptId);
  if (found === undefined || isGone(found)) {
    throw new InputValidationError("DatabaseToken", [
      {
        property: "adoptId",
        reason: `database token ${inputs.adoptId} ${found === undefined ? "does not exist" : "is revoked or expired"} on this cluster; check the ID (influxctl token list shows them), or remove adoptId to create a new token`,
      },
    ]);
  }
  const failures = databaseTokenDifferences(inputs, found);
  if (failures.length > 0) throw new InputValidationError("DatabaseToken", failures);
  if (found.description === inputs.description) return { token: found, patched: false };
  return { token: await client.updateToken(found.id, { description: inputs.description }), patched: true };
}

export function databaseTokenDifferences(
  inputs: DatabaseTokenInputs,
  found: ManagementToken,
): InputFailure[] {
  const failures: InputFailure[] = [];
  const declared = inputs.permissions ?? [];
  const existing = found.permissions as DatabaseTokenPermission[];
  if (!sameDatabasePermissions(declared, existing)) {
    const keys = (list: readonly DatabaseTokenPermission[]) =>
      new Set(list.map((p) => `${p.action} ${p.resource}`));
    const want = keys(declared);
    const have = keys(existing);
    const missing = [...want].filter((k) => !have.has(k)).sort();
    const extra = [...have].filter((k) => !want.has(k)).sort();
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`declared but not granted by the token: ${missing.join("; ")}`);
    if (extra.length > 0) parts.push(`granted by the token but not declared: ${extra.join("; ")}`);
    failures.push({
      property: "permissions",
      reason: `${parts.join(". ")}. Declare exactly the token's permissions (or adopt another token)`,
    });
  }
  if (!sameInstant(inputs.expiresAt, found.expiresAt)) {
    failures.push({
      property: "expiresAt",
      reason: `the program declares ${inputs.expiresAt ?? "no expiry"}, the token has ${found.expiresAt ?? "no expiry"}; expiry cannot change on an existing token`,
    });
  }
  return failures;
}
