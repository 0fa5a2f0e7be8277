import { describe, expect, it } from "vitest";
import {
  allowed,
  matches,
  OPERATOR_PERMISSIONS,
  permissionString,
  RESOURCE_TYPES,
  type V2Permission,
} from "../../../emulator/v2/permissions";

const O = "0000000000000001";
const O2 = "0000000000000002";
const B = "00000000000000b1";
const p = (action: string, type: string, r: { id?: string; orgID?: string } = {}): V2Permission => ({
  action,
  resource: { type, ...r },
});

describe("behaviour A.10 permission matching (matchesV1)", () => {
  it.each<[string, V2Permission, V2Permission, boolean]>([
    [
      "same action and type, type-wide",
      p("read", "buckets"),
      p("read", "buckets", { id: B, orgID: O }),
      true,
    ],
    ["write does not imply read", p("write", "buckets"), p("read", "buckets"), false],
    ["read does not imply write", p("read", "buckets"), p("write", "buckets"), false],
    ["instance grants any type", p("write", "instance"), p("write", "users", { id: B }), true],
    ["instance still needs the action", p("read", "instance"), p("write", "users"), false],
    ["other type", p("read", "dashboards"), p("read", "buckets"), false],
    [
      "org-wide grants that org",
      p("read", "buckets", { orgID: O }),
      p("read", "buckets", { orgID: O, id: B }),
      true,
    ],
    [
      "org-wide does not grant another org",
      p("read", "buckets", { orgID: O }),
      p("read", "buckets", { orgID: O2 }),
      false,
    ],
    [
      "org-wide does not grant an id-only request",
      p("read", "buckets", { orgID: O }),
      p("read", "buckets", { id: B }),
      false,
    ],
    ["org-wide does not grant type-wide", p("read", "buckets", { orgID: O }), p("read", "buckets"), false],
    [
      "id grants that id in any org",
      p("read", "buckets", { id: B }),
      p("read", "buckets", { id: B, orgID: O2 }),
      true,
    ],
    [
      "id + org grants the id even in another org",
      p("read", "buckets", { id: B, orgID: O }),
      p("read", "buckets", { id: B, orgID: O2 }),
      true,
    ],
    [
      "id does not grant org-wide",
      p("read", "buckets", { id: B }),
      p("read", "buckets", { orgID: O }),
      false,
    ],
  ])("%s", (_name, held, requested, expected) => {
    expect(matches(held, requested)).toBe(expected);
  });

  it("the operator set: every type but instance, both actions, no org or id", () => {
    expect(RESOURCE_TYPES).toHaveLength(23);
    expect(OPERATOR_PERMISSIONS).toHaveLength(44);
    expect(OPERATOR_PERMISSIONS.some((x) => x.resource.type === "instance")).toBe(false);
    expect(allowed(OPERATOR_PERMISSIONS, p("write", "authorizations", { orgID: O }))).toBe(true);
    expect(allowed(OPERATOR_PERMISSIONS, p("write", "instance"))).toBe(false);
  });

  it.each([
    [p("read", "buckets", { orgID: O, id: B }), `read:orgs/${O}/buckets/${B}`],
    [p("write", "buckets", { orgID: O }), `write:orgs/${O}/buckets`],
    [p("read", "users", { id: B }), `read:users/${B}`],
    [p("write", "instance"), "write:instance"],
  ])("Permission.String %#", (perm, s) => {
    expect(permissionString(perm)).toBe(s);
  });
});
