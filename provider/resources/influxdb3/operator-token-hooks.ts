import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Influxdb3Client } from "../../clients/influxdb3/client";
import { type Influxdb3ConnectionInput, resolveInfluxdb3Connection } from "../../config/influxdb3";
import { InfluxApiError } from "../../http";
import {
  type CreateAttempt,
  CreateOutcomeError,
  createJournal,
  createKeyOf,
  isOutcomeUnknown,
  mayBeRunning,
} from "../../lifecycle/create";
import { onFirstUse } from "../../shared/on-first-use";
import { compact, withoutReservedKeys } from "../../shared/unknown";
import { validOrThrow } from "../../shared/validated";
import { detectEdition, effectiveEdition } from "./edition";
import { defaultInfluxdb3ClientFactory, type Influxdb3ClientFactory } from "./named-token-hooks";
import { notice } from "./notice";
import { diffOperatorToken } from "./operator-token-diff";
import { factsFromCreated, factsFromRow, hashPrefixOf, sameInstant, type TokenFacts } from "./token-facts";
import type { OperatorTokenInputs, OperatorTokenOutputs, TokenStatus } from "./types";

type Props = Record<string, unknown>;

/** The operator token's fixed name (behaviour D.1). */
export const OPERATOR_NAME = "_admin";

// Loaded on first use, as in ../authorization/hooks.ts.
const loadSchema = onFirstUse(() => import("./schema.js"));

async function validInputs(raw: Props): Promise<OperatorTokenInputs> {
  return validOrThrow("OperatorToken", (await loadSchema()).validateOperatorToken(withoutReservedKeys(raw)));
}

function connect(clientFor: Influxdb3ClientFactory, input: unknown) {
  // The bootstrap needs no token (behaviour D.9); a configured one is only a fallback credential.
  const connection = resolveInfluxdb3Connection(input as Influxdb3ConnectionInput | undefined, {
    tokenRequired: false,
  });
  return { client: clientFor(connection), fallback: connection.token };
}

function outputs(
  inputs: OperatorTokenInputs,
  token: string,
  facts: TokenFacts,
  status: TokenStatus,
  edition: string | undefined,
): OperatorTokenOutputs {
  return compact({
    connection: inputs.connection === undefined ? undefined : compact({ ...inputs.connection }),
    rotationTrigger: inputs.rotationTrigger,
    existingToken: inputs.existingToken,
    name: OPERATOR_NAME,
    tokenId: facts.tokenId,
    token,
    hashPrefix: facts.hashPrefix,
    createdAt: facts.createdAt,
    updatedAt: facts.updatedAt,
    edition,
    status,
  });
}

const isStatus = (error: unknown, status: number) =>
  error instanceof InfluxApiError && error.status === status;

/** Bootstraps are journaled per server: no credential exists before one. */
const operatorScope = (url: string) => `${url}|influxdb3-operator`;

/**
 * A bootstrap whose answer was lost: `_admin` may now exist with a value nobody saw, and it cannot
 * be deleted (405) or read back, so nothing here can converge by itself. Say the ways out.
 */
function lostBootstrap(url: string, attempts: CreateAttempt[], cause: unknown): Error {
  const sent = attempts.map((a) => new Date(a.sentAt).toISOString()).join(", ");
  return new CreateOutcomeError(
    `OperatorToken: the bootstrap request to ${url} (sent ${sent}) lost its answer, so the operator token ` +
      "_admin may exist with a value nobody has; the server cannot delete it (405) or show it again. " +
      "Ways out: regenerate it through the recovery listener (restart the server with " +
      "`--admin-token-recovery-http-bind`, then `influxdb3 create token --admin --regenerate --host " +
      "http://127.0.0.1:8182`) or with another admin token (`influxdb3 create token --admin --regenerate`), " +
      "or start the server with an offline admin token file (`influxdb3 create token --admin --offline " +
      "--output-file F`, then `influxdb3 serve --admin-token-file F`); then set existingToken to the new " +
      "value and run `pulumi up` again.",
    { cause },
  );
}

