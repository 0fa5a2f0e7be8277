import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type ManagementClient, type ManagementToken, managementClient } from "../../clients/management";
import { type ManagementConnectionInput, resolveManagementConnection } from "../../config";
import { createDatabaseTokenOnce, createKeyOf, engineHolds } from "../../lifecycle/create";
import { rotationOutputs } from "../../lifecycle/rotation/diff";
import { log, plural } from "../../shared/log";
import { onFirstUse } from "../../shared/on-first-use";
import { compact, withoutReservedKeys } from "../../shared/unknown";
import { validOrThrow } from "../../shared/validated";
import { adoptDatabaseToken } from "./adopt";
import { diffDatabaseToken } from "./diff";
import { canonicalDatabasePermissions } from "./normalize";
import type { DatabaseTokenInputs, DatabaseTokenOutputs, DatabaseTokenPermission } from "./types";

type Props = Record<string, unknown>;

// Loaded on first use, as in ../authorization/hooks.ts: both need zod.
const loadSchema = onFirstUse(() => import("./schema.js"));
const loadActivation = onFirstUse(() => import("./activation/index.js"));

async function validInputs(raw: Props, oldExpiresAt: unknown): Promise<DatabaseTokenInputs> {
  const schema = await loadSchema();
  return validOrThrow("DatabaseToken", schema.validateDatabaseToken(withoutReservedKeys(raw), oldExpiresAt));
}

/** Seam for tests: which client a connection gets. */
export type ManagementClientFactory = (connection: ManagementConnectionInput | undefined) => ManagementClient;

export const defaultManagementClientFactory: ManagementClientFactory = (connection) =>
  managementClient(resolveManagementConnection(connection));

/**
 * A token is gone when the server says 404, when it carries `revokedAt` (DELETE revokes, behaviour B.4),
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
  lifecycle: Pick<DatabaseTokenInputs, "rotateAfter" | "rotationTrigger"> = {},
  adopted = false,
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
    adopted,
    tokenKnown: accessToken !== undefined,
    ...rotationOutputs(lifecycle, token.createdAt),
  });
}

/** The lifecycle inputs as stored in outputs (provider/rotation). */
function lifecycleOf(
  props: Partial<DatabaseTokenOutputs>,
): Pick<DatabaseTokenInputs, "rotateAfter" | "rotationTrigger"> {
  return compact({ rotateAfter: props.rotateAfter, rotationTrigger: props.rotationTrigger });
}

