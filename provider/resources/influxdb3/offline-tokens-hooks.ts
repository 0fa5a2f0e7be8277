import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TokenRow } from "../../clients/influxdb3/client";
import { type Influxdb3ConnectionInput, resolveInfluxdb3Connection } from "../../config/influxdb3";
import { InfluxApiError } from "../../http";
import { log } from "../../shared/log";
import { onFirstUse } from "../../shared/on-first-use";
import { compact, withoutReservedKeys } from "../../shared/unknown";
import { validOrThrow } from "../../shared/validated";
import { parseExpiresIn } from "./duration";
import { defaultInfluxdb3ClientFactory, type Influxdb3ClientFactory } from "./named-token-hooks";
import { notice } from "./notice";
import {
  adminTokenFileContent,
  generateToken,
  hashPrefixOf,
  OFFLINE_DEFAULT_ADMIN_NAME,
  type PermissionTokenEntry,
  permissionTokensFileContent,
} from "./offline-token-file";
import { diffOfflineTokens } from "./offline-tokens-diff";
import type { OfflineTokenStatus, OfflineTokensInputs, OfflineTokensOutputs } from "./offline-tokens-types";
import { canonicalPermissions, type ResourcePermission } from "./permissions";

type Props = Record<string, unknown>;

const loadSchema = onFirstUse(() => import("./offline-tokens-schema.js"));

async function validInputs(raw: Props): Promise<OfflineTokensInputs> {
  return validOrThrow("OfflineTokens", (await loadSchema()).validateOfflineTokens(withoutReservedKeys(raw)));
}

/** `expiresIn` as the absolute `expiry_millis` the files carry, from the clock at create (behaviour D.11). */
function expiryMillis(expiresIn: string | number | undefined, now: number): number | undefined {
  if (expiresIn === undefined) return undefined;
  const parsed = parseExpiresIn(expiresIn);
  return parsed.ok ? now + parsed.seconds * 1000 : undefined;
}

type PermissionTokenInput = NonNullable<OfflineTokensInputs["permissionTokens"]>[number];

/** The inputs as state keeps them: permissions in canonical order, connection without empty keys. */
function storedInputs(inputs: OfflineTokensInputs): Props {
  return compact({
    adminTokenName: inputs.adminTokenName,
    adminTokenExpiresIn: inputs.adminTokenExpiresIn,
    permissionTokens: inputs.permissionTokens?.map((token: PermissionTokenInput) =>
      compact({
        name: token.name,
        permissions: canonicalPermissions(token.permissions as ResourcePermission[]),
        expiresIn: token.expiresIn,
      }),
    ),
    createDatabases: inputs.createDatabases,
    connection: inputs.connection === undefined ? undefined : compact({ ...inputs.connection }),
  });
}

/** The Enterprise file, rebuilt from state: same tokens, the current `createDatabases`. */
function permissionFile(
  createDatabases: readonly string[] | undefined,
  tokens: readonly PermissionTokenInput[] | undefined,
  values: Record<string, string>,
  expiresAt: Record<string, string>,
): string | undefined {
  if ((tokens?.length ?? 0) === 0 && (createDatabases?.length ?? 0) === 0) return undefined;
  const entries: PermissionTokenEntry[] = (tokens ?? []).map((token) => {
    const expiry = expiresAt[token.name];
    return {
      name: token.name,
      token: values[token.name] as string,
      ...(expiry === undefined ? {} : { expiryMillis: Date.parse(expiry) }),
      permissions: token.permissions as ResourcePermission[],
    };
  });
  return permissionTokensFileContent(createDatabases, entries);
}

function allUnchecked(names: string[]): Record<string, OfflineTokenStatus> {
  return Object.fromEntries(names.map((name) => [name, "unchecked" as const]));
}

/** One `system.tokens` row against what this stack generated (behaviour D.8, D.11). */
function statusOf(row: TokenRow | undefined, prefix: string, expiresAt: string | undefined, now: number) {
  if (row === undefined) return "not-loaded" as const;
  if (row.hash === undefined || row.hash === "") return "unchecked" as const;
  if (row.hash.slice(0, 9) !== prefix) return "name-taken" as const;
  return expiresAt !== undefined && Date.parse(expiresAt) <= now ? ("expired" as const) : ("loaded" as const);
}

/**
 * OfflineTokens hooks: create generates the tokens and the files here, with no server call; read
 * checks, when a URL is given, that a server loaded them; delete forgets (the server reloads a
 * file token at every start, and `_admin` cannot be deleted through the API: behaviour D.6, D.11).
 */
