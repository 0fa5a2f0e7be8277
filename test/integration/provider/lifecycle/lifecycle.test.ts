/**
 * Through the provider hooks against the emulator over HTTP: adopting existing tokens,
 * rotation, waiting for database token activation, name errors that list the names that exist,
 * and the log lines (one per action, never a secret).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../../emulator";
import { closeHttpAgent } from "../../../../provider/http";
import { authorizationHooks } from "../../../../provider/resources/authorization/hooks";
import { databaseTokenHooks } from "../../../../provider/resources/database-token/hooks";
import { InputValidationError } from "../../../../provider/shared/errors";
import { type LogLine, setLogSink } from "../../../../provider/shared/log";
import { apply, configureFor, deploy, raw, requestsOf, writeWith } from "../../../support/provider";

const authorizations = authorizationHooks();
const databaseTokens = databaseTokenHooks();

let emulator: Emulator;
let unconfigure: () => void;
let lines: LogLine[];

beforeAll(async () => {
  emulator = await startEmulator({ activationDelayMs: 1_500 });
});
afterAll(async () => {
  await emulator.close();
  await closeHttpAgent();
});
beforeEach(() => {
  unconfigure = configureFor(emulator);
  lines = [];
  setLogSink((line) => lines.push(line));
});
afterEach(() => {
  unconfigure();
  setLogSink(undefined);
});

const operator = () => `Token ${emulator.token}`;
const management = () => `Bearer ${emulator.managementToken}`;

/** An authorization made outside Pulumi (UI, influx CLI): what users come to adopt. */
async function outOfBandAuthorization(description: string) {
  const { org, buckets } = emulator.seed;
  const made = await raw(emulator, "POST", "/api/v2/authorizations", operator(), {
    orgID: org.id,
    description,
    permissions: [
      { action: "write", resource: { type: "buckets", id: buckets.telemetry, orgID: org.id } },
      { action: "read", resource: { type: "buckets", id: buckets.telemetry, orgID: org.id } },
    ],
  });
  expect(made.status).toBe(201);
  return made.body as { id: string; token: string };
}

const telegraf = {
  __provider: "serialized",
  description: "telegraf (managed)",
  permissions: [
    { action: "read", resource: { type: "buckets", name: "telemetry" } },
    { action: "write", resource: { type: "buckets", name: "telemetry" } },
  ],
};

describe("adopting an existing Authorization", () => {
  it("takes it over without a POST, sets the declared description, and says the value is unknown", async () => {
    const existing = await outOfBandAuthorization("made in the UI");
    emulator.clearRequestLog();
    const adopted = await deploy(authorizations, { ...telegraf, adoptId: existing.id });
    expect(adopted.id).toBe(existing.id);
    expect(requestsOf(emulator, "POST")).toEqual([]);
    expect(requestsOf(emulator, "PATCH")).toEqual([
      { method: "PATCH", path: `/api/v2/authorizations/${existing.id}` },
    ]);
    expect(adopted.outs).toMatchObject({
      adopted: true,
      tokenKnown: false,
      description: "telegraf (managed)",
    });
    expect(adopted.outs.token).toBeUndefined();
    expect(lines.filter((l) => l.level === "info").map((l) => l.message)).toEqual([
      `adopted Authorization ${existing.id} of my-org (2 permissions); set its description as declared`,
    ]);
    expect(lines.find((l) => l.level === "warn")?.message).toMatch(/adopted without its value.*adoptedToken/);

    // The value given later is stored without a request; then the adopted token is fully managed.
    emulator.clearRequestLog();
    const withValue = await apply(authorizations, adopted, {
      ...telegraf,
      adoptId: existing.id,
      adoptedToken: existing.token,
    });
    expect(withValue.action).toBe("update");
    expect(emulator.requestLog()).toEqual([]);
    expect(withValue.resource.outs).toMatchObject({ token: existing.token, tokenKnown: true, adopted: true });
    expect(await writeWith(emulator, withValue.resource.outs.token as string, "telemetry")).toBe(204);

    // A replacement would adopt the same token again: refused in the plan, before anything happens.
    await expect(
      apply(authorizations, withValue.resource, {
        ...telegraf,
        adoptId: existing.id,
        adoptedToken: existing.token,
        permissions: [{ action: "read", resource: { type: "buckets", name: "logs" } }],
      }),
    ).rejects.toThrow(/permissions changed.*adoptId is still set/);

    await authorizations.delete(adopted.id, withValue.resource.outs);
    expect((await raw(emulator, "GET", `/api/v2/authorizations/${existing.id}`, operator())).status).toBe(
      404,
    );
    expect(JSON.stringify(lines)).not.toContain(existing.token);
  });

  it("fails naming every difference when the token does not match the declaration", async () => {
    const existing = await outOfBandAuthorization("made in the UI");
    const error = (await authorizations
      .create({
        ...telegraf,
        adoptId: existing.id,
        permissions: [
          { action: "read", resource: { type: "buckets", name: "telemetry" } },
          { action: "read", resource: { type: "buckets", name: "logs" } },
        ],
      })
      .catch((e: unknown) => e)) as InputValidationError;
    expect(error).toBeInstanceOf(InputValidationError);
    const { buckets } = emulator.seed;
    expect(error.failures).toEqual([
      {
        property: "permissions",
        reason: expect.stringMatching(
          new RegExp(
            `declared but not granted by the token: read buckets ${buckets.logs}\\. ` +
              `granted by the token but not declared: write buckets ${buckets.telemetry} \\(telemetry\\)`,
          ),
        ),
      },
    ]);
    const missing = await authorizations
      .create({ ...telegraf, adoptId: "0badc0de0badc0de" })
      .catch((e: unknown) => e as Error);
    expect(String(missing)).toMatch(/adoptId: authorization 0badc0de0badc0de does not exist/);
  });
});