/** Adopts a bootstrapped server: the given value must be the current `_admin` secret. */
async function adopt(client: Influxdb3Client, existing: string): Promise<TokenFacts> {
  let row: Awaited<ReturnType<Influxdb3Client["findToken"]>>;
  try {
    row = await client.findToken(existing, OPERATOR_NAME);
  } catch (error) {
    if (isStatus(error, 401)) {
      throw new Error(
        `OperatorToken: existingToken is not a valid token on ${client.url} (401); give the current operator token.`,
      );
    }
    throw error;
  }
  if (row === undefined) {
    throw new Error(
      `OperatorToken: ${client.url} has no operator token (_admin) yet; remove existingToken to bootstrap one.`,
    );
  }
  if (row.hash !== undefined && row.hash.slice(0, 9) !== hashPrefixOf(existing)) {
    throw new Error(
      `OperatorToken: existingToken authenticates on ${client.url} but is not the operator token (_admin): ` +
        "its hash prefix does not match. Give the _admin token itself.",
    );
  }
  return factsFromRow(row);
}

/** Regenerates `_admin` with the first credential that still authenticates (behaviour D.14.6). */
async function regenerate(
  client: Influxdb3Client,
  credentials: Array<string | undefined>,
): Promise<{ token: string; facts: TokenFacts }> {
  for (const credential of credentials) {
    if (credential === undefined) continue;
    try {
      const created = await client.regenerateOperatorToken(credential);
      // The row carries the new updated_at (the response does not, behaviour D.5).
      const row = await client.findToken(created.token, OPERATOR_NAME);
      const facts = row
        ? factsFromRow(row)
        : await factsFromCreated(created, OPERATOR_NAME, async () => undefined);
      return { token: created.token, facts };
    } catch (error) {
      if (isStatus(error, 401)) continue; // this secret is dead; try the next one
      throw error;
    }
  }
  throw new Error(
    `OperatorToken: cannot regenerate _admin on ${client.url}: no known token authenticates any more ` +
      "(it was regenerated outside Pulumi, or the server was reset). Set existingToken to the current operator " +
      "token, or connection.token / influxdb:influxdb3Token / INFLUXDB3_AUTH_TOKEN to an admin token.",
  );
}

/**
 * OperatorToken (`_admin`, Core and Enterprise): create = unauthenticated bootstrap; update =
 * regenerate in place; delete = forget, because the server refuses to delete it (405, behaviour D.6).
 */
