import { describe, expect, it } from "vitest";
import { importedState } from "../../../../../provider/plugin/import";
import { USER_KEYS } from "../../../../../sdk/generated/user-args";

describe("pulumi import of a User (provider/plugin/import.ts, nothing User-specific)", () => {
  it("the inputs are the server's name and memberships; the default status and no password are left out", () => {
    const read = {
      userId: "0123456789abcdef",
      name: "telegraf-svc",
      status: "active",
      orgMemberships: ["aaaaaaaaaaaaaaaa"],
      orgIds: ["aaaaaaaaaaaaaaaa"],
    };
    expect(importedState("User", read, USER_KEYS.inputs)).toEqual({
      props: read,
      inputs: { name: "telegraf-svc", orgMemberships: ["aaaaaaaaaaaaaaaa"] },
    });
  });

  it("an inactive user imports its status", () => {
    const read = {
      userId: "0123456789abcdef",
      name: "u",
      status: "inactive",
      orgMemberships: [],
      orgIds: [],
    };
    expect(importedState("User", read, USER_KEYS.inputs).inputs).toEqual({
      name: "u",
      status: "inactive",
      orgMemberships: [],
    });
  });
});
