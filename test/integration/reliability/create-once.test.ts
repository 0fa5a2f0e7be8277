/**
 * Issue 6 at the hook level, against the emulator's fault injection (fixed seeds): creates whose
 * answer is lost never leave a duplicate or an orphan, a failure after the token exists is
 * recorded for the engine, and leftovers of an interrupted earlier run are cleaned up.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { authorizationHooks } from "../../../provider/authorization/hooks";
import { setStackConfig } from "../../../provider/config";
import { databaseTokenHooks } from "../../../provider/database-token/hooks";
import { closeHttpAgent, InfluxApiError } from "../../../provider/http";
import {
  createOnce,
  markedDescription,
  newMarker,
  parseMarked,
  ResourceInitError,
  resetSweeps,
} from "../../../provider/reliability";
import { raw } from "../../support/provider";

const N = 20;
let emulator: Emulator;

function configure(extra: Record<string, string> = {}): void {
  const values: Record<string, string> = {
    "influxdb:url": emulator.url,
    "influxdb:token": emulator.token,
    "influxdb:org": emulator.seed.org.name,
    "influxdb:managementUrl": emulator.url,
    "influxdb:managementToken": emulator.managementToken,
    ...extra,
  };
  setStackConfig({ get: (key) => values[key] });
}

const authorization = (i: number) => ({
  __provider: "serialized",
  description: `token ${i}`,
  permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
});
const databaseToken = (i: number) => ({
  __provider: "serialized",
  description: `db token ${i}`,
  permissions: [{ action: "read", resource: "sensors" }],
});

/** Tokens the test created (the seeded operator authorization excluded). */
function created(): { authorizations: string[]; databaseTokens: string[] } {
  const state = emulator.state();
  return {
    authorizations: state.authorizations
      .filter((a) => a.description.startsWith("token "))
      .map((a) => a.description),
    databaseTokens: state.databaseTokens.filter((t) => t.revokedAt === undefined).map((t) => t.description),
  };
}

function faultsInjected(): number {
  return emulator.requestLog().filter((entry) => entry.fault !== undefined).length;
}

beforeEach(async () => {
  resetSweeps();
  emulator = await startEmulator({ seed: 6 });
  configure({ "influxdb:retryMaxAttempts": "8" });
});
afterEach(async () => {
  setStackConfig(undefined);
  await emulator.close();
});
afterAll(() => closeHttpAgent());