export function operatorTokenHooks(clientFor: Influxdb3ClientFactory = defaultInfluxdb3ClientFactory) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const inputs = withoutReservedKeys(news);
      const result = (await loadSchema()).validateOperatorToken(inputs);
      return result.ok ? { inputs } : { inputs, failures: result.failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      return diffOperatorToken(olds, withoutReservedKeys(news));
    },

    async create(raw: Props): Promise<dynamic.CreateResult> {
      const inputs = await validInputs(raw);
      const { client } = connect(clientFor, inputs.connection);
      let token: string;
      let facts: TokenFacts;
      let attempt: CreateAttempt | undefined;
      if (inputs.existingToken !== undefined) {
        token = inputs.existingToken;
        facts = await adopt(client, token);
      } else {
        const journal = createJournal();
        const scope = operatorScope(client.url);
        attempt = journal.begin({
          kind: "OperatorToken",
          ...(createKeyOf(raw) === undefined ? {} : { resource: createKeyOf(raw) as string }),
          scope,
          url: client.url,
          marker: OPERATOR_NAME,
          markerIsProof: false,
          sentAt: Date.now(),
        });
        try {
          const created = await client.createOperatorToken();
          token = created.token;
          facts = await factsFromCreated(created, OPERATOR_NAME, () =>
            client.findToken(created.token, OPERATOR_NAME),
          );
        } catch (error) {
          if (isOutcomeUnknown(error)) throw lostBootstrap(client.url, [attempt], error);
          journal.forget(attempt);
          if (isStatus(error, 409)) {
            const lost = journal
              .all()
              .filter((e) => e.scope === scope && e.phase !== "returned" && !mayBeRunning(e.writer));
            if (lost.length > 0) throw lostBootstrap(client.url, lost, error);
            throw new Error(
              `OperatorToken: ${client.url} is already bootstrapped: the operator token _admin exists (409). ` +
                "To manage it here, set the input existingToken to its value (as a secret, e.g. " +
                "`pulumi config set --secret adminToken apiv3_...`). If nobody has it any more, regenerate it " +
                "(`influxdb3 create token --admin --regenerate` with another admin token, or the recovery endpoint) " +
                "and pass the new value.",
            );
          }
          if (isStatus(error, 405)) {
            throw new Error(
              `OperatorToken: ${client.url} runs without authentication (--without-auth): its token endpoints are disabled (405).`,
            );
          }
          throw error;
        }
      }
      const edition = effectiveEdition("OperatorToken", client.url, await detectEdition(client, token));
      const outs = outputs(inputs, token, facts, "active", edition);
      if (attempt !== undefined) createJournal().returned(attempt);
      // A bootstrap (or adoption) settles every earlier lost bootstrap of this server.
      for (const earlier of createJournal().all()) {
        if (earlier.scope === operatorScope(client.url) && earlier.attempt !== attempt?.attempt) {
          createJournal().forget(earlier);
        }
      }
      return { id: OPERATOR_NAME, outs };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      const { client, fallback } = connect(clientFor, props["connection"]);
      const previous = props as Partial<OperatorTokenOutputs>;
      const stateToken = typeof previous.token === "string" ? previous.token : undefined;
      let row: Awaited<ReturnType<Influxdb3Client["findToken"]>>;
      let stateTokenWorks = stateToken !== undefined;
      try {
        row = stateToken === undefined ? undefined : await client.findToken(stateToken, OPERATOR_NAME);
      } catch (error) {
        if (!isStatus(error, 401)) throw error;
        stateTokenWorks = false;
      }
      if (!stateTokenWorks) {
        // Nothing else to read with: the stored secret is dead, which is all we can say.
        if (fallback === undefined) return { id, props: { ...props, status: "replaced" } };
        row = await client.findToken(fallback, OPERATOR_NAME);
      }
      // `_admin` cannot be deleted (405): no row means the server was reset. Forget it; `up` bootstraps again.
      if (row === undefined) return {};
      const seen = factsFromRow(row);
      const ours =
        stateTokenWorks &&
        (seen.hashPrefix === "" || stateToken === undefined || seen.hashPrefix === hashPrefixOf(stateToken));
      const facts: TokenFacts = {
        tokenId: seen.tokenId,
        hashPrefix: ours ? seen.hashPrefix || (previous.hashPrefix ?? "") : (previous.hashPrefix ?? ""),
        createdAt: sameInstant(previous.createdAt, seen.createdAt) ?? seen.createdAt,
        ...(seen.updatedAt === undefined
          ? {}
          : { updatedAt: sameInstant(previous.updatedAt, seen.updatedAt) as string }),
      };
      const inputs = props as OperatorTokenInputs;
      return {
        id,
        props: outputs(inputs, stateToken ?? "", facts, ours ? "active" : "replaced", previous.edition),
      };
    },

    async update(_id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
      const inputs = await validInputs(news);
      const previous = olds as OperatorTokenOutputs;
      const { client, fallback } = connect(clientFor, inputs.connection);
      const rotate = JSON.stringify(previous.rotationTrigger) !== JSON.stringify(inputs.rotationTrigger);
      const adoptNew = inputs.existingToken !== undefined && inputs.existingToken !== previous.existingToken;
      let token = previous.token;
      let facts: TokenFacts = {
        tokenId: previous.tokenId,
        hashPrefix: previous.hashPrefix,
        createdAt: previous.createdAt,
        ...(previous.updatedAt === undefined ? {} : { updatedAt: previous.updatedAt }),
      };
      let status: TokenStatus = previous.status ?? "active";
      if (adoptNew) {
        token = inputs.existingToken as string;
        facts = await adopt(client, token);
        status = "active";
      }
      if (rotate || (status === "replaced" && !adoptNew)) {
        const regenerated = await regenerate(client, [token, inputs.existingToken, fallback]);
        token = regenerated.token;
        facts = regenerated.facts;
        status = "active";
      }
      return { outs: outputs(inputs, token, facts, status, previous.edition) };
    },

    async delete(_id: string, props: Props): Promise<void> {
      let url = "the server";
      try {
        url = resolveInfluxdb3Connection(props["connection"] as Influxdb3ConnectionInput | undefined, {
          tokenRequired: false,
        }).url;
      } catch {
        // No URL configured any more: the message still says what happened.
      }
      // behaviour D.6: DELETE of `_admin` is 405. Removing it from the stack is all we can do; say so loudly.
      notice([
        "OperatorToken: the InfluxDB 3 operator token (_admin) was NOT deleted.",
        `The server (${url}) does not allow deleting it (405 "cannot delete operator token").`,
        "It was only removed from this stack's state and still works. To invalidate the value this",
        "stack knew, regenerate it: influxdb3 create token --admin --regenerate",
      ]);
    },
  };
}

export type OperatorTokenHooks = ReturnType<typeof operatorTokenHooks>;
