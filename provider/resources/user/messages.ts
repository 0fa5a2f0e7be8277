import type { V2TokenSummary } from "../../clients/v2";
import { InputValidationError } from "../../shared/errors";

/**
 * The declared name belongs to a user this create did not make: another stack's, or one made by
 * hand. Nothing proves it is ours (identical definitions in other stacks are normal), so the
 * provider never adopts it; the error names it and the ways out.
 */
export function nameTakenError(
  name: string,
  url: string,
  existingId: string | undefined,
): InputValidationError {
  const who = existingId === undefined ? "another user" : `user ${existingId}`;
  return new InputValidationError("User", [
    {
      property: "name",
      reason:
        `"${name}" is already taken on ${url} by ${who}, which this stack did not create; user names are unique ` +
        "per server, so the provider leaves it alone (and deleted only a user its own attempt made, if any). " +
        "If another stack owns that user, share it instead of declaring it twice: remove this User and give the " +
        `tokens \`user: "${name}"\` in Authorization (or the owning stack's userId through a StackReference). ` +
        "If nobody uses it, delete it (`influx user delete --id <id>`) and run `pulumi up` again. Or choose another name.",
    },
  ]);
}

/** `destroy` of a user that still owns tokens, without `deleteWithTokens`. */
export function ownsTokensError(id: string, name: string, tokens: V2TokenSummary[]): Error {
  const listed = tokens
    .map((t) => `${t.id}${t.description === "" ? "" : ` ("${t.description}")`}`)
    .join(", ");
  return new Error(
    `User "${name}" (${id}) still owns ${tokens.length} token${tokens.length === 1 ? "" : "s"}: ${listed}. ` +
      "Deleting the user would leave them on the server, unusable (InfluxDB does not delete a user's tokens). " +
      "Delete those tokens first (remove their Authorization resources, or `influx auth delete --id <id>`), or set " +
      "`deleteWithTokens: true` on the User to delete it anyway: its tokens then stop working.",
  );
}

/** A Cloud URL, or a server without `/api/v2/users` (404 on POST): Cloud Serverless. */
export function cloudError(property: string, source: string): InputValidationError {
  return new InputValidationError("User", [{ property, reason: `${source} ${CLOUD_REASON}` }]);
}

/** Why a Cloud URL cannot hold a User (behaviour E.5); here, not in ./schema.ts, so that it loads without zod. */
export const CLOUD_REASON =
  "is an InfluxDB Cloud or Cloud Serverless URL, and those have no users API a User can use (Cloud Serverless " +
  "has no /api/v2/users; on Cloud only InfluxData may create users). A User needs InfluxDB OSS v2: point it at " +
  "an OSS server, or invite the person in the Cloud UI (Organization > Members) and give tokens to that user " +
  "with Authorization's userId";
