import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type CreatedToken, type Influxdb3Client, influxdb3Client } from "../../clients/influxdb3/client";
import {
  configuredInfluxdb3Edition,
  type Influxdb3Connection,
  type Influxdb3ConnectionInput,
  resolveInfluxdb3Connection,
} from "../../config/influxdb3";
import { InfluxApiError } from "../../http";
import { type Created, createKeyOf, engineHolds } from "../../lifecycle/create";
import { type InputFailure, InputValidationError, messageOf } from "../../shared/errors";
import { log } from "../../shared/log";
import { onFirstUse } from "../../shared/on-first-use";
import { compact, withoutReservedKeys } from "../../shared/unknown";
import { type Validation, validOrThrow } from "../../shared/validated";
import { effectiveName, withAutoName } from "./autoname";
import { createNamedOnce, influxdb3Scope } from "./create-once";
import { parseExpiresIn } from "./duration";
import { detectEdition, effectiveEdition } from "./edition";
import { diffNamedToken } from "./named-token-diff";
import { canonicalPermissions, type ResourcePermission, toRequestPermissions } from "./permissions";
import {
  bornExpired,
  factsFromCreated,
  factsFromRow,
  ISSUE_27620,
  sameInstant,
  type TokenFacts,
} from "./token-facts";
import type {
  NamedTokenInputs,
  NamedTokenOutputs,
  ResourceTokenInputs,
  ResourceTokenOutputs,
  TokenStatus,
} from "./types";

type Props = Record<string, unknown>;

/** Seam for tests: which client a connection gets. */
export type Influxdb3ClientFactory = (connection: Influxdb3Connection) => Influxdb3Client;
export const defaultInfluxdb3ClientFactory: Influxdb3ClientFactory = (connection) =>
  influxdb3Client(connection);

type Kind = "AdminToken" | "ResourceToken";

// Loaded on first use, as in ../authorization/hooks.ts.
const loadSchema = onFirstUse(() => import("./schema.js"));

async function validate(kind: Kind, raw: Props): Promise<Validation<NamedTokenInputs | ResourceTokenInputs>> {
  const schema = await loadSchema();
  return kind === "AdminToken" ? schema.validateAdminToken(raw) : schema.validateResourceToken(raw);
}

async function validInputs(
  kind: Kind,
  raw: Props,
): Promise<NamedTokenInputs & { permissions?: ResourcePermission[] }> {
  return validOrThrow(kind, await validate(kind, withoutReservedKeys(raw)));
}

function connect(clientFor: Influxdb3ClientFactory, input: unknown) {
  const connection = resolveInfluxdb3Connection(input as Influxdb3ConnectionInput | undefined, {
    tokenRequired: true,
  });
  return { client: clientFor(connection), credential: connection.token as string };
}

/** The engine holds this token (a hook got it from state): its journal entry is settled. */
function held(clientFor: Influxdb3ClientFactory, props: Props): void {
  const tokenId = props["tokenId"];
  if (typeof tokenId !== "number") return;
  try {
    const { client, credential } = connect(clientFor, props["connection"]);
    engineHolds(String(tokenId), influxdb3Scope(client.url, credential));
  } catch {
    // No usable connection in state: the hook itself reports that.
  }
}

function outputs(
  inputs: NamedTokenInputs & { permissions?: ResourcePermission[] },
  name: string,
  token: string | undefined,
  facts: TokenFacts,
  status: TokenStatus,
  extra: { permissionsText?: string } = {},
): NamedTokenOutputs | ResourceTokenOutputs {
  return compact({
    name: inputs.name,
    autonamePrefix: inputs.autonamePrefix,
    autoName: inputs.autoName,
    expiresIn: inputs.expiresIn,
    connection: inputs.connection === undefined ? undefined : compact({ ...inputs.connection }),
    permissions: inputs.permissions === undefined ? undefined : canonicalPermissions(inputs.permissions),
    tokenName: name,
    tokenId: facts.tokenId,
    token,
    hashPrefix: facts.hashPrefix,
    createdAt: facts.createdAt,
    expiresAt: facts.expiresAt,
    status,
    permissionsText: extra.permissionsText,
  }) as NamedTokenOutputs;
}

