import type { CreatedToken, Influxdb3Client, TokenRow } from "../../clients/influxdb3/client";
import { credentialKey } from "../../clients/listed-reads";
import { InfluxApiError } from "../../http";
import {
  type CreateAttempt,
  type Created,
  CreateOutcomeError,
  createJournal,
  createOptions,
  isOutcomeUnknown,
  isThisProcess,
  mayBeRunning,
  sweepOnce,
} from "../../lifecycle/create";
import { messageOf } from "../../shared/errors";
import { log } from "../../shared/log";

const isConflict = (error: unknown) => error instanceof InfluxApiError && error.status === 409;

export interface NamedCreate {
  kind: "AdminToken" | "ResourceToken";
  client: Influxdb3Client;
  credential: string;
  name: string;
  /** The user chose the name: finding it proves nothing (another stack may have chosen it too). */
  explicit: boolean;
  /** The resource's URN, from the SDK. */
  resource: string | undefined;
  post(): Promise<CreatedToken>;
}

export function influxdb3Scope(url: string, credential: string): string {
  return `${url}|influxdb3|${credentialKey(credential)}`;
}

/**
 * Creates a named InfluxDB 3 token exactly once (docs/guarantees.md). The name is the marker: an
 * autoname is random and journaled before the POST, so a token that carries it is this create's;
 * names are unique on the server, so a second POST of the same name never makes a duplicate (the
 * server answers 409). A name the user chose proves nothing: when its POST's outcome is unknown and
 * the name then exists, the create stops with an error naming that token, and keeps stopping with
 * it until the user deletes the token or picks another name.
 */
export async function createNamedOnce(create: NamedCreate): Promise<Created<CreatedToken>> {
  const { kind, client, credential, name, explicit } = create;
  const journal = createJournal();
  const options = createOptions(create.resource);
  const scope = influxdb3Scope(client.url, credential);
  await sweepOnce(
    {
      scope,
      list: () => client.listTokens(credential),
      markerOf: (row: TokenRow) => row.name,
      idOf: (row) => String(row.token_id),
      describe: (row) => `"${row.name}" (token_id ${row.token_id})`,
      remove: async (row) => {
        await client.deleteToken(credential, row.name);
      },
    },
    journal,
    { info: options.info ?? log.info, warn: options.warn ?? log.warn },
  );

  const maxPosts = options.maxPosts ?? 3;
  let lastError: unknown;
  for (let post = 1; post <= maxPosts; post++) {
    let attempt = journal.begin({
      kind,
      ...(create.resource === undefined ? {} : { resource: create.resource }),
      scope,
      url: client.url,
      marker: name,
      markerIsProof: !explicit,
      sentAt: Date.now(),
    });
    let created: CreatedToken;
    try {
      created = await create.post();
    } catch (error) {
      const unknown = isOutcomeUnknown(error);
      // A 409 after a lost answer: the earlier POST of this create went through after all.
      const ownLate = isConflict(error) && post > 1;
      if (!unknown && !ownLate) {
        journal.forget(attempt);
        if (isConflict(error) && explicit) {
          // Attempts of ended processes (or this one) whose answer was lost, not a create under way elsewhere.
          const earlier = journal
            .all()
            .filter(
              (e) =>
                e.scope === scope &&
                e.marker === name &&
                e.id === undefined &&
                e.phase === "sending" &&
                (isThisProcess(e.writer) || !mayBeRunning(e.writer)),
            );
          if (earlier.length > 0) throw await unprovable(create, earlier, error);
        }
        throw error;
      }
      lastError = error;
      let row: TokenRow | undefined;
      try {
        row = await client.findToken(credential, name);
      } catch (checkError) {
        throw new CreateOutcomeError(
          `${kind} "${name}": the create request's outcome is unknown (${messageOf(error)}) and looking the name ` +
            `up in system.tokens failed (${messageOf(checkError)}). ` +
            (explicit
              ? "Run `pulumi up` again: if the name exists then, the provider says which token holds it."
              : "The attempt is journaled on this machine: the next create on this server deletes the token if it was made."),
          { cause: checkError },
        );
      }
      if (row === undefined) continue; // not made (or not yet: a late POST then collides with the next one)
      if (explicit) throw await unprovable(create, [attempt], error, row);
      // Our autoname: the token is this create's, but its value was lost with the answer.
      attempt = journal.created(attempt, String(row.token_id));
      await client.deleteToken(credential, name);
      log.info(
        `deleted ${kind} "${name}" (token_id ${row.token_id}): its create answer was lost; creating it again`,
      );
      journal.forget(attempt);
      continue;
    }
    if (typeof created.id === "number") attempt = journal.created(attempt, String(created.id));
    const entry = attempt;
    // Earlier attempts of this name that never made a token are settled by this one.
    for (const other of journal.all()) {
      if (other.scope === scope && other.marker === name && other.attempt !== entry.attempt)
        journal.forget(other);
    }
    return { token: created, returned: () => journal.returned(entry), deleted: () => journal.forget(entry) };
  }
  throw new CreateOutcomeError(
    `${kind} "${name}": creating it failed ${maxPosts} times without a usable answer; each time the ` +
      `provider checked system.tokens and left no token of that name behind. Last error: ${messageOf(lastError)}`,
  );
}

/** A name the user chose exists after a lost answer: say which token holds it and the ways out. */
async function unprovable(
  create: NamedCreate,
  attempts: CreateAttempt[],
  cause: unknown,
  known?: TokenRow,
): Promise<Error> {
  const { kind, client, credential, name } = create;
  const row = known ?? (await client.findToken(credential, name).catch(() => undefined));
  const holder =
    row === undefined
      ? "a token"
      : `token_id ${row.token_id} (created ${row.created_at} by the server's clock)`;
  const sent = attempts.map((a) => new Date(a.sentAt).toISOString()).join(", ");
  return new CreateOutcomeError(
    `${kind} "${name}": a create of this name from this machine lost its answer (sent ${sent}), and the name ` +
      `is now held by ${holder} on ${client.url}. The provider cannot tell whether that token is the one it ` +
      "made or another stack's with the same name, so it touches nothing and keeps stopping here. Either " +
      `delete that token if nobody else uses it (\`influxdb3 delete token --token-name '${name}'\`; list ` +
      "tokens with `pulumi-influxdb-tokens list-influxdb3-tokens`) and run `pulumi up` again, or give this " +
      "resource another name (or none, for an autoname).",
    { cause },
  );
}
