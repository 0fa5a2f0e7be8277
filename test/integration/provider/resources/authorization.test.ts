import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../../emulator";
import { closeHttpAgent, InfluxApiError } from "../../../../provider/http";
import { authorizationHooks } from "../../../../provider/resources/authorization/hooks";
import { InputValidationError } from "../../../../provider/shared/errors";
import { apply, configureFor, deploy, raw, refresh, requestsOf, writeWith } from "../../../support/provider";

const hooks = authorizationHooks();

const telegraf = {
  __provider: "serialized provider text",
  description: "telegraf writes telemetry",
  permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
};

afterAll(() => closeHttpAgent());

describe.each(["plain", "hashed", "redacted"] as const)(
  "Authorization against the emulator (token visibility %s)",
  (tokenVisibility) => {
    let emulator: Emulator;
    let unconfigure: () => void;

    beforeAll(async () => {
      emulator = await startEmulator({ tokenVisibility });
    });
    afterAll(() => emulator.close());
    afterEach(() => unconfigure?.());

    it("creates a token scoped to the one named bucket, keeps it through refresh, and deletes it", async () => {
      unconfigure = configureFor(emulator);
      emulator.clearRequestLog();
      const token = await deploy(hooks, telegraf);

      // Names were resolved before the POST (behaviour A.4 item 8): the stored grant has the bucket ID.
      const stored = emulator.state().authorizations.find((a) => a.id === token.id)!;
      expect(stored.permissions).toEqual([
        { action: "write", resource: { type: "buckets", id: emulator.seed.buckets.telemetry } },
      ]);
      expect(token.outs.grantedPermissions).toEqual([
        {
          action: "write",
          resource: { type: "buckets", id: emulator.seed.buckets.telemetry, name: "telemetry" },
        },
      ]);
      expect(token.outs).toMatchObject({
        orgId: emulator.seed.org.id,
        org: emulator.seed.org.name,
        userId: emulator.seed.user.id,
        user: emulator.seed.user.name,
        status: "active",
        description: "telegraf writes telemetry",
      });
      const value = token.outs.token as string;
      expect(value).toHaveLength(88);
      expect(await writeWith(emulator, value, "telemetry")).toBe(204);
      expect(await writeWith(emulator, value, "logs")).toBe(403);

      const refreshed = await refresh(hooks, token);
      expect(refreshed?.outs.token).toBe(value);
      expect(refreshed?.outs.status).toBe("active");

      const again = await apply(hooks, refreshed!, {
        ...telegraf,
        permissions: [...telegraf.permissions, ...telegraf.permissions].reverse(),
      });
      expect(again.action).toBe("same");

      await hooks.delete(token.id, token.outs);
      expect(
        (await raw(emulator, "GET", `/api/v2/authorizations/${token.id}`, `Token ${emulator.token}`)).status,
      ).toBe(404);
      await expect(hooks.delete(token.id, token.outs)).resolves.toBeUndefined();
      const posts = requestsOf(emulator, "POST").filter((r) => r.path.startsWith("/api/v2/authorizations"));
      expect(posts).toEqual([{ method: "POST", path: "/api/v2/authorizations" }]);
    });

    it("updates status and description with one PATCH, and the token stops working while inactive", async () => {
      unconfigure = configureFor(emulator);
      const token = await deploy(hooks, telegraf);
      emulator.clearRequestLog();
      const result = await apply(hooks, token, { ...telegraf, status: "inactive", description: "paused" });
      expect(result.action).toBe("update");
      expect(requestsOf(emulator).filter((r) => r.method !== "GET")).toEqual([
        { method: "PATCH", path: `/api/v2/authorizations/${token.id}` },
      ]);
      expect(result.resource.outs).toMatchObject({
        status: "inactive",
        description: "paused",
        token: token.outs.token,
      });
      expect(await writeWith(emulator, token.outs.token as string, "telemetry")).toBe(403);
      await hooks.delete(token.id, result.resource.outs);
    });

    it("replaces the token when permissions change: new token first, then the old one is deleted", async () => {
      unconfigure = configureFor(emulator);
      const token = await deploy(hooks, telegraf);
      const result = await apply(hooks, token, {
        ...telegraf,
        permissions: [{ action: "write", resource: { type: "buckets", name: "logs" } }],
      });
      expect(result.action).toBe("replace");
      expect(result.diff.replaces).toEqual(["permissions"]);
      expect(result.resource.id).not.toBe(token.id);
      expect(await writeWith(emulator, result.resource.outs.token as string, "logs")).toBe(204);
      expect(await writeWith(emulator, token.outs.token as string, "telemetry")).toBe(401);
      await hooks.delete(result.resource.id, result.resource.outs);
    });

    it("notices an out-of-band status change and a deletion on refresh", async () => {
      unconfigure = configureFor(emulator);
      const token = await deploy(hooks, telegraf);
      const admin = `Token ${emulator.token}`;
      expect(
        (await raw(emulator, "PATCH", `/api/v2/authorizations/${token.id}`, admin, { status: "inactive" }))
          .status,
      ).toBe(200);
      const drifted = (await refresh(hooks, token))!;
      expect(drifted.outs.status).toBe("inactive");
      const fixed = await apply(hooks, drifted, telegraf);
      expect(fixed.action).toBe("update");
      expect(fixed.resource.outs.status).toBe("active");

      expect((await raw(emulator, "DELETE", `/api/v2/authorizations/${token.id}`, admin)).status).toBe(204);
      expect(await refresh(hooks, fixed.resource)).toBeUndefined();
    });
  },
);

