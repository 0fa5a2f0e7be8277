import { LookupError, type V2AuthorizationPost, type V2Client } from "../../clients/v2";
import { defaultOrg, missingOrgError } from "../../config";
import { InputValidationError } from "../../shared/errors";
import { existingNamesHint, type NameKind } from "./known-names";
import { canonicalPermissions } from "./normalize";
import type { AuthorizationInputs, ResourceInput } from "./types";

/**
 * Types that are not scoped by an org: an orgID on a type-wide `users` grant would make it match
 * nothing (behaviour A.10), and `orgs`/`instance` are not inside an org.
 */
const ORGLESS_TYPES = new Set(["orgs", "users", "instance"]);

/**
 * Builds the POST body, resolving every name to its ID first. The OSS server drops a `name` in a
 * permission's resource (behaviour A.4 item 8): sending it would grant every bucket of the org.
 */
export async function buildCreateRequest(
  inputs: AuthorizationInputs,
  client: V2Client,
): Promise<V2AuthorizationPost> {
  const lookup = lookupWithHints(inputs);
  const orgId = await resolveOrgId(inputs, client, lookup);
  const userId =
    inputs.userId ??
    (inputs.user === undefined
      ? undefined
      : await lookup("user", { kind: "user", name: inputs.user }, () => client.userIdByName(inputs.user!)));

  const permissions = await Promise.all(
    canonicalPermissions(inputs.permissions).map(async (permission, index) => ({
      action: permission.action,
      resource: await resolveResource(permission.resource, orgId, client, index, lookup),
    })),
  );

  const body: V2AuthorizationPost = {
    orgID: orgId,
    description: inputs.description ?? "",
    status: inputs.status ?? "active",
    permissions,
  };
  if (userId !== undefined) body.userID = userId;
  return body;
}

async function resolveOrgId(inputs: AuthorizationInputs, client: V2Client, lookup: Lookup): Promise<string> {
  if (inputs.orgId !== undefined) return inputs.orgId;
  if (inputs.org !== undefined) {
    return lookup("org", { kind: "org", name: inputs.org }, () => client.orgIdByName(inputs.org!));
  }
  const fallback = defaultOrg();
  if (fallback.orgId !== undefined) return fallback.orgId;
  if (fallback.org !== undefined) {
    return lookup("org", { kind: "org", name: fallback.org }, () => client.orgIdByName(fallback.org!));
  }
  throw missingOrgError();
}

async function resolveResource(
  resource: ResourceInput,
  authorizationOrgId: string,
  client: V2Client,
  index: number,
  lookup: Lookup,
): Promise<{ type: string; id?: string; orgID?: string }> {
  const at = `permissions[${index}].resource`;
  const orgID =
    resource.orgId ??
    (resource.org !== undefined
      ? await lookup(`${at}.org`, { kind: "org", name: resource.org }, () =>
          client.orgIdByName(resource.org!),
        )
      : // A grant without id and org would cover every org the caller can grant (A.4 item 8):
        // scope it to the authorization's org, like the influx CLI and UI do.
        resource.id === undefined &&
          resource.name === undefined &&
          resource.anyOrg !== true &&
          !ORGLESS_TYPES.has(resource.type)
        ? authorizationOrgId
        : undefined);

  let id = resource.id;
  if (id === undefined && resource.name !== undefined) {
    const name = resource.name;
    const kind: NameKind = resource.type === "buckets" ? "bucket" : resource.type === "orgs" ? "org" : "user";
    const scope = kind === "bucket" ? (orgID ?? authorizationOrgId) : undefined;
    id = await lookup(`${at}.name`, { kind, name, orgId: scope }, () => {
      if (resource.type === "buckets") return client.bucketIdByName(name, orgID ?? authorizationOrgId);
      if (resource.type === "orgs") return client.orgIdByName(name);
      return client.userIdByName(name);
    });
  }
  const out: { type: string; id?: string; orgID?: string } = { type: resource.type };
  if (id !== undefined) out.id = id;
  if (orgID !== undefined) out.orgID = orgID;
  return out;
}

type Lookup = (
  property: string,
  name: { kind: NameKind; name: string; orgId?: string | undefined },
  find: () => Promise<string>,
) => Promise<string>;

/**
 * A name that does not resolve becomes an input failure naming the property, the closest name and
 * the names that do exist, e.g. `permissions[0].resource.name: bucket "telemetri" not
 * found in organization 0123… (or the token cannot read it). Did you mean "telemetry"? Buckets the
 * credential can read: "logs", "telemetry". Check the name, or give the ID instead.`
 */
function lookupWithHints(inputs: AuthorizationInputs): Lookup {
  return async (property, { kind, name, orgId }, find) => {
    try {
      return await find();
    } catch (error) {
      if (error instanceof LookupError) {
        const hint = await existingNamesHint(inputs.connection, kind, name, orgId);
        throw new InputValidationError("Authorization", [
          {
            property,
            reason: `${error.message}. ${hint === undefined ? "" : `${hint} `}Check the name, or give the ID instead.`,
          },
        ]);
      }
      throw error;
    }
  };
}
