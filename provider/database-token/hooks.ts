import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type ManagementConnectionInput, resolveManagementConnection } from "../config";
import { InputValidationError } from "../errors";
import { type ManagementClient, type ManagementToken, managementClient } from "../management";
import { compact, containsUnknown, withoutReservedKeys } from "../unknown";
import { diffDatabaseToken } from "./diff";
import { canonicalDatabasePermissions } from "./normalize";
import { validateDatabaseToken } from "./schema";
import type { DatabaseTokenInputs, DatabaseTokenOutputs, DatabaseTokenPermission } from "./types";

type Props = Record<string, unknown>;

/** Seam for tests: which client a connection gets. */
export type ManagementClientFactory = (connection: ManagementConnectionInput | undefined) => ManagementClient;

export const defaultManagementClientFactory: ManagementClientFactory = (connection) =>
  managementClient(resolveManagementConnection(connection));

function validInputs(raw: Props, oldExpiresAt: unknown): DatabaseTokenInputs {
  const result = validateDatabaseToken(withoutReservedKeys(raw), oldExpiresAt);
  if (!result.ok) throw new InputValidationError("DatabaseToken", result.failures);
  if (containsUnknown(result.inputs)) {
    throw new InputValidationError("DatabaseToken", [
      { property: "(inputs)", reason: "a value is still unknown; this only happens in preview" },
    ]);
  }
  return result.inputs;
}

/**
 * A token is gone when the server says 404, when it carries `revokedAt` (DELETE revokes, B.4),
 * or when its expiry has passed: it no longer works, so refresh drops it and `up` makes a new one.
 */
export function isGone(token: ManagementToken | undefined, now: number = Date.now()): boolean {
  if (token === undefined) return true;
  if (typeof token.revokedAt === "string" && token.revokedAt !== "") return true;
  return typeof token.expiresAt === "string" && Date.parse(token.expiresAt) <= now;
}

function toOutputs(
  token: ManagementToken,
  permissions: DatabaseTokenPermission[],
  accessToken: string | undefined,
  connection: ManagementConnectionInput | undefined,
): DatabaseTokenOutputs {
  return compact({
    description: token.description,
    permissions: canonicalDatabasePermissions(permissions),
    accessToken,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    accountId: token.accountId,
    clusterId: token.clusterId,
    connection: connection === undefined ? undefined : compact({ ...connection }),
  });
}

/** The DatabaseToken hooks (InfluxDB 3 Clustered / Cloud Dedicated management API, BEHAVIOR.md B). */
export function databaseTokenHooks(clientFor: ManagementClientFactory = defaultManagementClientFactory) {
  return {
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = validateDatabaseToken(withoutReservedKeys(news), olds?.expiresAt);
      return result.ok ? { inputs: news } : { inputs: news, failures: result.failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      return diffDatabaseToken(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult<DatabaseTokenOutputs>> {
      const inputs = validInputs(raw, undefined);
      const client = clientFor(inputs.connection);
      const permissions = canonicalDatabasePermissions(inputs.permissions);
      const created = await client.createToken({
        description: inputs.description,
        permissions,
        ...(inputs.expiresAt === undefined ? {} : { expiresAt: inputs.expiresAt }),
      });
      // The access token is in this response only (B.2); it is a secret output (sdk/).
      return {
        id: created.id,
        outs: toOutputs(created, permissions, created.accessToken, inputs.connection),
      };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult<DatabaseTokenOutputs>> {
      const connection = props.connection as ManagementConnectionInput | undefined;
      const found = await clientFor(connection).getToken(id);
      if (found === undefined || isGone(found)) return {};
      const previous = props as Partial<DatabaseTokenOutputs>;
      // The server's permissions are the truth: a PATCH elsewhere may have replaced them (B.3).
      return {
        id: found.id,
        props: toOutputs(
          found,
          found.permissions as DatabaseTokenPermission[],
          previous.accessToken,
          connection,
        ),
      };
    },

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<DatabaseTokenOutputs>> {
      const inputs = validInputs(news, olds.expiresAt);
      const previous = olds as unknown as DatabaseTokenOutputs;
      if (inputs.description === previous.description) {
        // Only the credential changed: nothing to send, the new one is stored for later calls.
        const outs: DatabaseTokenOutputs = { ...previous };
        if (inputs.connection === undefined) delete outs.connection;
        else outs.connection = inputs.connection;
        return { outs };
      }
      const updated = await clientFor(inputs.connection).updateToken(id, { description: inputs.description });
      return { outs: toOutputs(updated, previous.permissions, previous.accessToken, inputs.connection) };
    },

    async delete(id: string, props: Props): Promise<void> {
      // DELETE revokes (B.4); 404 = already gone = done.
      await clientFor(props.connection as ManagementConnectionInput | undefined).deleteToken(id);
    },
  };
}

export type DatabaseTokenHooks = ReturnType<typeof databaseTokenHooks>;