describe("Authorization: names, config and errors", () => {
  let emulator: Emulator;
  let other: Emulator;
  let unconfigure: () => void;

  beforeAll(async () => {
    [emulator, other] = await Promise.all([startEmulator(), startEmulator()]);
  });
  afterAll(async () => {
    await Promise.all([emulator.close(), other.close()]);
  });
  afterEach(() => unconfigure?.());

  it("resolves org, user and resource names, and scopes a type-wide grant to the org", async () => {
    unconfigure = configureFor(emulator, { org: false });
    const token = await deploy(hooks, {
      org: emulator.seed.org.name,
      user: emulator.seed.user.name,
      permissions: [
        { action: "read", resource: { type: "buckets", name: "logs", org: emulator.seed.org.name } },
        { action: "read", resource: { type: "orgs", name: emulator.seed.org.name } },
        { action: "read", resource: { type: "dashboards" } },
      ],
    });
    const stored = emulator.state().authorizations.find((a) => a.id === token.id)!;
    expect(stored.userID).toBe(emulator.seed.user.id);
    expect(stored.permissions).toEqual(
      expect.arrayContaining([
        {
          action: "read",
          resource: { type: "buckets", id: emulator.seed.buckets.logs, orgID: emulator.seed.org.id },
        },
        { action: "read", resource: { type: "orgs", id: emulator.seed.org.id } },
        { action: "read", resource: { type: "dashboards", orgID: emulator.seed.org.id } },
      ]),
    );
    await hooks.delete(token.id, token.outs);
  });

  it("uses a per-resource connection instead of the stack's", async () => {
    unconfigure = configureFor(emulator);
    const token = await deploy(hooks, {
      ...telegraf,
      orgId: other.seed.org.id,
      connection: { url: other.url, token: other.token },
    });
    expect(other.state().authorizations.some((a) => a.id === token.id)).toBe(true);
    expect(emulator.state().authorizations.some((a) => a.id === token.id)).toBe(false);
    expect((await refresh(hooks, token))?.id).toBe(token.id);
    await hooks.delete(token.id, token.outs);
    expect(other.state().authorizations.some((a) => a.id === token.id)).toBe(false);
  });

  it("reports a name that does not resolve as an input failure, before any POST", async () => {
    unconfigure = configureFor(emulator);
    emulator.clearRequestLog();
    const error = await hooks
      .create({
        ...telegraf,
        permissions: [{ action: "write", resource: { type: "buckets", name: "nope" } }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toContain("permissions[0].resource.name");
    expect(requestsOf(emulator, "POST")).toEqual([]);
  });

  it("surfaces API errors as InfluxApiError without the credential", async () => {
    unconfigure = configureFor({ ...emulator, token: "wrong-credential-value" });
    const error = (await hooks
      .create({ ...telegraf, orgId: emulator.seed.org.id })
      .catch((e: unknown) => e)) as InfluxApiError;
    expect(error).toBeInstanceOf(InfluxApiError);
    expect(error.status).toBe(401);
    expect(error.code).toBe("unauthorized");
    expect(error.message).not.toContain("wrong-credential-value");
  });

  it("names the missing setting when nothing is configured", async () => {
    unconfigure = () => {};
    const saved = { host: process.env.INFLUX_HOST, token: process.env.INFLUX_TOKEN };
    delete process.env.INFLUX_HOST;
    delete process.env.INFLUX_TOKEN;
    try {
      await expect(hooks.create({ ...telegraf, orgId: emulator.seed.org.id })).rejects.toThrow(
        /influxdb:url.*INFLUX_HOST/s,
      );
    } finally {
      if (saved.host !== undefined) process.env.INFLUX_HOST = saved.host;
      if (saved.token !== undefined) process.env.INFLUX_TOKEN = saved.token;
    }
  });

  it("reads the environment when there is no stack config", async () => {
    unconfigure = () => {
      delete process.env.INFLUX_HOST;
      delete process.env.INFLUX_TOKEN;
      delete process.env.INFLUX_ORG;
    };
    process.env.INFLUX_HOST = emulator.url;
    process.env.INFLUX_TOKEN = emulator.token;
    process.env.INFLUX_ORG = emulator.seed.org.name;
    const token = await deploy(hooks, telegraf);
    expect(token.outs.orgId).toBe(emulator.seed.org.id);
    await hooks.delete(token.id, token.outs);
  });

  it("rides out 503 answers with Retry-After through the retry wrapper", async () => {
    const flaky = await startEmulator({ seed: 7, faults: { rate503: 0.3, retryAfterSeconds: 0 } });
    try {
      unconfigure = configureFor(flaky);
      const token = await deploy(hooks, telegraf);
      const updated = await apply(hooks, token, { ...telegraf, description: "changed" });
      expect(updated.action).toBe("update");
      expect((await refresh(hooks, updated.resource))?.outs.description).toBe("changed");
      await hooks.delete(token.id, updated.resource.outs);
      expect(flaky.requestLog().some((entry) => entry.status === 503)).toBe(true);
      expect(flaky.state().authorizations.some((a) => a.id === token.id)).toBe(false);
    } finally {
      await flaky.close();
    }
  });
});
