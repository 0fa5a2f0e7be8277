import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffDatabaseToken } from "../../../../../provider/resources/database-token/diff";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const perms = [
  { action: "read", resource: "sensors" },
  { action: "write", resource: "*" },
];
const olds = {
  __provider: "x",
  description: "grafana",
  permissions: perms,
  expiresAt: "2027-06-30T00:00:00.000Z",
  accessToken: "secret",
  createdAt: "2026-01-01T00:00:00.000Z",
  connection: { url: "http://127.0.0.1:1", token: "m1", accountId: "a", clusterId: "c" },
};
const news = {
  description: "grafana",
  permissions: perms,
  expiresAt: "2027-06-30T00:00:00Z",
  connection: { url: "http://127.0.0.1:1", token: "m1", accountId: "a", clusterId: "c" },
};

describe("diffDatabaseToken", () => {
  it.each([
    ["nothing (same instant in another format, new __provider)", { ...news, __provider: "y" }, false, []],
    ["description", { ...news, description: "new" }, true, []],
    ["a rotated management token", { ...news, connection: { ...news.connection, token: "m2" } }, true, []],
    [
      "another cluster",
      { ...news, connection: { ...news.connection, clusterId: "d" } },
      true,
      ["connection"],
    ],
    ["permissions", { ...news, permissions: [perms[0]] }, true, ["permissions"]],
    ["unknown permissions", { ...news, permissions: [UNKNOWN] }, true, ["permissions"]],
    ["expiry", { ...news, expiresAt: "2028-01-01T00:00:00Z" }, true, ["expiresAt"]],
    ["expiry removed", { ...news, expiresAt: undefined }, true, ["expiresAt"]],
    ["unknown expiry", { ...news, expiresAt: UNKNOWN }, true, ["expiresAt"]],
  ])("%s", (_, newInputs, changes, replaces) => {
    expect(diffDatabaseToken(olds, newInputs as Record<string, unknown>)).toEqual({
      changes,
      replaces,
      deleteBeforeReplace: false,
    });
  });

  it("treats missing and empty permissions alike", () => {
    expect(diffDatabaseToken({ ...olds, permissions: [] }, { ...news, permissions: undefined }).changes).toBe(
      false,
    );
  });

  it("never reports reordered or duplicated permissions (property)", () => {
    const permission = fc.record({
      action: fc.constantFrom("read", "write"),
      resource: fc.constantFrom("a", "b", "*", "sensors"),
    });
    fc.assert(
      fc.property(
        fc.array(permission, { maxLength: 6 }),
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 3 }),
        (list, order, dups) => {
          const shuffled = [...list].sort((x, y) => order(x) - order(y));
          const doubled =
            list.length === 0 ? shuffled : [...shuffled, ...dups.map((i) => list[i % list.length]!)];
          expect(
            diffDatabaseToken({ ...olds, permissions: list }, { ...news, permissions: doubled }).changes,
          ).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
