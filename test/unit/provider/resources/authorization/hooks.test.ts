import { describe, expect, it } from "vitest";
import {
  LookupError,
  type V2Authorization,
  type V2AuthorizationPost,
  type V2Client,
} from "../../../../../provider/clients/v2";
import { authorizationHooks } from "../../../../../provider/resources/authorization/hooks";
import { InputValidationError } from "../../../../../provider/shared/errors";
import { useCompleteSettings } from "../../../../support/complete-settings";

useCompleteSettings();

const ORG = "0123456789abcdef";
const USER = "1111111111111111";
const TELEMETRY = "aaaaaaaaaaaaaaaa";

/** An in-memory V2Client recording every call; the integration tests use the emulator over HTTP. */
function fakeClient(options: { tokenOnGet?: string } = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const store = new Map<string, V2Authorization>();
  let next = 1;
  const client: V2Client = {
    async createAuthorization(body: V2AuthorizationPost) {
      calls.push(["create", body]);
      const id = String(next++).padStart(16, "0");
      const auth: V2Authorization = {
        id,
        token: "plain-token-value",
        status: body.status ?? "active",
        description: body.description ?? "",
        orgID: body.orgID,
        org: "my-org",
        userID: body.userID ?? USER,
        user: "me",
        permissions: body.permissions.map((p) => ({ ...p, resource: { ...p.resource } })),
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00Z",
      };
      store.set(id, auth);
      return auth;
    },
    async getAuthorization(id) {
      calls.push(["get", id]);
      const found = store.get(id);
      return found === undefined ? undefined : { ...found, token: options.tokenOnGet ?? "" };
    },
    async updateAuthorization(id, patch) {
      calls.push(["update", id, patch]);
      const found = store.get(id)!;
      Object.assign(found, patch, { updatedAt: "2026-02-02T00:00:00Z" });
      return { ...found, token: "" };
    },
    async deleteAuthorization(id) {
      calls.push(["delete", id]);
      return store.delete(id);
    },
    async orgIdByName(name) {
      calls.push(["org", name]);
      if (name !== "my-org") throw new LookupError(`organization "${name}" not found`);
      return ORG;
    },
    async userIdByName(name) {
      calls.push(["user", name]);
      return USER;
    },
    async bucketIdByName(name, orgId) {
      calls.push(["bucket", name, orgId]);
      if (name !== "telemetry") throw new LookupError(`bucket "${name}" not found`);
      return TELEMETRY;
    },
  };
  return { client, calls, store };
}

const inputs = {
  __provider: "serialized",
  org: "my-org",
  description: "telegraf",
  permissions: [
    { action: "write", resource: { type: "buckets", name: "telemetry" } },
    { action: "read", resource: { type: "dashboards" } },
  ],
};

describe("authorization hooks (fake client)", () => {
  it("check ignores __provider and returns failures as data", async () => {
    const hooks = authorizationHooks(() => fakeClient().client);
    expect(await hooks.check({}, inputs)).toEqual({ inputs });
    const bad = await hooks.check(
      {},
      { ...inputs, permissions: [{ action: "read", resource: { type: "bucket" } }] },
    );
    expect(bad.failures).toEqual([
      {
        property: "permissions[0].resource.type",
        reason: expect.stringContaining('did you mean "buckets"?'),
      },
    ]);
  });

  it("create resolves names to IDs before the POST and scopes type-wide grants to the org", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    const result = await hooks.create(inputs);
    const post = fake.calls.find(([name]) => name === "create")![1] as V2AuthorizationPost;
    expect(post).toEqual({
      orgID: ORG,
      description: "telegraf",
      status: "active",
      permissions: [
        { action: "read", resource: { type: "dashboards", orgID: ORG } },
        { action: "write", resource: { type: "buckets", id: TELEMETRY } },
      ],
    });
    expect(JSON.stringify(post)).not.toContain("telemetry");
    expect(result.id).toBe("0000000000000001");
    expect(result.outs!).toMatchObject({
      orgId: ORG,
      org: "my-org",
      userId: USER,
      token: "plain-token-value",
    });
    expect(result.outs!.permissions).toEqual([
      { action: "read", resource: { type: "dashboards" } },
      { action: "write", resource: { type: "buckets", name: "telemetry" } },
    ]);
    expect(Object.values(result.outs!)).not.toContain(undefined);
  });

  it("create turns an unknown name into an input failure naming the property", async () => {
    const hooks = authorizationHooks(() => fakeClient().client);
    const error = await hooks
      .create({ ...inputs, permissions: [{ action: "read", resource: { type: "buckets", name: "nope" } }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).failures[0]?.property).toBe("permissions[0].resource.name");
  });

  it("create refuses invalid inputs before any request", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    await expect(hooks.create({ ...inputs, status: "on" })).rejects.toThrow(/status: "on" is not a status/);
    expect(fake.calls).toEqual([]);
  });

  it.each(["", "redacted", "plain-token-from-get"])(
    "read keeps the created token when GET answers %j",
    async (tokenOnGet) => {
      const fake = fakeClient({ tokenOnGet });
      const hooks = authorizationHooks(() => fake.client);
      const { id, outs } = await hooks.create(inputs);
      const read = await hooks.read(id, outs as unknown as Record<string, unknown>);
      expect(read.id).toBe(id);
      expect((read.props as { token: string }).token).toBe("plain-token-value");
    },
  );

  it("read reports an out-of-band status change and a deletion", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    const { id, outs } = await hooks.create(inputs);
    fake.store.get(id)!.status = "inactive";
    expect((await hooks.read(id, outs as unknown as Record<string, unknown>)).props).toMatchObject({
      status: "inactive",
    });
    fake.store.delete(id);
    expect(await hooks.read(id, outs as unknown as Record<string, unknown>)).toEqual({});
  });

  it("update sends one PATCH with both changed fields and keeps the token", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    const { id, outs } = await hooks.create(inputs);
    const olds = outs as unknown as Record<string, unknown>;
    const updated = await hooks.update(id, olds, { ...inputs, status: "inactive", description: "new" });
    expect(fake.calls.filter(([name]) => name === "update")).toEqual([
      ["update", id, { status: "inactive", description: "new" }],
    ]);
    expect(updated.outs).toMatchObject({
      status: "inactive",
      description: "new",
      token: "plain-token-value",
    });
  });

  it("update without a remote change stores the rotated credential without a request", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    const { id, outs } = await hooks.create({
      ...inputs,
      connection: { url: "http://127.0.0.1:1", token: "old" },
    });
    const before = fake.calls.length;
    const updated = await hooks.update(id, outs as unknown as Record<string, unknown>, {
      ...inputs,
      connection: { url: "http://127.0.0.1:1", token: "new" },
    });
    expect(fake.calls.length).toBe(before);
    expect(updated.outs?.connection).toEqual({ url: "http://127.0.0.1:1", token: "new" });
  });

  it("delete counts an already deleted authorization as done", async () => {
    const fake = fakeClient();
    const hooks = authorizationHooks(() => fake.client);
    await expect(hooks.delete("00000000000000ff", {})).resolves.toBeUndefined();
  });
});