/** The DatabaseToken hooks (InfluxDB 3 Clustered / Cloud Dedicated management API, docs/behaviour/management-tokens.md). */
export function databaseTokenHooks(clientFor: ManagementClientFactory = defaultManagementClientFactory) {
  return {
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = (await loadSchema()).validateDatabaseToken(withoutReservedKeys(news), olds?.expiresAt);
      return result.ok ? { inputs: news } : { inputs: news, failures: result.failures };
    },

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      engineHolds(id);
      return diffDatabaseToken(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult<DatabaseTokenOutputs>> {
      const inputs = await validInputs(raw, undefined);
      const client = clientFor(inputs.connection);
      const permissions = canonicalDatabasePermissions(inputs.permissions);
      if (inputs.adoptId !== undefined) {
        const { token, patched } = await adoptDatabaseToken(
          { ...inputs, adoptId: inputs.adoptId },
          client,
          (t) => isGone(t),
        );
        log.info(
          `adopted DatabaseToken ${token.id} (${plural(permissions.length, "permission")})${patched ? "; set its description as declared" : ""}`,
        );
        if (inputs.adoptedToken === undefined) {
          log.warn(
            `DatabaseToken ${token.id} was adopted without its value: the output "accessToken" stays empty ` +
              `(tokenKnown: false) because the API never returns it again; set the secret input adoptedToken to provide it`,
          );
        }
        return {
          id: token.id,
          outs: toOutputs(token, permissions, inputs.adoptedToken, inputs.connection, inputs, true),
        };
      }
      const { awaitActivation, planActivation } = await loadActivation();
      const activation = planActivation(inputs);
      // Exactly one token, proven ours, even when the answer is lost or the run is killed
      // (docs/guarantees.md).
      const attempt = await createDatabaseTokenOnce(
        client,
        {
          description: inputs.description,
          permissions,
          ...(inputs.expiresAt === undefined ? {} : { expiresAt: inputs.expiresAt }),
        },
        createKeyOf(raw),
      );
      const created = attempt.token;
      // The access token is in this response only (behaviour B.2); it is a secret output (sdk/).
      log.info(`created DatabaseToken ${created.id} (${plural(permissions.length, "permission")})`);
      if (activation !== undefined && typeof created.accessToken === "string") {
        await awaitActivation(
          activation,
          { id: created.id, accessToken: created.accessToken },
          async (id) => {
            const existed = await client.deleteToken(id);
            attempt.deleted();
            return existed;
          },
        );
      }
      const outs = toOutputs(created, permissions, created.accessToken, inputs.connection, inputs);
      attempt.returned();
      return { id: created.id, outs };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult<DatabaseTokenOutputs>> {
      engineHolds(id);
      const connection = props.connection as ManagementConnectionInput | undefined;
      // A refresh reads every token of the cluster: they may share one list of it (../listed-reads.ts).
      const found = await clientFor(connection).getToken(id, { listed: true });
      if (found === undefined || isGone(found)) {
        log.info(
          `DatabaseToken ${id} is gone (deleted, revoked or expired): refresh removes it from the stack`,
        );
        return {};
      }
      const previous = props as Partial<DatabaseTokenOutputs>;
      // The server's permissions are the truth: a PATCH elsewhere may have replaced them (behaviour B.3).
      return {
        id: found.id,
        props: toOutputs(
          found,
          found.permissions as DatabaseTokenPermission[],
          previous.accessToken,
          connection,
          lifecycleOf(previous),
          previous.adopted === true,
        ),
      };
    },

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<DatabaseTokenOutputs>> {
      engineHolds(id);
      const inputs = await validInputs(news, olds.expiresAt);
      const previous = olds as DatabaseTokenOutputs;
      const adopted = previous.adopted === true;
      // An adopted token's value given later (adoptedToken) is stored; otherwise the value is kept.
      const accessToken =
        adopted && inputs.adoptedToken !== undefined ? inputs.adoptedToken : previous.accessToken;
      if (inputs.description === previous.description) {
        // Only the credential or a lifecycle input changed: nothing to send, the new values are stored.
        const { rotateAfter: _a, rotationTrigger: _t, rotationDueAt: _d, ...rest } = previous;
        const outs: DatabaseTokenOutputs = compact({
          ...rest,
          accessToken,
          adopted,
          tokenKnown: accessToken !== undefined,
          ...rotationOutputs(inputs, previous.createdAt),
        });
        if (inputs.connection === undefined) delete outs.connection;
        else outs.connection = inputs.connection;
        log.debug(`updated DatabaseToken ${id} in state only (no request)`);
        return { outs };
      }
      const updated = await clientFor(inputs.connection).updateToken(id, { description: inputs.description });
      log.info(`updated DatabaseToken ${id}: description changed`);
      return {
        outs: toOutputs(updated, previous.permissions, accessToken, inputs.connection, inputs, adopted),
      };
    },

    async delete(id: string, props: Props): Promise<void> {
      engineHolds(id);
      // DELETE revokes (behaviour B.4); 404 = already gone = done.
      const existed = await clientFor(props.connection as ManagementConnectionInput | undefined).deleteToken(
        id,
      );
      log.info(existed ? `revoked DatabaseToken ${id}` : `DatabaseToken ${id} was already gone`);
    },
  };
}

export type DatabaseTokenHooks = ReturnType<typeof databaseTokenHooks>;