export function offlineTokensHooks(
  clientFor: Influxdb3ClientFactory = defaultInfluxdb3ClientFactory,
  now: () => number = Date.now,
) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const inputs = withoutReservedKeys(news);
      const result = (await loadSchema()).validateOfflineTokens(inputs);
      return result.ok ? { inputs } : { inputs, failures: result.failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      return diffOfflineTokens(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult> {
      const inputs = await validInputs(raw);
      const at = now();
      const adminName = inputs.adminTokenName ?? OFFLINE_DEFAULT_ADMIN_NAME;
      const adminToken = generateToken();
      const adminExpiry = expiryMillis(inputs.adminTokenExpiresIn, at);
      const values: Record<string, string> = {};
      const hashPrefixes: Record<string, string> = { [adminName]: hashPrefixOf(adminToken) };
      const expiresAt: Record<string, string> = {};
      if (adminExpiry !== undefined) expiresAt[adminName] = new Date(adminExpiry).toISOString();
      for (const token of inputs.permissionTokens ?? []) {
        const value = generateToken();
        values[token.name] = value;
        hashPrefixes[token.name] = hashPrefixOf(value);
        const expiry = expiryMillis(token.expiresIn, at);
        if (expiry !== undefined) expiresAt[token.name] = new Date(expiry).toISOString();
      }
      const stored = storedInputs(inputs);
      const outs: OfflineTokensOutputs = compact({
        ...(stored as OfflineTokensInputs),
        adminName,
        adminToken,
        adminTokenFile: adminTokenFileContent({
          token: adminToken,
          name: adminName,
          ...(adminExpiry === undefined ? {} : { expiryMillis: adminExpiry }),
        }),
        permissionTokenValues: values,
        permissionTokensFile: permissionFile(
          inputs.createDatabases,
          stored["permissionTokens"] as PermissionTokenInput[] | undefined,
          values,
          expiresAt,
        ),
        hashPrefixes,
        expiresAt,
        loadStatus: allUnchecked(Object.keys(hashPrefixes)),
      });
      const count = Object.keys(hashPrefixes).length;
      log.info(`generated ${count} offline token${count === 1 ? "" : "s"} (no server was contacted)`);
      return { id: `offline-${hashPrefixes[adminName]}`, outs };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      const previous = props as Partial<OfflineTokensOutputs>;
      if (typeof previous.adminToken !== "string" || previous.hashPrefixes === undefined) {
        // `pulumi import`: the values exist only in the state of the stack that generated them.
        throw new Error(
          `OfflineTokens "${id}" cannot be imported or read without its state: its tokens were generated ` +
            "locally and the server keeps only their hashes. Create a new OfflineTokens instead.",
        );
      }
      const url = previous.connection?.url;
      if (url === undefined) return { id, props };
      const hashPrefixes = previous.hashPrefixes;
      const expiresAt = previous.expiresAt ?? {};
      const adminName = previous.adminName ?? OFFLINE_DEFAULT_ADMIN_NAME;
      const credential = previous.connection?.token ?? previous.adminToken;
      const client = clientFor(
        resolveInfluxdb3Connection({ url, token: credential } as Influxdb3ConnectionInput, {
          tokenRequired: true,
        }),
      );
      const loadStatus: Record<string, OfflineTokenStatus> = allUnchecked(Object.keys(hashPrefixes));
      let rows: TokenRow[];
      try {
        rows = await client.listTokens(credential);
      } catch (error) {
        if (!(error instanceof InfluxApiError && error.status === 401)) throw error;
        const ownToken = previous.connection?.token === undefined;
        if (ownToken) {
          loadStatus[adminName] =
            expiresAt[adminName] !== undefined && Date.parse(expiresAt[adminName]) <= now()
              ? "expired"
              : "not-loaded";
        }
        log.warn(
          ownToken
            ? `OfflineTokens "${id}": ${client.url} does not accept the admin token "${adminName}" (401): it did ` +
                "not load the admin token file (not started with it, or a token of that name existed before, " +
                "so the file was skipped). Start the server with `--admin-token-file`, or set connection.token " +
                "to an admin token to see which."
            : `OfflineTokens "${id}": connection.token is not accepted by ${client.url} (401); nothing was checked.`,
        );
        return { id, props: { ...props, loadStatus } };
      }
      const at = now();
      const taken: string[] = [];
      for (const [name, prefix] of Object.entries(hashPrefixes)) {
        const status = statusOf(
          rows.find((row) => row.name === name),
          prefix,
          expiresAt[name],
          at,
        );
        loadStatus[name] = status;
        if (status === "name-taken") taken.push(name);
      }
      if (taken.length > 0) {
        // Never deleted here: that token is not this stack's (docs/guarantees.md).
        log.warn(
          `OfflineTokens "${id}": on ${client.url} the name${taken.length === 1 ? "" : "s"} ` +
            `${taken.map((name) => `"${name}"`).join(", ")} belong${taken.length === 1 ? "s" : ""} to another ` +
            "token (another hash): the server kept the older token and skipped the file's. Nothing was deleted. " +
            "Delete the old token yourself (influxdb3 delete token --token-name <name>; `_admin` cannot be " +
            "deleted) and restart the server with the files, or choose other names.",
        );
      }
      return { id, props: { ...props, loadStatus } };
    },

    async update(_id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
      // Only createDatabases or the connection changed (diff): the tokens stay as generated.
      const inputs = await validInputs(news);
      const previous = olds as OfflineTokensOutputs;
      const stored = storedInputs(inputs);
      const outs: Props = {
        ...previous,
        createDatabases: inputs.createDatabases,
        connection: stored["connection"],
        permissionTokensFile: permissionFile(
          inputs.createDatabases,
          previous.permissionTokens as PermissionTokenInput[] | undefined,
          previous.permissionTokenValues ?? {},
          previous.expiresAt ?? {},
        ),
      };
      return { outs: compact(outs) };
    },

    async delete(_id: string, props: Props): Promise<void> {
      const name = (props["adminName"] as string | undefined) ?? OFFLINE_DEFAULT_ADMIN_NAME;
      notice([
        "OfflineTokens: nothing was deleted on any server; the tokens were only removed from this stack.",
        "A server started with these files loaded them, and reloads them at every start while the files are",
        "given. To retire them: stop passing --admin-token-file / --permission-tokens-file, then delete the",
        `tokens (influxdb3 delete token --token-name <name>)${name === OFFLINE_DEFAULT_ADMIN_NAME ? "; _admin cannot be deleted: regenerate it (influxdb3 create token --admin --regenerate)" : ""}.`,
      ]);
    },
  };
}

export type OfflineTokensHooks = ReturnType<typeof offlineTokensHooks>;