/** The 409 a name clash gives (behaviour D.6), turned into what to do about it. */
function conflictError(kind: Kind, name: string, url: string, explicit: boolean): Error {
  return new Error(
    `${kind} "${name}": token name already exists on ${url}. Names are unique across all InfluxDB 3 tokens. ` +
      (explicit
        ? "Another token (created outside this stack, or not yet deleted by a replacement) holds it: delete it " +
          `(influxdb3 delete token --token-name '${name}') or choose another name, or leave name unset to get an autoname.`
        : "Run `pulumi up` again to get a new autoname, or delete the other token."),
  );
}

/**
 * AdminToken (named admin, Core and Enterprise) and ResourceToken (Enterprise) hooks
 * (behaviour D.5-D.12). The Pulumi ID is the token name: DELETE takes a name.
 */
export function namedTokenHooks(
  kind: Kind,
  clientFor: Influxdb3ClientFactory = defaultInfluxdb3ClientFactory,
  /** Injectable so tests share the emulator's clock. */
  now: () => number = Date.now,
) {
  return {
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const inputs = withAutoName(olds ? withoutReservedKeys(olds) : undefined, withoutReservedKeys(news));
      const result = await validate(kind, inputs);
      const failures: InputFailure[] = result.ok ? [] : result.failures;
      return failures.length > 0 ? { inputs, failures } : { inputs };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      held(clientFor, olds);
      return diffNamedToken(olds, withoutReservedKeys(news), now());
    },

    async create(raw: Props): Promise<dynamic.CreateResult> {
      const inputs = await validInputs(kind, raw);
      const name = effectiveName(inputs as Props);
      if (name === undefined) {
        throw new InputValidationError(kind, [
          { property: "name", reason: "is not set and no autoname was made" },
        ]);
      }
      const { client, credential } = connect(clientFor, inputs.connection);
      const expiry = inputs.expiresIn === undefined ? undefined : parseExpiresIn(inputs.expiresIn);
      const expirySecs = expiry?.ok ? expiry.seconds : undefined;
      let attempt: Created<CreatedToken>;
      try {
        attempt = await createNamedOnce({
          kind,
          client,
          credential,
          name,
          explicit: typeof inputs.name === "string",
          resource: createKeyOf(raw),
          post: () =>
            kind === "AdminToken"
              ? client.createNamedAdminToken(credential, name, expirySecs)
              : client.createResourceToken(
                  credential,
                  name,
                  toRequestPermissions(inputs.permissions ?? []),
                  expirySecs,
                ),
        });
      } catch (error) {
        if (error instanceof InfluxApiError && error.status === 409) {
          throw conflictError(kind, name, client.url, typeof inputs.name === "string");
        }
        if (kind === "ResourceToken" && error instanceof InfluxApiError && error.status === 404) {
          const detected = await detectEdition(client, credential);
          if (effectiveEdition(`ResourceToken "${name}"`, client.url, detected) === "core") {
            throw new Error(
              `ResourceToken "${name}": ${client.url} is InfluxDB 3 Core (X-Influxdb-Build: Core), which has no ` +
                "resource tokens; they need InfluxDB 3 Enterprise. On Core every token is an admin token: use AdminToken.",
            );
          }
        }
        throw error;
      }
      const created = attempt.token;
      const facts = await factsFromCreated(created, name, () => client.findToken(credential, name));
      if (bornExpired(facts)) {
        // #27620: the token can never be used; do not leave it holding the name.
        // If this delete fails, the journal entry stays and the next create on this server deletes it.
        const deleted = await client.deleteToken(credential, name).catch(() => undefined);
        if (deleted !== undefined) attempt.deleted();
        throw new Error(
          `${kind} "${name}": the server created it already expired (expiry ${facts.expiresAt} is not after ` +
            `created_at ${facts.createdAt}), so it was deleted again. This is InfluxDB issue #27620 ` +
            `(${ISSUE_27620}), seen on Enterprise 3.11.3 for tokens without expiry; set expiresIn ` +
            `(e.g. "365d") as a workaround, or upgrade the server.`,
        );
      }
      const outs = outputs(inputs, name, created.token, facts, "active");
      attempt.returned();
      return { id: name, outs };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      held(clientFor, props);
      const { client, credential } = connect(clientFor, props["connection"]);
      let row: Awaited<ReturnType<Influxdb3Client["findToken"]>>;
      try {
        row = await client.findToken(credential, id);
      } catch (error) {
        const cloud = configuredInfluxdb3Edition()?.edition === "cloud";
        // A server's answer other than 401 (no answer, or a dead credential, still fail as elsewhere).
        const refused = error instanceof InfluxApiError && error.status !== undefined && error.status !== 401;
        if (!cloud || !refused) throw error;
        // behaviour D.15: no Cloud page names system.tokens. If the server refuses the lookup,
        // keeping the state is safe (it is what no refresh does); dropping or changing it is not.
        log.warn(
          `${kind} "${id}": refresh cannot verify it on InfluxDB 3 Cloud (${client.url}): the system.tokens ` +
            `lookup failed (${messageOf(error)}); the state is kept unchanged. Check it with \`influxdb3 show tokens\`.`,
        );
        return { id, props };
      }
      // behaviour D.12: no row = gone; refresh drops it from state and the next `up` creates it again.
      if (row === undefined) return {};
      const seen = factsFromRow(row);
      const previous = props as Partial<NamedTokenOutputs>;
      const ours =
        typeof previous.tokenId !== "number" ||
        (previous.tokenId === seen.tokenId &&
          (seen.hashPrefix === "" ||
            previous.hashPrefix === undefined ||
            previous.hashPrefix === seen.hashPrefix));
      const expired = seen.expiresAt !== undefined && Date.parse(seen.expiresAt) <= now();
      const status: TokenStatus = !ours ? "replaced" : expired ? "expired" : "active";
      const facts: TokenFacts = ours
        ? {
            tokenId: seen.tokenId,
            hashPrefix: seen.hashPrefix || (previous.hashPrefix ?? ""),
            createdAt: sameInstant(previous.createdAt, seen.createdAt) ?? seen.createdAt,
            ...(seen.expiresAt === undefined
              ? {}
              : { expiresAt: sameInstant(previous.expiresAt, seen.expiresAt) }),
          }
        : {
            // Keep what we created: the stored secret belongs to it, and diff replaces it.
            tokenId: previous.tokenId as number,
            hashPrefix: previous.hashPrefix ?? "",
            createdAt: previous.createdAt ?? seen.createdAt,
            ...(previous.expiresAt === undefined ? {} : { expiresAt: previous.expiresAt }),
          };
      const inputs = {
        ...(props as NamedTokenInputs),
        ...(kind === "ResourceToken"
          ? { permissions: (props["permissions"] as ResourcePermission[]) ?? [] }
          : {}),
      };
      const permissionsText = kind === "ResourceToken" ? row.permissions : undefined;
      return {
        id,
        props: outputs(inputs, id, previous.token, facts as TokenFacts, status, compact({ permissionsText })),
      };
    },

    async update(_id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
      // Only the credential (or the autoname prefix) changed: nothing to send (behaviour D.12).
      const inputs = await validInputs(kind, news);
      const outs: Props = { ...olds, autonamePrefix: inputs.autonamePrefix };
      if (inputs.connection === undefined) delete outs["connection"];
      else outs["connection"] = compact({ ...inputs.connection });
      return { outs: compact(outs) };
    },

    async delete(id: string, props: Props): Promise<void> {
      held(clientFor, props);
      const { client, credential } = connect(clientFor, props["connection"]);
      // DELETE takes a name, and a name can be reused: delete only the token this stack made.
      const row = await client.findToken(credential, id);
      if (row === undefined) {
        log.info(`${kind} "${id}" was already gone`);
        return;
      }
      const tokenId = props["tokenId"];
      if (typeof tokenId === "number" && row.token_id !== tokenId) {
        log.warn(
          `${kind} "${id}" was NOT deleted: the name now belongs to token_id ${row.token_id}, not to ` +
            `token_id ${tokenId} that this stack created (that one is gone). It was only removed from the stack.`,
        );
        return;
      }
      // false = gone meanwhile (404): deleting something absent is success.
      await client.deleteToken(credential, id);
      log.info(`deleted ${kind} "${id}" (token_id ${row.token_id})`);
    },
  };
}

export type NamedTokenHooks = ReturnType<typeof namedTokenHooks>;
