import { describe, expect, it } from "vitest";
import {
  canonicalPermission,
  canonicalPermissions,
  permissionKey,
  samePermissionSet,
} from "../../../../../provider/resources/authorization/normalize";
import type { PermissionInput } from "../../../../../provider/resources/authorization/types";

const read = (resource: Record<string, string>) =>
  ({ action: "read", resource }) as unknown as PermissionInput;

describe("canonicalPermission", () => {
  it.each([
    [
      "drops the name the server adds next to an id",
      read({ type: "buckets", id: "a", name: "telemetry" }),
      read({ type: "buckets", id: "a" }),
    ],
    [
      "drops the org name next to an orgId",
      read({ type: "buckets", orgId: "o", org: "my-org" }),
      read({ type: "buckets", orgId: "o" }),
    ],
    [
      "keeps a name given alone",
      read({ type: "buckets", name: "telemetry" }),
      read({ type: "buckets", name: "telemetry" }),
    ],
    [
      "drops unknown extra fields",
      { action: "read", resource: { type: "buckets", extra: 1 } } as unknown as PermissionInput,
      read({ type: "buckets" }),
    ],
  ])("%s", (_, input, expected) => {
    expect(canonicalPermission(input)).toEqual(expected);
  });
});

describe("canonicalPermissions", () => {
  it("sorts and removes duplicates", () => {
    const list = [
      { action: "write", resource: { type: "buckets", id: "b" } },
      read({ type: "buckets", id: "a" }),
      { action: "write", resource: { type: "buckets", id: "b", name: "x" } },
    ] as PermissionInput[];
    expect(canonicalPermissions(list)).toEqual([
      read({ type: "buckets", id: "a" }),
      { action: "write", resource: { type: "buckets", id: "b" } },
    ]);
  });

  it("keeps read and write apart (write does not imply read, behaviour A.9)", () => {
    const list = [
      read({ type: "buckets" }),
      { action: "write", resource: { type: "buckets" } },
    ] as PermissionInput[];
    expect(canonicalPermissions(list)).toHaveLength(2);
    expect(permissionKey(list[0]!)).not.toBe(permissionKey(list[1]!));
  });

  it("compares a name and an id as different grants", () => {
    expect(
      samePermissionSet([read({ type: "buckets", name: "t" })], [read({ type: "buckets", id: "t" })]),
    ).toBe(false);
  });
});
