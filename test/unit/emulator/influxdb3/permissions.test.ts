import { describe, expect, it } from "vitest";
import {
  renderPermission,
  renderPermissions,
  validatePermissions,
} from "../../../../emulator/influxdb3/permissions";

const dbs = new Set(["sensors", "logs"]);
const exists = (name: string) => dbs.has(name);
const perm = (resource_type: string, resource_names: string[], actions: string[]) => ({
  resource_type,
  resource_names,
  actions,
});

describe("resource-token permission validation (behaviour D.7)", () => {
  it.each([
    ["* resource type", perm("*", ["*"], ["read"]), "* resource type can only be set for admin token"],
    ["unknown resource type", perm("table", ["x"], ["read"]), "resource type not supported table"],
    [
      "wildcard mixed with a name",
      perm("db", ["*", "sensors"], ["read"]),
      "mixed wildcard (*) and resource name",
    ],
    ["unknown database", perm("db", ["sensors", "nope"], ["read"]), "invalid resource name nope"],
    ["unknown system endpoint", perm("system", ["status"], ["read"]), "invalid resource name status"],
    ["db action not supported", perm("db", ["*"], ["admin"]), "action not supported, database action admin"],
    [
      "system action not supported",
      perm("system", ["*"], ["write"]),
      "action not supported, system action write",
    ],
  ])("rejects %s", (_name, input, detail) => {
    expect(validatePermissions([input], exists)).toEqual({
      ok: false,
      message: `cannot parse token permission, ${detail}`,
    });
  });

  it("accepts every db action and normalises system names (case, spaces)", () => {
    const result = validatePermissions(
      [
        perm("db", ["sensors"], ["read", "write", "create", "describe", "delete"]),
        perm("system", [" Health ", "PING"], ["read"]),
      ],
      exists,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.permissions[1]?.resource_names).toEqual(["health", "ping"]);
  });

  it("accepts `*` for databases that do not exist yet", () => {
    expect(validatePermissions([perm("db", ["*"], ["write"])], () => false).ok).toBe(true);
  });
});

describe("permission rendering (behaviour D.8)", () => {
  it("renders actions in the server's fixed order whatever the request order", () => {
    expect(
      renderPermission({
        resource_type: "db",
        resource_names: ["a", "b"],
        actions: ["write", "delete", "read", "create"],
      }),
    ).toBe("db:a,b:create,read,write,delete");
  });
  it("renders admin tokens as *:*:* and system tokens with read", () => {
    expect(renderPermissions("admin")).toBe("*:*:*");
    expect(renderPermissions([{ resource_type: "system", resource_names: ["*"], actions: ["read"] }])).toBe(
      "system:*:read",
    );
  });
});
