/**
 * The presets against the emulator's permission model (emulator/v2/permissions.ts, which follows
 * influxd's authz.go `matchesV1`, behaviour A.10): a token holding a preset may do exactly what
 * the preset says.
 */
import { describe, expect, it } from "vitest";
import {
  allowed,
  OPERATOR_PERMISSIONS,
  RESOURCE_TYPES as SERVER_TYPES,
  type V2Permission,
} from "../../../../emulator/v2/permissions";
import {
  allAccessPermissions,
  influxCliAllAccessPermissions,
  operatorPermissions,
  type PresetPermission,
} from "../../../../provider/presets";
import { RESOURCE_TYPES } from "../../../../provider/resources/authorization/resource-types";

const ORG = "0a00000000000001";
const OTHER_ORG = "0a00000000000002";
const USER = "0b00000000000001";
const OTHER_USER = "0b00000000000002";
const BUCKET = "0c00000000000001";

/** What the server sends once the provider has resolved a preset (orgId -> orgID). */
function held(preset: PresetPermission<string>[]): V2Permission[] {
  return preset.map((p) => ({
    action: p.action,
    resource: {
      type: p.resource.type,
      ...(p.resource.id === undefined ? {} : { id: p.resource.id }),
      ...(p.resource.orgId === undefined ? {} : { orgID: p.resource.orgId }),
    },
  }));
}

const req = (action: string, type: string, resource: { id?: string; orgID?: string } = {}): V2Permission => ({
  action,
  resource: { type, ...resource },
});

const keys = (list: PresetPermission<string>[]) =>
  list.map((p) => `${p.action}:${p.resource.type}:${p.resource.id ?? ""}:${p.resource.orgId ?? ""}`).sort();

describe("operatorPermissions", () => {
  it("is the server's own operator set: every type but instance, both actions, no org or id", () => {
    const preset = operatorPermissions();
    expect(preset).toHaveLength(2 * (RESOURCE_TYPES.length - 1));
    expect(keys(preset)).toEqual(keys(OPERATOR_PERMISSIONS as PresetPermission<string>[]));
    expect(preset.some((p) => p.resource.type === "instance")).toBe(false);
  });

  it("grants every type in every org, and nothing of type instance", () => {
    const perms = held(operatorPermissions());
    for (const type of SERVER_TYPES.filter((t) => t !== "instance")) {
      for (const action of ["read", "write"]) {
        expect(allowed(perms, req(action, type, { orgID: OTHER_ORG, id: BUCKET }))).toBe(true);
        expect(allowed(perms, req(action, type))).toBe(true);
      }
    }
    expect(allowed(perms, req("read", "instance"))).toBe(false);
  });
});

describe("allAccessPermissions", () => {
  it("is the owner set of behaviour A.10: every type but instance scoped to the org, orgs by ID, both actions", () => {
    const preset = allAccessPermissions(ORG);
    expect(preset).toHaveLength(2 * (RESOURCE_TYPES.length - 1));
    for (const p of preset) {
      if (p.resource.type === "orgs") expect(p.resource).toEqual({ type: "orgs", id: ORG });
      else expect(p.resource).toEqual({ type: p.resource.type, orgId: ORG });
    }
    expect(preset.some((p) => p.resource.type === "instance")).toBe(false);
  });

  it("grants everything inside its org and nothing in another org", () => {
    const perms = held(allAccessPermissions(ORG));
    for (const type of SERVER_TYPES.filter((t) => t !== "instance" && t !== "orgs")) {
      for (const action of ["read", "write"]) {
        expect(allowed(perms, req(action, type, { orgID: ORG, id: BUCKET }))).toBe(true);
        expect(allowed(perms, req(action, type, { orgID: OTHER_ORG, id: BUCKET }))).toBe(false);
        // A type-wide request (all orgs) is not granted by an org-scoped permission.
        expect(allowed(perms, req(action, type))).toBe(false);
      }
    }
    expect(allowed(perms, req("write", "orgs", { id: ORG }))).toBe(true);
    expect(allowed(perms, req("read", "orgs", { id: OTHER_ORG }))).toBe(false);
  });

  it("does not cover a user (so no token management) unless userId is given", () => {
    const bare = held(allAccessPermissions(ORG));
    expect(allowed(bare, req("write", "users", { id: USER }))).toBe(false);
    const withUser = held(allAccessPermissions(ORG, { userId: USER }));
    expect(withUser).toHaveLength(bare.length + 2);
    expect(allowed(withUser, req("write", "users", { id: USER }))).toBe(true);
    expect(allowed(withUser, req("read", "users", { id: USER }))).toBe(true);
    expect(allowed(withUser, req("read", "users", { id: OTHER_USER }))).toBe(false);
  });
});

describe("influxCliAllAccessPermissions", () => {
  it("matches influx-cli --all-access: org read-only, the one user read/write, the rest org-scoped", () => {
    const preset = influxCliAllAccessPermissions(ORG, USER);
    expect(preset.filter((p) => p.resource.type === "orgs")).toEqual([
      { action: "read", resource: { type: "orgs", id: ORG } },
    ]);
    expect(preset.filter((p) => p.resource.type === "users")).toEqual([
      { action: "read", resource: { type: "users", id: USER } },
      { action: "write", resource: { type: "users", id: USER } },
    ]);
    // 23 types - instance - orgs - users = 20 org-scoped types x 2, + orgs read + users x 2.
    expect(preset).toHaveLength(20 * 2 + 1 + 2);
    const perms = held(preset);
    expect(allowed(perms, req("write", "orgs", { id: ORG }))).toBe(false);
    expect(allowed(perms, req("write", "buckets", { orgID: ORG, id: BUCKET }))).toBe(true);
    expect(allowed(perms, req("write", "buckets", { orgID: OTHER_ORG, id: BUCKET }))).toBe(false);
  });
});
