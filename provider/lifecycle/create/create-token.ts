import type { ManagementClient, ManagementToken, ManagementTokenPost } from "../../clients/management";
import type { V2Authorization, V2AuthorizationPost, V2Client } from "../../clients/v2";
import { resolveTransport } from "../../config";
import { log } from "../../shared/log";
import { type Created, type CreateOnceOptions, createOnce } from "./create-once";
import { CreateJournal, defaultJournalDir } from "./journal";

let journal: CreateJournal | undefined;

/** The process's create journal (./journal.ts), under PULUMI_HOME unless a test gives another. */
export function createJournal(): CreateJournal {
  journal ??= new CreateJournal(defaultJournalDir(), (message) => log.warn(message));
  return journal;
}

/** Tests: a journal in a folder of their own (undefined: the default again, read afresh). */
export function useCreateJournal(next: CreateJournal | undefined): void {
  journal = next;
}

/** The engine passed this token ID to a hook, so it holds the token (./journal.ts). */
export function engineHolds(id: string, scope?: string): void {
  createJournal().seen(id, scope);
}

/**
 * The resource's URN, which the SDK passes as the hidden input `__createKey` (dynamic providers
 * are never told the URN; `__` inputs are hidden from previews). Absent for other callers.
 */
export function createKeyOf(inputs: Record<string, unknown>): string | undefined {
  const key = inputs.__createKey;
  return typeof key === "string" && key !== "" ? key : undefined;
}

/** Unknown outcomes get as many POSTs as any request gets attempts (influxdb:retryMaxAttempts). */
export function createOptions(resource: string | undefined): CreateOnceOptions {
  return {
    journal: createJournal(),
    ...(resource === undefined ? {} : { resource }),
    maxPosts: resolveTransport("").retry.maxAttempts,
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
  };
}

/** A token created outside createOnce (test fakes without a list): nothing to journal. */
const unjournaled = <T>(token: T): Created<T> => ({ token, returned: () => {}, deleted: () => {} });

/**
 * POST /api/v2/authorizations exactly once (./create-once.ts), under a marker description that a
 * PATCH then replaces. `resource` is the URN from the SDK (`__createKey`).
 */
export async function createAuthorizationOnce(
  client: V2Client,
  body: V2AuthorizationPost,
  resource: string | undefined,
): Promise<Created<V2Authorization>> {
  const list = client.listAuthorizations?.bind(client);
  if (list === undefined) return unjournaled(await client.createAuthorization(body));
  const url = client.baseUrl ?? "";
  return createOnce<V2Authorization>(
    {
      kind: "Authorization",
      scope: `${url}|v2|${body.orgID}|${client.credentialKey ?? ""}`,
      url,
      post: (marker) => client.createAuthorization({ ...body, description: marker }),
      list: () => list(body.orgID),
      markerOf: (token) => token.description,
      // Servers without hashed tokens list the value (behaviour A.3): a found token is usable as is.
      hasValue: (token) =>
        typeof token.token === "string" && token.token !== "" && token.token !== "redacted",
      finish: async (token) => {
        const patched = await client.updateAuthorization(token.id, { description: body.description ?? "" });
        return { ...patched, token: token.token };
      },
      remove: async (id) => {
        await client.deleteAuthorization(id);
      },
    },
    createOptions(resource),
  );
}

/** POST …/tokens exactly once (./create-once.ts); the value is in the POST answer only. */
export async function createDatabaseTokenOnce(
  client: ManagementClient,
  body: ManagementTokenPost,
  resource: string | undefined,
): Promise<Created<ManagementToken>> {
  const list = client.listTokens?.bind(client);
  if (list === undefined) return unjournaled(await client.createToken(body));
  const url = client.baseUrl ?? "";
  return createOnce<ManagementToken>(
    {
      kind: "DatabaseToken",
      scope: `${url}|management|${client.credentialKey ?? ""}`,
      url,
      post: (marker) => client.createToken({ ...body, description: marker }),
      list,
      markerOf: (token) => token.description,
      hasValue: () => false,
      finish: async (token) => {
        // PATCH leaves omitted fields as they are; the answer has no accessToken.
        const patched = await client.updateToken(token.id, { description: body.description });
        return { ...patched, ...(token.accessToken === undefined ? {} : { accessToken: token.accessToken }) };
      },
      remove: async (id) => {
        await client.deleteToken(id);
      },
    },
    createOptions(resource),
  );
}
