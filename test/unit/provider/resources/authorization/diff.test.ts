import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../provider/config";
import { diffAuthorization } from "../../../../../provider/resources/authorization/diff";
import type { PermissionInput } from "../../../../../provider/resources/authorization/types";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const ORG = "0123456789abcdef";
const perms: PermissionInput[] = [
  { action: "read", resource: { type: "buckets", id: "aaaaaaaaaaaaaaaa" } },
  { action: "write", resource: { type: "buckets", name: "telemetry" } },
  { action: "read", resource: { type: "dashboards" } },
];
// Old state: outputs as the provider stores them (server names filled in, token, timestamps).
const olds = {
  __provider: "old code",
  orgId: ORG,
  org: "my-org",
  userId: "1111111111111111",
  user: "me",
  description: "d",
  status: "active",
  permissions: perms,
  token: "secret",
  createdAt: "2026-01-01T00:00:00Z",
  connection: { url: "http://127.0.0.1:8086", token: "t1" },
};
const news = {
  org: "my-org",
  description: "d",
  permissions: perms,
  connection: { url: "http://127.0.0.1:8086/", token: "t1" },
};

afterEach(() => setStackConfig(undefined));

describe("diffAuthorization", () => {
  it.each([
    ["nothing changed (and a new __provider is no change)", { ...news, __provider: "new code" }, false, []],
    ["the org given by ID instead of its name", { ...news, org: undefined, orgId: ORG }, false, []],
    ["status written out as the default", { ...news, status: "active" }, false, []],
    ["status", { ...news, status: "inactive" }, true, []],
    ["description", { ...news, description: "new" }, true, []],
    ["description removed", { ...news, description: undefined }, true, []],
    [
      "a rotated credential",
      { ...news, connection: { url: "http://127.0.0.1:8086", token: "t2" } },
      true,
      [],
    ],
    [
      "another server",
      { ...news, connection: { url: "http://127.0.0.1:9999", token: "t1" } },
      true,
      ["connection"],
    ],
    ["connection unknown in preview", { ...news, connection: UNKNOWN }, true, ["connection"]],
    [
      "a permission added",
      { ...news, permissions: [...perms, { action: "read", resource: { type: "tasks" } }] },
      true,
      ["permissions"],
    ],
    [
      "a permission's action",
      { ...news, permissions: [{ ...perms[0]!, action: "write" }, perms[1], perms[2]] },
      true,
      ["permissions"],
    ],
    ["permissions unknown in preview", { ...news, permissions: UNKNOWN }, true, ["permissions"]],
    [
      "a nested unknown ID",
      { ...news, permissions: [{ action: "read", resource: { type: "buckets", id: UNKNOWN } }] },
      true,
      ["permissions"],
    ],
    ["another org name", { ...news, org: "other" }, true, ["org"]],
    ["another org ID", { ...news, org: undefined, orgId: "2222222222222222" }, true, ["orgId"]],
    ["an unknown org ID", { ...news, org: undefined, orgId: UNKNOWN }, true, ["orgId"]],
    ["another user", { ...news, user: "you" }, true, ["user"]],
    ["the same user by ID", { ...news, userId: "1111111111111111" }, false, []],
    [
      "several at once",
      { ...news, user: "you", description: "x", permissions: [perms[0]] },
      true,
      ["permissions", "user"],
    ],
  ])("%s", (_, newInputs, changes, replaces) => {
    expect(diffAuthorization(olds, newInputs as Record<string, unknown>)).toEqual({
      changes,
      replaces,
      deleteBeforeReplace: false,
    });
  });

  it("compares an org left to configuration with the configured org", () => {
    const { org: _org, ...withoutOrg } = news;
    setStackConfig({ get: (key) => (key === "influxdb:org" ? "my-org" : undefined) });
    expect(diffAuthorization(olds, withoutOrg).replaces).toEqual([]);
    setStackConfig({ get: (key) => (key === "influxdb:orgId" ? "3333333333333333" : undefined) });
    expect(diffAuthorization(olds, withoutOrg).replaces).toEqual(["orgId"]);
  });

  it("never reports a change for reordered, duplicated or server-annotated permissions (property)", () => {
    const permission = fc.record({
      action: fc.constantFrom("read", "write"),
      resource: fc.oneof(
        fc.record({
          type: fc.constantFrom("buckets", "orgs", "tasks"),
          id: fc.stringMatching(/^[0-9a-f]{16}$/),
        }),
        fc.record({
          type: fc.constantFrom("buckets", "users"),
          name: fc.string({ minLength: 1, maxLength: 8 }),
        }),
        fc.record({
          type: fc.constantFrom("dashboards", "buckets"),
          orgId: fc.stringMatching(/^[0-9a-f]{16}$/),
        }),
      ),
    }) as fc.Arbitrary<PermissionInput>;
    fc.assert(
      fc.property(
        fc.array(permission, { minLength: 1, maxLength: 6 }),
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 4 }),
        (list, order, duplicates) => {
          const reordered = [...list].sort((a, b) => order(a) - order(b));
          const withDuplicates = [...reordered, ...duplicates.map((i) => list[i % list.length]!)];
          // What the server adds to stored permissions (behaviour A.2): a name next to an id, an org name next to orgID.
          const annotated = withDuplicates.map((p) => ({
            action: p.action,
            resource: {
              ...p.resource,
              ...(p.resource.id === undefined ? {} : { name: "server-name" }),
              ...(p.resource.orgId === undefined ? {} : { org: "server-org" }),
            },
          }));
          const result = diffAuthorization(
            { ...olds, permissions: annotated },
            { ...news, permissions: list },
          );
          expect(result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
        },
      ),
      { numRuns: 300 },
    );
  });
});
