import type { DatabasePermission, Store } from "./store";
import type { V2Permission } from "./v2/permissions";

/** `GET /__emulator/state`: counts and plain data, never token values or hashes. */
export interface EmulatorStateSummary {
  counts: {
    authorizations: number;
    databaseTokens: number;
    activeDatabaseTokens: number;
    revokedDatabaseTokens: number;
  };
  orgs: { id: string; name: string }[];
  users: { id: string; name: string; status: string }[];
  buckets: { id: string; name: string; orgID: string; type: string }[];
  authorizations: {
    id: string;
    status: string;
    description: string;
    orgID: string;
    userID: string;
    permissions: V2Permission[];
    createdAt: string;
    updatedAt: string;
  }[];
  databaseTokens: {
    id: string;
    description: string;
    permissions: DatabasePermission[];
    createdAt: string;
    expiresAt?: string;
    revokedAt?: string;
    activeAt: string;
  }[];
  accountId: string;
  clusterId: string;
}

export function summarize(store: Store): EmulatorStateSummary {
  const d = store.data;
  const revoked = d.databaseTokens.filter((t) => t.revokedAt !== undefined).length;
  return structuredClone({
    counts: {
      authorizations: d.authorizations.length,
      databaseTokens: d.databaseTokens.length,
      activeDatabaseTokens: d.databaseTokens.length - revoked,
      revokedDatabaseTokens: revoked,
    },
    orgs: d.orgs.map(({ id, name }) => ({ id, name })),
    users: d.users.map(({ id, name, status }) => ({ id, name, status })),
    buckets: d.buckets.map(({ id, name, orgID, type }) => ({ id, name, orgID, type })),
    authorizations: d.authorizations.map(
      ({ id, status, description, orgID, userID, permissions, createdAt, updatedAt }) => ({
        id,
        status,
        description,
        orgID,
        userID,
        permissions,
        createdAt,
        updatedAt,
      }),
    ),
    databaseTokens: d.databaseTokens.map(
      ({ id, description, permissions, createdAt, expiresAt, revokedAt, activeAt }) => ({
        id,
        description,
        permissions,
        createdAt,
        activeAt,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
        ...(revokedAt !== undefined ? { revokedAt } : {}),
      }),
    ),
    accountId: d.accountId,
    clusterId: d.clusterId,
  });
}