describe("create-once against injected faults", () => {
  it(`${N} Authorizations and ${N} DatabaseTokens while 30% of requests get 429/503 and latency varies`, async () => {
    emulator.setFaults({ rate429: 0.15, rate503: 0.15, retryAfterSeconds: 0, latencyMs: [0, 20] });
    const a = await Promise.all(
      Array.from({ length: N }, (_, i) => authorizationHooks().create(authorization(i))),
    );
    const d = await Promise.all(
      Array.from({ length: N }, (_, i) => databaseTokenHooks().create(databaseToken(i))),
    );
    const found = created();
    expect(found.authorizations.sort()).toEqual(Array.from({ length: N }, (_, i) => `token ${i}`).sort());
    expect(found.databaseTokens.sort()).toEqual(Array.from({ length: N }, (_, i) => `db token ${i}`).sort());
    expect(new Set(a.map((r) => r.id)).size).toBe(N);
    expect(new Set(d.map((r) => r.id)).size).toBe(N);
    expect(
      a.every(
        (r) => typeof r.outs?.token === "string" && r.outs.description?.toString().startsWith("token "),
      ),
    ).toBe(true);
    expect(faultsInjected()).toBeGreaterThan(10);
    console.log(
      `429/503 run: ${faultsInjected()} faults injected, ${2 * N} tokens expected, ${found.authorizations.length + found.databaseTokens.length} found`,
    );
  });

  it(`connection resets after the server processed the POST: still exactly ${N} of each, no orphan`, async () => {
    emulator.setFaults({
      resetAfterRate: 0.3,
      methods: ["POST"],
      paths: "^/api/v(2/authorizations|0/tokens)$",
    });
    const a = await Promise.all(
      Array.from({ length: N }, (_, i) => authorizationHooks().create(authorization(i))),
    );
    const d = await Promise.all(
      Array.from({ length: N }, (_, i) => databaseTokenHooks().create(databaseToken(i))),
    );
    const resets = emulator.requestLog().filter((entry) => entry.fault === "reset-after").length;
    expect(resets).toBeGreaterThan(3);
    const found = created();
    // Exactly one token per resource, each with the declared description (no marker left).
    expect(found.authorizations.sort()).toEqual(Array.from({ length: N }, (_, i) => `token ${i}`).sort());
    expect(found.databaseTokens.sort()).toEqual(Array.from({ length: N }, (_, i) => `db token ${i}`).sort());
    // Every token the hooks returned works: the values are not from a lost answer.
    for (const r of a.slice(0, 5)) {
      const read = await raw(
        emulator,
        "GET",
        `/api/v2/buckets/${emulator.seed.buckets.telemetry}`,
        `Token ${r.outs?.token}`,
      );
      expect(read.status).toBe(200);
    }
    expect(d.every((r) => typeof r.outs?.accessToken === "string")).toBe(true);
    console.log(
      `reset-after run: ${resets} POSTs processed then reset, ${2 * N} tokens expected, ${found.authorizations.length + found.databaseTokens.length} found`,
    );
  });

  it("a failure after the token exists is recorded for the engine, and the update that follows finishes it", async () => {
    // Every PATCH (the marker removal) is reset before processing, so it fails after its retries.
    configure({ "influxdb:retryMaxAttempts": "2" });
    emulator.setFaults({ resetBeforeRate: 1, methods: ["PATCH"] });
    const hooks = authorizationHooks();
    const error = (await hooks.create(authorization(1)).catch((e: unknown) => e)) as ResourceInitError;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(
      /was created, but setting its description failed.*next `pulumi up` finishes it/s,
    );
    expect(error.properties.__provider).toBe("serialized");
    expect(typeof error.properties.token).toBe("string");
    expect(parseMarked(error.properties.description)?.declared).toBe("token 1");
    expect(emulator.state().authorizations.filter((a) => a.id === error.id)).toHaveLength(1);
    // Next up: the engine updates a resource with init errors; the diff sees the marked description.
    emulator.setFaults({});
    const diff = await hooks.diff(error.id, error.properties, authorization(1));
    expect(diff.changes).toBe(true);
    const updated = await hooks.update(error.id, error.properties, authorization(1));
    expect(updated.outs?.description).toBe("token 1");
    expect(updated.outs?.token).toBe(error.properties.token);
    expect(created().authorizations).toEqual(["token 1"]);
  });

  it("the same for a DatabaseToken", async () => {
    configure({ "influxdb:retryMaxAttempts": "2" });
    emulator.setFaults({ resetBeforeRate: 1, methods: ["PATCH"] });
    const hooks = databaseTokenHooks();
    const error = (await hooks.create(databaseToken(1)).catch((e: unknown) => e)) as ResourceInitError;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(typeof error.properties.accessToken).toBe("string");
    emulator.setFaults({});
    const updated = await hooks.update(error.id, error.properties, databaseToken(1));
    expect(updated.outs?.description).toBe("db token 1");
    expect(created().databaseTokens).toEqual(["db token 1"]);
  });
});

describe("leftovers of an interrupted run", () => {
  async function leftover(description: string): Promise<string> {
    const response = await raw(emulator, "POST", "/api/v2/authorizations", `Token ${emulator.token}`, {
      orgID: emulator.seed.org.id,
      description,
      permissions: [{ action: "read", resource: { type: "buckets", orgID: emulator.seed.org.id } }],
    });
    return (response.body as { id: string }).id;
  }

  it("the first create of a later run deletes another run's marked tokens older than the grace period, nothing else", async () => {
    const old = await leftover(markedDescription("token old", newMarker(Date.now() - 3_600_000, "0badc0de")));
    const young = await leftover(markedDescription("token young", newMarker(Date.now(), "0badc0de")));
    const ours = await leftover(markedDescription("token ours", newMarker(Date.now() - 3_600_000)));
    const plain = await leftover("token plain [pulumi-create by hand]");
    configure({ "influxdb:createRecoveryGraceSeconds": "60" });
    await authorizationHooks().create(authorization(7));
    const ids = emulator.state().authorizations.map((a) => a.id);
    expect(ids).not.toContain(old);
    expect(ids).toEqual(expect.arrayContaining([young, ours, plain]));
    expect(created().authorizations).toContain("token 7");
  });

  it("an unknown outcome whose check also fails names the marker the leftover carries", async () => {
    let posts = 0;
    const error = await createOnce(
      {
        scope: "test",
        post: async () => {
          posts++;
          throw new InfluxApiError({ method: "POST", path: "/x", apiMessage: "ECONNRESET" });
        },
        list: async () => {
          if (posts === 0) return [];
          throw new Error("list failed");
        },
        remove: async () => {},
        setDescription: async () => {},
      },
      "declared",
      { graceMs: 0 },
    ).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(
      /outcome is unknown .*ECONNRESET.*checking for the token failed \(list failed\).*\[pulumi-create [0-9a-f]{8}\./,
    );
  });
});
