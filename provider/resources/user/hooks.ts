import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type V2UserPatch, type V2UsersClient, v2UsersClient } from "../../clients/v2";
import { resolveV2Connection, type V2ConnectionInput } from "../../config";
import { createKeyOf, engineHolds } from "../../lifecycle/create";
import { log } from "../../shared/log";
import { onFirstUse } from "../../shared/on-first-use";
import { withoutReservedKeys } from "../../shared/unknown";
import { validOrThrow } from "../../shared/validated";
import { createUserOnce, patchUser } from "./create";
import { diffUser } from "./diff";
import { applyMemberships, type Membership, resolveMemberships } from "./memberships";
import { ownsTokensError } from "./messages";
import type { UserInputs, UserOutputs } from "./types";

type Props = Record<string, unknown>;

// zod and the schema load on the first validation (check, create, update) only.
const loadSchema = onFirstUse(() => import("./schema.js"));

async function validInputs(raw: Props): Promise<UserInputs> {
  return validOrThrow("User", (await loadSchema()).validateUser(withoutReservedKeys(raw)));
}

/** Seam for tests: which client a connection gets. */
export type V2UsersClientFactory = (connection: V2ConnectionInput | undefined) => V2UsersClient;

export const defaultV2UsersClientFactory: V2UsersClientFactory = (connection) =>
  v2UsersClient(resolveV2Connection(connection));

/**
 * The User hooks (InfluxDB OSS v2 `/api/v2/users` and org members, docs/behaviour/v2-users.md).
 * The Pulumi ID is the user ID.
 */
export function userHooks(clientFor: V2UsersClientFactory = defaultV2UsersClientFactory) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = (await loadSchema()).validateUser(withoutReservedKeys(news));
      return result.ok ? { inputs: news } : { inputs: news, failures: result.failures };
    },

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      engineHolds(id);
      return diffUser(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult<UserOutputs>> {
      const inputs = await validInputs(raw);
      const client = clientFor(inputs.connection);
      const memberships = await resolveMemberships(inputs.orgMemberships ?? [], client);
      const attempt = await createUserOnce(
        client,
        {
          name: inputs.name,
          status: inputs.status ?? "active",
          ...(inputs.password === undefined ? {} : { password: inputs.password }),
          memberships,
        },
        createKeyOf(raw),
      );
      const user = attempt.token;
      log.info(
        `created User ${user.id} "${user.name}"${memberships.length === 0 ? "" : ` in ${memberships.length} org(s)`}`,
      );
      attempt.returned();
      return { id: user.id, outs: toOutputs(inputs, user, memberships) };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult<UserOutputs | Props>> {
      engineHolds(id);
      const previous = props as Partial<UserOutputs>;
      const client = clientFor(previous.connection);
      const found = await client.getUser(id);
      if (found === undefined) {
        log.info(`User ${id} no longer exists on the server: refresh removes it from the stack`);
        return {};
      }
      // Refresh checks the memberships the stack holds; an import (no state) asks which orgs the
      // user is in (behaviour E.3: either role), then keeps the member ones.
      const known: Membership[] =
        Array.isArray(previous.orgIds) && Array.isArray(previous.orgMemberships)
          ? previous.orgIds.map((orgId, i) => ({ orgId, given: previous.orgMemberships?.[i] ?? orgId }))
          : (await client.orgIdsOfUser(id)).map((orgId) => ({ orgId, given: orgId }));
      const still: Membership[] = [];
      for (const m of known) if ((await client.memberIds(m.orgId))?.has(id)) still.push(m);
      const inputs: UserInputs = {
        name: found.name,
        ...(previous.password === undefined ? {} : { password: previous.password }),
        ...(previous.deleteWithTokens === undefined ? {} : { deleteWithTokens: previous.deleteWithTokens }),
        ...(previous.connection === undefined ? {} : { connection: previous.connection }),
        orgMemberships: still.map((m) => m.given),
      };
      return { id: found.id, props: toOutputs(inputs, found, still) };
    },

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<UserOutputs>> {
      engineHolds(id);
      const inputs = await validInputs(news);
      const previous = olds as Partial<UserOutputs>;
      const client = clientFor(inputs.connection);
      const done: string[] = [];
      let user = { id, name: String(previous.name ?? ""), status: String(previous.status ?? "active") };
      const status = inputs.status ?? "active";
      // Name and status in one PATCH (behaviour E.1: both are mutable).
      const patch: V2UserPatch = {};
      if (inputs.name !== previous.name) patch.name = inputs.name;
      if (status !== (previous.status ?? "active")) patch.status = status;
      if (Object.keys(patch).length > 0) {
        user = await patchUser(client, id, patch, client.baseUrl);
        if (patch.name !== undefined) done.push(`renamed to "${patch.name}"`);
        if (patch.status !== undefined) done.push(`status ${patch.status}`);
      }
      if (inputs.password !== undefined && inputs.password !== previous.password) {
        await client.setPassword(id, inputs.password);
        done.push("password set");
      } else if (inputs.password === undefined && previous.password !== undefined) {
        log.info(`User ${id}: password removed from the program; the server keeps the last one set`);
      }
      const memberships = await resolveMemberships(inputs.orgMemberships ?? [], client);
      const { added, removed } = await applyMemberships(client, id, previous.orgIds ?? [], memberships);
      if (added.length > 0) done.push(`added to ${added.join(", ")}`);
      if (removed.length > 0) done.push(`removed from ${removed.join(", ")}`);
      log.info(
        done.length === 0
          ? `updated User ${id} in state only (no request)`
          : `updated User ${id}: ${done.join(", ")}`,
      );
      return { outs: toOutputs(inputs, user, memberships) };
    },

    async delete(id: string, props: Props): Promise<void> {
      engineHolds(id);
      const previous = props as Partial<UserOutputs>;
      const client = clientFor(previous.connection);
      // Tokens the credential can read: those of a deleted user would stay, unusable (behaviour E.4).
      const tokens = await client.tokensOfUser(id);
      if (tokens.length > 0 && previous.deleteWithTokens !== true) {
        throw ownsTokensError(id, String(previous.name ?? ""), tokens);
      }
      const existed = await client.deleteUser(id);
      if (tokens.length > 0) {
        log.warn(
          `deleted User ${id} with deleteWithTokens: its ${tokens.length} token(s) (${tokens.map((t) => t.id).join(", ")}) stay on the server and no longer work`,
        );
      } else log.info(existed ? `deleted User ${id}` : `User ${id} was already gone`);
    },
  };
}

export type UserHooks = ReturnType<typeof userHooks>;

function toOutputs(
  inputs: UserInputs,
  user: { id: string; name: string; status: string },
  memberships: readonly Membership[],
): UserOutputs {
  const outs: UserOutputs = {
    userId: user.id,
    name: user.name,
    status: user.status === "inactive" ? "inactive" : "active",
    orgMemberships: memberships.map((m) => m.given),
    orgIds: memberships.map((m) => m.orgId),
  };
  if (inputs.password !== undefined) outs.password = inputs.password;
  if (inputs.deleteWithTokens !== undefined) outs.deleteWithTokens = inputs.deleteWithTokens;
  if (inputs.connection !== undefined) outs.connection = inputs.connection;
  return outs;
}
