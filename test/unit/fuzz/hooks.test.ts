/**
 * Property-based tests (fast-check, fixed seeds). Arbitrary JSON as inputs never crashes
 * a check hook (it answers failures naming a property), and arbitrary JSON as a server's answer
 * never crashes a hook with anything but a clear error (no TypeError from deep inside).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { managementClient } from "../../../provider/clients/management";
import { LookupError, v2Client } from "../../../provider/clients/v2";
import { clearLookupCache } from "../../../provider/clients/v2/lookup-cache";
import { ConfigurationError, setStackConfig } from "../../../provider/config";
import { InfluxApiError, MalformedResponseError, type RequestFn } from "../../../provider/http";
import { CreateOutcomeError } from "../../../provider/lifecycle/create";
import { authorizationHooks } from "../../../provider/resources/authorization/hooks";
import { databaseTokenHooks } from "../../../provider/resources/database-token/hooks";
import { InputValidationError } from "../../../provider/shared/errors";

const RUNS = { numRuns: 300, seed: 6 };

const AUTH_KEYS = ["org", "orgId", "user", "userId", "description", "status", "permissions", "connection"];
const DB_KEYS = ["description", "permissions", "expiresAt", "connection"];

/** Objects using the real property names (so validation goes deep) with arbitrary JSON values. */
function inputs(keys: string[]) {
  const permission = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        action: fc.oneof(fc.constantFrom("read", "write", "admin", ""), fc.jsonValue()),
        resource: fc.oneof(
          fc.jsonValue(),
          fc.string(),
          fc.record(
            {
              type: fc.oneof(fc.constantFrom("buckets", "orgs", "bucket"), fc.jsonValue()),
              id: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.jsonValue()),
              name: fc.jsonValue(),
              orgId: fc.jsonValue(),
              org: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  );
  const value = fc.oneof(fc.jsonValue(), fc.array(permission, { maxLength: 3 }));
  return fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 6 })), value, {
    maxKeys: 6,
  });
}

function isClearFailure(failure: unknown): boolean {
  const f = failure as { property?: unknown; reason?: unknown };
  return (
    typeof f.property === "string" && f.property !== "" && typeof f.reason === "string" && f.reason !== ""
  );
}

describe("check hooks take arbitrary JSON", () => {
  it("Authorization.check never throws; every failure names a property and a reason", async () => {
    const hooks = authorizationHooks(() => {
      throw new Error("check must not build a client");
    });
    await fc.assert(
      fc.asyncProperty(inputs(AUTH_KEYS), async (news) => {
        const result = await hooks.check({}, news as Record<string, unknown>);
        expect((result.failures ?? []).every(isClearFailure)).toBe(true);
      }),
      RUNS,
    );
  });

  it("DatabaseToken.check never throws; every failure names a property and a reason", async () => {
    const hooks = databaseTokenHooks(() => {
      throw new Error("check must not build a client");
    });
    await fc.assert(
      fc.asyncProperty(inputs(DB_KEYS), fc.jsonValue(), async (news, oldExpiry) => {
        const result = await hooks.check({ expiresAt: oldExpiry }, news as Record<string, unknown>);
        expect((result.failures ?? []).every(isClearFailure)).toBe(true);
      }),
      RUNS,
    );
  });

  it("create with arbitrary inputs fails only with InputValidationError or ConfigurationError before any request", async () => {
    let requests = 0;
    const counting: RequestFn = async () => {
      requests++;
      throw new Error("no request expected");
    };
    const v2 = authorizationHooks(() => v2Client({ url: "http://127.0.0.1:1", token: "t" }, counting));
    const db = databaseTokenHooks(() =>
      managementClient({ url: "http://127.0.0.1:1", token: "t" }, counting),
    );
    await fc.assert(
      fc.asyncProperty(inputs(AUTH_KEYS), inputs(DB_KEYS), async (a, d) => {
        for (const run of [() => v2.create(a as never), () => db.create(d as never)]) {
          const before = requests;
          const error = await run().then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error === undefined) continue; // valid by chance: it went on to the server
          if (error instanceof InputValidationError || error instanceof ConfigurationError) {
            expect(requests).toBe(before);
          } else {
            // Valid inputs that reached the (failing) transport.
            expect((error as Error).message).toBe("no request expected");
          }
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

/** A transport answering every request with `body` (status 200/201/204 as the method expects). */
function answering(body: unknown): RequestFn {
  return async (options) => ({ status: options.method === "DELETE" ? 204 : 200, headers: {}, body });
}

const CLEAR_ERRORS = [
  MalformedResponseError,
  InfluxApiError,
  LookupError,
  InputValidationError,
  CreateOutcomeError,
];
function expectClear(error: unknown): void {
  if (error === undefined) return;
  const clear = CLEAR_ERRORS.some((type) => error instanceof type);
  if (!clear) throw new Error(`unclear error ${(error as Error)?.name}: ${(error as Error)?.message}`);
}

/** Server answers: arbitrary JSON, and authorization/token-shaped objects with arbitrary fields. */
const answers = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      id: fc.oneof(fc.constant("0123456789abcdef"), fc.jsonValue()),
      token: fc.jsonValue(),
      accessToken: fc.jsonValue(),
      status: fc.jsonValue(),
      description: fc.jsonValue(),
      orgID: fc.jsonValue(),
      createdAt: fc.jsonValue(),
      expiresAt: fc.jsonValue(),
      revokedAt: fc.jsonValue(),
      permissions: fc.oneof(
        fc.jsonValue(),
        fc.array(fc.record({ action: fc.jsonValue(), resource: fc.jsonValue() }, { requiredKeys: [] }), {
          maxLength: 3,
        }),
      ),
      orgs: fc.jsonValue(),
      buckets: fc.jsonValue(),
      authorizations: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

describe("hooks take arbitrary server answers", () => {
  beforeAll(() => setStackConfig({ get: (key) => ({ "influxdb:org": "my-org" })[key] }));
  afterAll(() => setStackConfig(undefined));

  it("Authorization create/read/update/delete: a result or a clear error, never a TypeError", async () => {
    const valid = {
      org: "my-org",
      description: "d",
      permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
    };
    await fc.assert(
      fc.asyncProperty(answers, async (body) => {
        clearLookupCache();
        const hooks = authorizationHooks(() =>
          v2Client({ url: "http://127.0.0.1:1", token: "t" }, answering(body)),
        );
        for (const run of [
          () => hooks.create(valid),
          () => hooks.read("0123456789abcdef", { ...valid, token: "x" }),
          () => hooks.update("0123456789abcdef", { ...valid, description: "old" }, valid),
          () => hooks.delete("0123456789abcdef", valid),
        ]) {
          expectClear(
            await run().then(
              () => undefined,
              (e: unknown) => e,
            ),
          );
        }
      }),
      RUNS,
    );
  });

  it("DatabaseToken create/read/update/delete: a result or a clear error, never a TypeError", async () => {
    const valid = { description: "d", permissions: [{ action: "read", resource: "sensors" }] };
    await fc.assert(
      fc.asyncProperty(answers, async (body) => {
        const hooks = databaseTokenHooks(() =>
          managementClient({ url: "http://127.0.0.1:1", token: "t" }, answering(body)),
        );
        for (const run of [
          () => hooks.create(valid),
          () => hooks.read("t", { ...valid, accessToken: "x" }),
          () => hooks.update("t", { ...valid, description: "old" }, valid),
          () => hooks.delete("t", valid),
        ]) {
          expectClear(
            await run().then(
              () => undefined,
              (e: unknown) => e,
            ),
          );
        }
      }),
      RUNS,
    );
  });
});
