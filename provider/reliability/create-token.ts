import { createRecoveryGraceMs, resolveTransport } from "../config";
import { log } from "../log";
import type { ManagementClient, ManagementToken, ManagementTokenPost } from "../management";
import type { V2Authorization, V2AuthorizationPost, V2Client } from "../v2";
import { createOnce, PartialCreateError } from "./create-once";
import { ResourceInitError } from "./init-error";

type Props = Record<string, unknown>;

/**
 * Builds the outputs the engine should record when the token exists but a later step failed;
 * the hook owns the output shape.
 */
export type OutputsOf<T> = (created: T) => object;

/** Unknown outcomes get as many POSTs as any request gets attempts (influxdb:retryMaxAttempts). */
function createOptions() {
  return {
    graceMs: createRecoveryGraceMs(),
    maxPosts: resolveTransport("").retry.maxAttempts,
    warn: (message: string) => log.warn(message),
  };
}

function recordPartial<T extends { id: string }>(
  error: unknown,
  kind: string,
  outputsOf: OutputsOf<T>,
  provider: unknown,
): never {
  if (!(error instanceof PartialCreateError)) throw error;
  const created = error.created as T;
  throw new ResourceInitError(
    `${kind} ${error.message}. The token is recorded in the stack (with its value); the next ` +
      "`pulumi up` finishes it instead of creating another.",
    created.id,
    { ...(outputsOf(created) as Props), __provider: provider },
  );
}

/** POST /api/v2/authorizations exactly once (./create-once.ts); test fakes without list: one plain POST. */
export async function createAuthorizationOnce(
  client: V2Client,
  body: V2AuthorizationPost,
  outputsOf: OutputsOf<V2Authorization>,
  provider: unknown,
): Promise<V2Authorization> {
  const list = client.listAuthorizations?.bind(client);
  if (list === undefined) return client.createAuthorization(body);
  try {
    return await createOnce(
      {
        scope: `${client.baseUrl ?? ""}|v2|${body.orgID}`,
        post: (description) => client.createAuthorization({ ...body, description }),
        list: () => list(body.orgID),
        remove: async (id) => {
          await client.deleteAuthorization(id);
        },
        setDescription: async (id, description) => {
          await client.updateAuthorization(id, { description });
        },
      },
      body.description ?? "",
      createOptions(),
    );
  } catch (error) {
    return recordPartial(error, "Authorization:", outputsOf, provider);
  }
}

/** POST …/tokens exactly once (./create-once.ts); test fakes without list: one plain POST. */
export async function createDatabaseTokenOnce(
  client: ManagementClient,
  body: ManagementTokenPost,
  outputsOf: OutputsOf<ManagementToken>,
  provider: unknown,
): Promise<ManagementToken> {
  const list = client.listTokens?.bind(client);
  if (list === undefined) return client.createToken(body);
  try {
    return await createOnce(
      {
        scope: `${client.baseUrl ?? ""}|management`,
        post: (description) => client.createToken({ ...body, description }),
        list,
        remove: async (id) => {
          await client.deleteToken(id);
        },
        setDescription: async (id, description) => {
          await client.updateToken(id, { description });
        },
      },
      body.description,
      createOptions(),
    );
  } catch (error) {
    return recordPartial(error, "DatabaseToken:", outputsOf, provider);
  }
}