describe("adopting an existing DatabaseToken", () => {
  it("matches permissions and expiry, keeps the value when given, and refuses a mismatch", async () => {
    const made = await raw(emulator, "POST", "/api/v0/tokens", management(), {
      description: "made with influxctl",
      permissions: [{ action: "write", resource: "sensors" }],
    });
    const existing = made.body as { id: string; accessToken: string };
    const adopted = await deploy(databaseTokens, {
      __provider: "serialized",
      description: "ingest (managed)",
      permissions: [{ action: "write", resource: "sensors" }],
      adoptId: existing.id,
      adoptedToken: existing.accessToken,
    });
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs).toMatchObject({
      adopted: true,
      tokenKnown: true,
      accessToken: existing.accessToken,
      description: "ingest (managed)",
    });
    const mismatch = await databaseTokens
      .create({
        description: "x",
        permissions: [{ action: "read", resource: "sensors" }],
        expiresAt: "2099-01-01T00:00:00Z",
        adoptId: existing.id,
      })
      .then(
        () => undefined,
        (e: unknown) => e as InputValidationError,
      );
    expect(mismatch!.failures.map((f) => f.property)).toEqual(["permissions", "expiresAt"]);
    expect(mismatch!.failures[0]!.reason).toMatch(
      /declared but not granted by the token: read sensors\. granted by the token but not declared: write sensors/,
    );
  });
});

describe("rotation through the hooks", () => {
  it("a changed rotationTrigger creates the new token first, then deletes the old one", async () => {
    const first = await deploy(authorizations, { ...telegraf, rotationTrigger: "2026-Q1" });
    expect(first.outs.rotationTrigger).toBe("2026-Q1");
    const same = await apply(authorizations, first, { ...telegraf, rotationTrigger: "2026-Q1" });
    expect(same.action).toBe("same");
    emulator.clearRequestLog();
    const rotated = await apply(authorizations, first, { ...telegraf, rotationTrigger: "2026-Q2" });
    expect(rotated.action).toBe("replace");
    expect(rotated.diff.replaces).toEqual(["rotationTrigger"]);
    // (create also PATCHes its own new token: the marker's replacement)
    expect(requestsOf(emulator).filter((r) => r.method === "POST" || r.method === "DELETE")).toEqual([
      { method: "POST", path: "/api/v2/authorizations" },
      { method: "DELETE", path: `/api/v2/authorizations/${first.id}` },
    ]);
    expect(await writeWith(emulator, rotated.resource.outs.token as string, "telemetry")).toBe(204);
    expect(await writeWith(emulator, first.outs.token as string, "telemetry")).toBe(401);
  });

  it("rotateAfter: no change while not due, replacement once createdAt + period has passed", async () => {
    const token = await deploy(databaseTokens, { description: "d", rotateAfter: "90d" });
    expect(token.outs.rotationDueAt).toBe(
      new Date(Date.parse(token.outs.createdAt as string) + 90 * 86_400_000).toISOString(),
    );
    expect((await apply(databaseTokens, token, { description: "d", rotateAfter: "90d" })).action).toBe(
      "same",
    );
    // The state of a token created 91 days ago: diff compares its createdAt with now.
    const old = {
      ...token,
      outs: { ...token.outs, createdAt: new Date(Date.now() - 91 * 86_400_000).toISOString() },
    };
    const rotated = await apply(databaseTokens, old, { description: "d", rotateAfter: "90d" });
    expect(rotated.action).toBe("replace");
    expect(rotated.diff.replaces).toEqual(["rotateAfter"]);
    expect(rotated.resource.id).not.toBe(token.id);
  });
});

