import { resolveTransport } from "../config";
import { serverClockOffsetMs } from "../http";
import { log } from "../log";
import type { ManagementClient, ManagementToken, ManagementTokenPost } from "../management";
import type { V2Authorization, V2AuthorizationPost, V2Client } from "../v2";
import { createOnce } from "./create-once";
import { managementIdentity, v2Identity } from "./identity";
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
export function engineHolds(id: string): void {
  createJournal().seen(id);
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
function createOptions(key: string | undefined) {
  return {
    journal: createJournal(),
    key,
    maxPosts: resolveTransport("").retry.maxAttempts,
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
  };
}

const createdAtOf = (token: { createdAt?: string }) =>
  token.createdAt === undefined ? undefined : Date.parse(token.createdAt) || undefined;

/**
 * POST /api/v2/authorizations exactly once (./create-once.ts). `key` is the resource's URN from
 * the SDK (`__createKey`). Test fakes without a list method: one plain POST.
 */
export function createAuthorizationOnce(
  client: V2Client,
  body: V2AuthorizationPost,
  key: string | undefined,
): Promise<V2Authorization> {
  const list = client.listAuthorizations?.bind(client);
  if (list === undefined) return client.createAuthorization(body);
  return createOnce<V2Authorization>(
    {
      scope: `${client.baseUrl ?? ""}|v2|${body.orgID}`,
      identity: v2Identity(body),
      post: () => client.createAuthorization(body),
      list: () => list(body.orgID),
      identityOf: v2Identity,
      createdAt: createdAtOf,
      serverClockOffsetMs: () => serverClockOffsetMs(client.baseUrl ?? ""),
      // Servers without hashed tokens list the value (A.3): a found token is then usable as is.
      hasValue: (token) =>
        typeof token.token === "string" && token.token !== "" && token.token !== "redacted",
      remove: async (id) => {
        await client.deleteAuthorization(id);
      },
    },
    createOptions(key),
  );
}

/** POST …/tokens exactly once (./create-once.ts); the value is in the POST answer only (B.2). */
export function createDatabaseTokenOnce(
  client: ManagementClient,
  body: ManagementTokenPost,
  key: string | undefined,
): Promise<ManagementToken> {
  const list = client.listTokens?.bind(client);
  if (list === undefined) return client.createToken(body);
  return createOnce<ManagementToken>(
    {
      scope: `${client.baseUrl ?? ""}|management`,
      identity: managementIdentity(body),
      post: () => client.createToken(body),
      // A revoked token (visible mode, B.4) is nobody's live credential.
      list: async () => (await list()).filter((token) => !token.revokedAt),
      identityOf: managementIdentity,
      createdAt: createdAtOf,
      serverClockOffsetMs: () => serverClockOffsetMs(client.baseUrl ?? ""),
      hasValue: () => false,
      remove: async (id) => {
        await client.deleteToken(id);
      },
    },
    createOptions(key),
  );
}
