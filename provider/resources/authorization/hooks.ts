import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type V2Client, v2Client } from "../../clients/v2";
import { resolveV2Connection, type V2ConnectionInput } from "../../config";
import { createAuthorizationOnce, createKeyOf, engineHolds } from "../../lifecycle/create";
import type { InputFailure } from "../../shared/errors";
import { log, plural } from "../../shared/log";
import { onFirstUse } from "../../shared/on-first-use";
import { withoutReservedKeys } from "../../shared/unknown";
import { validOrThrow } from "../../shared/validated";
import { adoptAuthorization } from "./adopt";
import { buildCreateRequest } from "./create-request";
import { diffAuthorization } from "./diff";
import { normalizedDescription, normalizedStatus } from "./normalize";
import { keptToken, lifecycleInputs, toOutputs, withLifecycle } from "./outputs";
import type { AuthorizationInputs, AuthorizationOutputs } from "./types";

type Props = Record<string, unknown>;

// zod and the schemas load on the first validation (check, create, update). refresh, destroy and
// diff never validate, so their provider processes start without them.
const loadSchema = onFirstUse(() => import("./schema.js"));

async function validInputs(raw: Props): Promise<AuthorizationInputs> {
  return validOrThrow("Authorization", (await loadSchema()).validateAuthorization(withoutReservedKeys(raw)));
}

/** Seam for tests: which client a connection gets. */
export type V2ClientFactory = (connection: V2ConnectionInput | undefined) => V2Client;

export const defaultV2ClientFactory: V2ClientFactory = (connection) =>
  v2Client(resolveV2Connection(connection));

/**
 * The Authorization hooks (InfluxDB v2 `/api/v2/authorizations`, docs/behaviour/v2-authorizations.md). Plain functions of
 * the installed package; the serialized provider only delegates here (provider/index.ts).
 */
export function authorizationHooks(clientFor: V2ClientFactory = defaultV2ClientFactory) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = (await loadSchema()).validateAuthorization(withoutReservedKeys(news));
      const failures: InputFailure[] = result.failures;
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      engineHolds(id);
      return diffAuthorization(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult<AuthorizationOutputs>> {
      const inputs = await validInputs(raw);
      const client = clientFor(inputs.connection);
      const body = await buildCreateRequest(inputs, client);
      if (inputs.adoptId !== undefined) return adopt({ ...inputs, adoptId: inputs.adoptId }, body, client);
      // Exactly one token, proven ours, even when the answer is lost or the run is killed
      // (docs/guarantees.md).
      const attempt = await createAuthorizationOnce(client, body, createKeyOf(raw));
      const created = attempt.token;
      const outs = toOutputs(inputs, created, keptToken(undefined, created.token));
      log.info(
        `created Authorization ${created.id} for ${created.org ?? created.orgID} (${plural(created.permissions.length, "permission")})`,
      );
      attempt.returned();
      return { id: created.id, outs };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult<AuthorizationOutputs | Props>> {
      engineHolds(id);
      const client = clientFor(props.connection as V2ConnectionInput | undefined);
      // A refresh reads every token of the org: they may share one list of it (../listed-reads.ts).
      const orgId = typeof props.orgId === "string" ? props.orgId : undefined;
      const found = await client.getAuthorization(id, orgId === undefined ? {} : { listedIn: orgId });
      // 404: deleted out of band; no id tells the engine it is gone (refresh drops it).
      if (found === undefined) {
        log.info(`Authorization ${id} no longer exists on the server: refresh removes it from the stack`);
        return {};
      }
      const previous = props as Partial<AuthorizationOutputs>;
      const inputs: AuthorizationInputs = {
        permissions: Array.isArray(previous.permissions) ? previous.permissions : [],
        ...(previous.connection === undefined ? {} : { connection: previous.connection }),
        ...lifecycleInputs(previous),
      };
      return {
        id: found.id,
        props: toOutputs(inputs, found, keptToken(previous.token, found.token), previous.adopted === true),
      };
    },

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<AuthorizationOutputs>> {
      engineHolds(id);
      const inputs = await validInputs(news);
      const client = clientFor(inputs.connection);
      const patch: { status?: "active" | "inactive"; description?: string } = {};
      const status = normalizedStatus(inputs.status);
      const description = normalizedDescription(inputs.description);
      if (status !== normalizedStatus(olds.status)) patch.status = status;
      if (description !== normalizedDescription(olds.description)) patch.description = description;
      const previous = olds as AuthorizationOutputs;
      if (Object.keys(patch).length === 0) {
        // Only the credential changed: nothing to send, but the new one is stored for later calls.
        const outs: AuthorizationOutputs = { ...previous };
        if (inputs.connection === undefined) delete outs.connection;
        else outs.connection = inputs.connection;
        log.debug(`updated Authorization ${id} in state only (no request)`);
        return { outs: withLifecycle(outs, inputs, previous) };
      }
      // One PATCH with both fields (behaviour A.7: only status and description are mutable).
      const updated = await client.updateAuthorization(id, patch);
      const outs = toOutputs(
        { ...inputs, permissions: previous.permissions ?? inputs.permissions },
        updated,
        keptToken(previous.token, updated.token),
      );
      log.info(`updated Authorization ${id}: ${describePatch(patch)}`);
      return { outs: withLifecycle(outs, inputs, previous) };
    },

    async delete(id: string, props: Props): Promise<void> {
      engineHolds(id);
      const client = clientFor(props.connection as V2ConnectionInput | undefined);
      // false = already gone (404): deleting something absent is success (behaviour A.8).
      const existed = await client.deleteAuthorization(id);
      log.info(existed ? `deleted Authorization ${id}` : `Authorization ${id} was already gone`);
    },
  };
}

export type AuthorizationHooks = ReturnType<typeof authorizationHooks>;

function describePatch(patch: { status?: string; description?: string }): string {
  return Object.keys(patch)
    .map((key) => (key === "status" ? `status ${patch.status}` : "description changed"))
    .join(", ");
}

/** `create` with `adoptId`: take the existing token over (provider/adopt) and say what is unknown. */
async function adopt(
  inputs: AuthorizationInputs & { adoptId: string },
  body: Parameters<typeof adoptAuthorization>[1],
  client: V2Client,
): Promise<dynamic.CreateResult<AuthorizationOutputs>> {
  const { authorization, token, patched } = await adoptAuthorization(inputs, body, client);
  const org = authorization.org ?? authorization.orgID;
  const changed = patched.length === 0 ? "" : `; set its ${patched.join(" and ")} as declared`;
  log.info(
    `adopted Authorization ${authorization.id} of ${org} (${plural(authorization.permissions.length, "permission")})${changed}`,
  );
  if (token === undefined) {
    log.warn(
      `Authorization ${authorization.id} was adopted without its value: the output "token" stays empty ` +
        `(tokenKnown: false) because the API never returns it again; set the secret input adoptedToken to provide it`,
    );
  }
  return { id: authorization.id, outs: toOutputs(inputs, authorization, token, true) };
}
