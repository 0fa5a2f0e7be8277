import type { V2Authorization, V2AuthorizationPost, V2Client } from "../../clients/v2";
import { type InputFailure, InputValidationError } from "../../shared/errors";
import type { AuthorizationInputs } from "./types";

export interface AdoptedAuthorization {
  authorization: V2Authorization;
  /** The token value when known: the `adoptedToken` input, or a plain value the server returned (OSS <= 2.8). */
  token: string | undefined;
  /** Which of status/description `create` changed to the declared values (one PATCH). */
  patched: Array<"status" | "description">;
}

/**
 * Takes over an existing authorization instead of creating one (`pulumi import` does not
 * work for dynamic resources, pulumi#3550). The declared org, user and permissions must match the
 * token exactly: they cannot be changed on the server (behaviour A.7), and adopting a token that
 * grants something else would make the program lie. Status and description are mutable, so they
 * are set to the declared values with one PATCH, as `up` would do for any resource.
 *
 * `desired` is the POST body `create` would send, with every name already resolved to its ID.
 */
export async function adoptAuthorization(
  inputs: AuthorizationInputs & { adoptId: string },
  desired: V2AuthorizationPost,
  client: V2Client,
): Promise<AdoptedAuthorization> {
  const found = await client.getAuthorization(inputs.adoptId);
  if (found === undefined) {
    throw new InputValidationError("Authorization", [
      {
        property: "adoptId",
        reason: `authorization ${inputs.adoptId} does not exist on this server; check the ID (influx auth list shows them), or remove adoptId to create a new token`,
      },
    ]);
  }
  const failures = authorizationDifferences(desired, found);
  const token = adoptedValue(inputs.adoptedToken, found.token);
  if (token === "mismatch") {
    failures.push({
      property: "adoptedToken",
      reason:
        "is not the value of this authorization (the server returned another one); give the right value or remove adoptedToken",
    });
  }
  if (failures.length > 0) throw new InputValidationError("Authorization", failures);

  const patch: { status?: "active" | "inactive"; description?: string } = {};
  if ((desired.status ?? "active") !== found.status) patch.status = desired.status ?? "active";
  if ((desired.description ?? "") !== (found.description ?? ""))
    patch.description = desired.description ?? "";
  const authorization =
    Object.keys(patch).length === 0 ? found : await client.updateAuthorization(found.id, patch);
  return {
    authorization,
    token: token === "mismatch" ? undefined : token,
    patched: Object.keys(patch) as Array<"status" | "description">,
  };
}

/**
 * What differs between the declared token and the existing one, one failure per property,
 * each naming both sides so the user can fix either the program or pick another token.
 */
export function authorizationDifferences(
  desired: V2AuthorizationPost,
  found: V2Authorization,
): InputFailure[] {
  const failures: InputFailure[] = [];
  if (desired.orgID !== found.orgID) {
    failures.push({
      property: "orgId",
      reason: `the program declares org ${desired.orgID}, the token belongs to ${found.orgID}${found.org ? ` (${found.org})` : ""}`,
    });
  }
  if (desired.userID !== undefined && desired.userID !== found.userID) {
    failures.push({
      property: "userId",
      reason: `the program declares user ${desired.userID}, the token belongs to ${found.userID ?? "no user"}${found.user ? ` (${found.user})` : ""}`,
    });
  }
  const declared = new Map(desired.permissions.map((p) => [grantKey(p), p]));
  const existing = new Map(found.permissions.map((p) => [grantKey(p), p]));
  const missing = [...declared.keys()].filter((key) => !existing.has(key)).sort();
  const extra = [...existing.keys()].filter((key) => !declared.has(key)).sort();
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`declared but not granted by the token: ${missing.join("; ")}`);
    if (extra.length > 0) {
      parts.push(
        `granted by the token but not declared: ${extra.map((key) => describe(key, existing.get(key)!)).join("; ")}`,
      );
    }
    failures.push({
      property: "permissions",
      reason: `${parts.join(". ")}. Permissions cannot change on an existing token: declare exactly its permissions (or adopt another token)`,
    });
  }
  return failures;
}

type Grant = { action: string; resource: { type: string; id?: string; orgID?: string } };

/**
 * The meaning of a grant (behaviour A.10): with an ID, the org does not matter (a token the UI
 * made names the bucket's org too, one this provider made may not); without one, the org scopes it.
 */
function grantKey(permission: Grant): string {
  const { type, id, orgID } = permission.resource;
  return id !== undefined && id !== ""
    ? `${permission.action} ${type} ${id}`
    : `${permission.action} ${type} ${orgID ? `in org ${orgID}` : "(every org)"}`;
}

function describe(key: string, permission: V2Authorization["permissions"][number]): string {
  const name = permission.resource.name;
  return name ? `${key} (${name})` : key;
}

/** `adoptedToken` wins; a plain value from the server (OSS <= 2.8) is used or checked against it. */
function adoptedValue(
  declared: string | undefined,
  fromServer: string | undefined,
): string | undefined | "mismatch" {
  const real =
    typeof fromServer === "string" && fromServer !== "" && fromServer.toLowerCase() !== "redacted"
      ? fromServer
      : undefined;
  if (declared !== undefined && real !== undefined && declared !== real) return "mismatch";
  return declared ?? real;
}
