import type { V2User, V2UserPatch, V2UsersClient } from "../../clients/v2";
import { InfluxApiError } from "../../http";
import { type Created, createOnce, createOptions } from "../../lifecycle/create";
import { applyMemberships, type Membership } from "./memberships";
import { cloudError, nameTakenError } from "./messages";

export interface DeclaredUser {
  name: string;
  status: "active" | "inactive";
  password?: string;
  memberships: Membership[];
}

/**
 * Creates exactly one user, proven to be this attempt's (docs/guarantees.md), through the same
 * create-once machinery and journal as the tokens: the POST names the user with this attempt's
 * marker (`pulumi-influxdb-tokens creating <32 hex>`), which nobody else can choose; a lost answer
 * is settled by that marker only. Then one PATCH gives it the declared name. If the name is taken
 * (another stack's user, or one made by hand: 422 conflict, behaviour E.1), the marker user is
 * deleted by its ID (it is ours) and the create fails naming the other user.
 */
export async function createUserOnce(
  client: V2UsersClient,
  declared: DeclaredUser,
  resource: string | undefined,
): Promise<Created<V2User>> {
  const url = client.baseUrl;
  return createOnce<V2User>(
    {
      kind: "User",
      scope: `${url}|v2-users|${client.credentialKey}`,
      url,
      post: async (marker) => {
        // Asked before each POST, after the clean-up of ended runs (which may free the name): a
        // taken name fails here with no write at all. A user made in between gets the PATCH's 422.
        const holder = await client.findUserByName(declared.name);
        if (holder !== undefined) throw nameTakenError(declared.name, url, holder.id);
        try {
          return await client.createUser({ name: marker, status: declared.status });
        } catch (error) {
          // Cloud Serverless has no users route: 404 `path not found` (behaviour E.5).
          if (error instanceof InfluxApiError && error.isNotFound)
            throw cloudError("connection.url", `${url}`);
          throw error;
        }
      },
      list: () => client.listUsers(),
      markerOf: (user) => user.name,
      // A user has no secret value: a found marker user is as good as an answered POST.
      hasValue: () => true,
      finish: async (user) => {
        const named = await patchUser(client, user.id, { name: declared.name }, url);
        if (declared.password !== undefined) await client.setPassword(user.id, declared.password);
        await applyMemberships(client, user.id, [], declared.memberships);
        return named;
      },
      remove: async (id) => {
        await client.deleteUser(id);
      },
      finishing: "renaming it to the declared name (and setting its password and memberships)",
      findElsewhere: (marker) => `find it with \`influx user list\` (its name is "${marker}")`,
    },
    createOptions(resource),
  );
}

/** One PATCH; a new name another user holds is a clear error naming that user (422 conflict, behaviour E.1). */
export async function patchUser(
  client: V2UsersClient,
  id: string,
  patch: V2UserPatch,
  url: string,
): Promise<V2User> {
  try {
    return await client.updateUser(id, patch);
  } catch (error) {
    if (patch.name !== undefined && error instanceof InfluxApiError && error.status === 422) {
      const holder = await client.findUserByName(patch.name).catch(() => undefined);
      throw nameTakenError(patch.name, url, holder?.id);
    }
    throw error;
  }
}
