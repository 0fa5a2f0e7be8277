import type * as dynamic from "@pulumi/pulumi/dynamic";
import { resolveV2Connection, type V2ConnectionInput } from "../config";
import { type InputFailure, InputValidationError } from "../errors";
import { containsUnknown, withoutReservedKeys } from "../unknown";
import { type V2Client, v2Client } from "../v2";
import { buildCreateRequest } from "./create-request";
import { diffAuthorization } from "./diff";
import { normalizedDescription, normalizedStatus } from "./normalize";
import { keptToken, toOutputs } from "./outputs";
import { validateAuthorization } from "./schema";
import type { AuthorizationInputs, AuthorizationOutputs } from "./types";

type Props = Record<string, unknown>;

/** Seam for tests: which client a connection gets. */
export type V2ClientFactory = (connection: V2ConnectionInput | undefined) => V2Client;

export const defaultV2ClientFactory: V2ClientFactory = (connection) =>
  v2Client(resolveV2Connection(connection));

function validInputs(raw: Props): AuthorizationInputs {
  const result = validateAuthorization(withoutReservedKeys(raw));
  if (!result.ok) throw new InputValidationError("Authorization", result.failures);
  if (containsUnknown(result.inputs)) {
    throw new InputValidationError("Authorization", [
      { property: "(inputs)", reason: "a value is still unknown; this only happens in preview" },
    ]);
  }
  return result.inputs;
}

/**
 * The Authorization hooks (InfluxDB v2 `/api/v2/authorizations`, BEHAVIOR.md A). Plain functions of
 * the installed package; the serialized provider only delegates here (provider/index.ts).
 */
export function authorizationHooks(clientFor: V2ClientFactory = defaultV2ClientFactory) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = validateAuthorization(withoutReservedKeys(news));
      const failures: InputFailure[] = result.failures;
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      return diffAuthorization(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult<AuthorizationOutputs>> {
      const inputs = validInputs(raw);
      const client = clientFor(inputs.connection);
      const body = await buildCreateRequest(inputs, client);
      const created = await client.createAuthorization(body);
      return { id: created.id, outs: toOutputs(inputs, created, keptToken(undefined, created.token)) };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult<AuthorizationOutputs | Props>> {
      const client = clientFor(props.connection as V2ConnectionInput | undefined);
      const found = await client.getAuthorization(id);
      // 404: deleted out of band; no id tells the engine it is gone (refresh drops it).
      if (found === undefined) return {};
      const previous = props as Partial<AuthorizationOutputs>;
      const inputs: AuthorizationInputs = {
        permissions: Array.isArray(previous.permissions) ? previous.permissions : [],
        ...(previous.connection === undefined ? {} : { connection: previous.connection }),
      };
      return { id: found.id, props: toOutputs(inputs, found, keptToken(previous.token, found.token)) };
    },

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<AuthorizationOutputs>> {
      const inputs = validInputs(news);
      const client = clientFor(inputs.connection);
      const patch: { status?: "active" | "inactive"; description?: string } = {};
      const status = normalizedStatus(inputs.status);
      const description = normalizedDescription(inputs.description);
      if (status !== normalizedStatus(olds.status)) patch.status = status;
      if (description !== normalizedDescription(olds.description)) patch.description = description;
      const previous = olds as unknown as AuthorizationOutputs;
      if (Object.keys(patch).length === 0) {
        // Only the credential changed: nothing to send, but the new one is stored for later calls.
        const outs: AuthorizationOutputs = { ...previous };
        if (inputs.connection === undefined) delete outs.connection;
        else outs.connection = inputs.connection;
        return { outs };
      }
      // One PATCH with both fields (A.7: only status and description are mutable).
      const updated = await client.updateAuthorization(id, patch);
      const outs = toOutputs(
        { ...inputs, permissions: previous.permissions ?? inputs.permissions },
        updated,
        keptToken(previous.token, updated.token),
      );
      return { outs };
    },

    async delete(id: string, props: Props): Promise<void> {
      const client = clientFor(props.connection as V2ConnectionInput | undefined);
      // false = already gone (404): deleting something absent is success (A.8).
      await client.deleteAuthorization(id);
    },
  };
}

export type AuthorizationHooks = ReturnType<typeof authorizationHooks>;