describe("DatabaseToken waitForActivation (emulator activation delay 1.5 s)", () => {
  const writer = { description: "writer", permissions: [{ action: "write", resource: "sensors" }] };
  const dataWrite = (token: string) =>
    raw(emulator, "POST", "/api/v2/write?bucket=sensors", `Bearer ${token}`, "m v=1").then((r) => r.status);

  it("without it, the new token answers 401 right after create", async () => {
    const made = await deploy(databaseTokens, writer);
    expect(await dataWrite(made.outs.accessToken as string)).toBe(401);
  });

  it("with it, create returns once the cluster accepts the token, with progress lines", async () => {
    const started = Date.now();
    const made = await deploy(databaseTokens, { ...writer, waitForActivation: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(await dataWrite(made.outs.accessToken as string)).toBe(204);
    expect(lines.filter((l) => l.level === "progress").length).toBeGreaterThan(0);
    expect(lines.at(-1)!.message).toMatch(
      new RegExp(`DatabaseToken ${made.id} is active on http://127\\.0\\.0\\.1:\\d+ after`),
    );
    // Probes write nothing: each is an empty POST to the write endpoint.
    expect(requestsOf(emulator, "POST").filter((r) => r.path === "/api/v2/write").length).toBeGreaterThan(0);
  });

  it("on timeout the token is revoked and create fails saying what to change", async () => {
    const error = await databaseTokens.create({ ...writer, waitForActivation: { timeout: "1s" } }).then(
      () => new Error("create succeeded"),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(
      /was not accepted by .* within 1\.0 s .*revoked.*waitForActivation\.timeout/,
    );
    const id = /DatabaseToken (\S+) was not accepted/.exec(error.message)![1]!;
    expect((await raw(emulator, "GET", `/api/v0/tokens/${id}`, management())).status).toBe(404);
  });
});

describe("name resolution errors list the names that exist", () => {
  it.each([
    [
      "a bucket",
      { permissions: [{ action: "write", resource: { type: "buckets", name: "telemetri" } }] },
      "permissions[0].resource.name",
      /bucket "telemetri" not found.*\. Did you mean "telemetry"\? Buckets the credential can read: .*"logs", "telemetry"\. Check the name/,
    ],
    [
      "the org",
      { org: "my-orgg", permissions: [{ action: "read", resource: { type: "buckets" } }] },
      "org",
      /Did you mean "my-org"\? Organizations the credential can read: "my-org"\./,
    ],
    [
      "a user",
      { user: "admn", permissions: [{ action: "read", resource: { type: "buckets" } }] },
      "user",
      /Did you mean "admin"\? Users the credential can read: "admin"\./,
    ],
  ])("%s", async (_, inputs, property, reason) => {
    const error = (await authorizations.create(inputs).catch((e: unknown) => e)) as InputValidationError;
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
});

describe("log lines", () => {
  it("one info line per action, and no token value or credential in any line", async () => {
    const made = await deploy(authorizations, telegraf);
    const updated = await apply(authorizations, made, { ...telegraf, status: "inactive" });
    await authorizations.delete(made.id, updated.resource.outs);
    await authorizations.delete(made.id, updated.resource.outs);
    const db = await deploy(databaseTokens, {
      description: "d",
      permissions: [{ action: "read", resource: "*" }],
    });
    await databaseTokens.read(db.id, db.outs);
    await databaseTokens.delete(db.id, db.outs);
    expect(lines.filter((l) => l.level === "info").map((l) => l.message)).toEqual([
      `created Authorization ${made.id} for my-org (2 permissions)`,
      `updated Authorization ${made.id}: status inactive`,
      `deleted Authorization ${made.id}`,
      `Authorization ${made.id} was already gone`,
      `created DatabaseToken ${db.id} (1 permission)`,
      `revoked DatabaseToken ${db.id}`,
    ]);
    const all = JSON.stringify(lines);
    for (const secret of [made.outs.token, db.outs.accessToken, emulator.token, emulator.managementToken]) {
      expect(typeof secret).toBe("string");
      expect(all).not.toContain(secret as string);
    }
  });
});
