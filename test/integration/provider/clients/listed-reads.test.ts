import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../../emulator";
import { LIST_AFTER_READS } from "../../../../provider/clients/listed-reads";
import { closeHttpAgent } from "../../../../provider/http";
import { authorizationHooks } from "../../../../provider/resources/authorization/hooks";
import { databaseTokenHooks } from "../../../../provider/resources/database-token/hooks";
import {
  configureFor,
  type Deployed,
  deploy,
  type Hooks,
  raw,
  refresh,
  requestsOf,
} from "../../../support/provider";

/**
 * A refresh of many tokens, as the engine sends it (reads a few at a time), against the emulator
 * over HTTP: after the first reads, the rest are answered by one list of the org or cluster, and
 * the answers equal what one GET each gives, out-of-band changes included.
 */
const STACK = 30;

afterAll(() => closeHttpAgent());

/** Refreshes every resource, `parallel` at a time (the engine's --parallel). */
async function refreshAll(hooks: Hooks, resources: Deployed[], parallel = 8) {
  const results: Array<Deployed | undefined> = [];
  let next = 0;
  const worker = async () => {
    while (next < resources.length) {
      const index = next++;
      results[index] = await refresh(hooks, resources[index]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

function countRoutes(emulator: Emulator, collection: string) {
  const gets = requestsOf(emulator, "GET");
  return {
    one: gets.filter((r) => r.path.startsWith(`${collection}/`)).length,
    lists: gets.filter((r) => r.path === collection).length,
  };
}

describe("refresh of many Authorizations", () => {
  let emulator: Emulator;
  let unconfigure: () => void;
  const hooks = authorizationHooks();
  const tokens: Deployed[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    unconfigure = configureFor(emulator);
  });
  afterAll(() => {
    unconfigure();
    return emulator.close();
  });

  it("reads with one list after the first GETs, and sees out-of-band changes like a GET would", async () => {
    for (let i = 0; i < STACK; i++) {
      tokens.push(
        await deploy(hooks, {
          description: `service ${i}`,
          permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
        }),
      );
    }
    const admin = `Token ${emulator.token}`;
    const deleted = tokens[STACK - 1]!;
    const deactivated = tokens[STACK - 2]!;
    expect((await raw(emulator, "DELETE", `/api/v2/authorizations/${deleted.id}`, admin)).status).toBe(204);
    expect(
      (
        await raw(emulator, "PATCH", `/api/v2/authorizations/${deactivated.id}`, admin, {
          status: "inactive",
        })
      ).status,
    ).toBe(200);

    emulator.clearRequestLog();
    const refreshed = await refreshAll(hooks, tokens);
    const requests = countRoutes(emulator, "/api/v2/authorizations");
    // GETs for the first reads and for the one the list lacks (deleted); one list for the rest.
    expect(requests).toEqual({ one: LIST_AFTER_READS + 1, lists: 1 });
    expect(refreshed[STACK - 1]).toBeUndefined();
    expect(refreshed[STACK - 2]?.outs.status).toBe("inactive");
    for (let i = 0; i < STACK - 2; i++) {
      expect(refreshed[i]?.outs, `token ${i}`).toEqual(tokens[i]!.outs);
    }
  });

  it("answers no read after a write by this process from a list sent before it", async () => {
    // tokens[0] is in the list the previous refresh shared (seconds old, so still in use).
    const token = tokens[0]!;
    const patched = await hooks.update(token.id, token.outs, { ...token.inputs, status: "inactive" });
    emulator.clearRequestLog();
    expect((await refresh(hooks, { ...token, outs: { ...patched.outs } }))?.outs.status).toBe("inactive");
    expect(countRoutes(emulator, "/api/v2/authorizations")).toEqual({ one: 0, lists: 1 });
  });
});

describe("refresh of many DatabaseTokens (Cloud Dedicated)", () => {
  let emulator: Emulator;
  let unconfigure: () => void;
  const hooks = databaseTokenHooks();
  const collection = () =>
    `/api/v0/accounts/${emulator.seed.accountId}/clusters/${emulator.seed.clusterId}/tokens`;

  beforeAll(async () => {
    emulator = await startEmulator();
    unconfigure = configureFor(emulator, { dedicated: true });
  });
  afterAll(() => {
    unconfigure();
    return emulator.close();
  });

  it("reads with one list after the first GETs; a token revoked out of band is gone", async () => {
    const tokens: Deployed[] = [];
    for (let i = 0; i < STACK; i++) {
      tokens.push(
        await deploy(hooks, {
          description: `service ${i}`,
          permissions: [{ action: "read", resource: "sensors" }],
        }),
      );
    }
    const revoked = tokens[STACK - 1]!;
    const admin = `Bearer ${emulator.managementToken}`;
    expect((await raw(emulator, "DELETE", `${collection()}/${revoked.id}`, admin)).status).toBe(204);

    emulator.clearRequestLog();
    const refreshed = await refreshAll(hooks, tokens);
    const requests = countRoutes(emulator, collection());
    expect(requests).toEqual({ one: LIST_AFTER_READS + 1, lists: 1 });
    expect(refreshed[STACK - 1]).toBeUndefined();
    for (let i = 0; i < STACK - 1; i++) {
      expect(refreshed[i]?.outs, `token ${i}`).toEqual(tokens[i]!.outs);
    }
  });
});
