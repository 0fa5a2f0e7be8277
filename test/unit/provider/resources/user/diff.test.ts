import { describe, expect, it } from "vitest";
import { diffUser } from "../../../../../provider/resources/user/diff";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const connection = { url: "http://127.0.0.1:8086", token: "t1" };
const olds = {
  userId: "1111111111111111",
  name: "alice",
  status: "active",
  password: "p4ssw0rd",
  orgMemberships: ["my-org", "0123456789abcdef"],
  orgIds: ["aaaaaaaaaaaaaaaa", "0123456789abcdef"],
  connection,
};
const news = {
  name: "alice",
  password: "p4ssw0rd",
  orgMemberships: ["0123456789abcdef", "my-org"],
  connection,
};

describe("diffUser: the table in provider/resources/user/diff.ts", () => {
  it.each([
    ["nothing (memberships reordered, default status)", {}, false, []],
    ["a rename", { name: "alice2" }, true, []],
    ["a status change", { status: "inactive" }, true, []],
    ["a new password", { password: "another-one" }, true, []],
    ["a removed password", { password: undefined }, true, []],
    ["an added org", { orgMemberships: ["my-org", "0123456789abcdef", "other"] }, true, []],
    ["a dropped org", { orgMemberships: ["my-org"] }, true, []],
    ["a duplicate org", { orgMemberships: ["my-org", "my-org", "0123456789abcdef"] }, false, []],
    ["deleteWithTokens", { deleteWithTokens: true }, true, []],
    ["a rotated credential", { connection: { ...connection, token: "t2" } }, true, []],
    [
      "the URL with a trailing slash",
      { connection: { ...connection, url: "http://127.0.0.1:8086/" } },
      false,
      [],
    ],
    ["another server", { connection: { ...connection, url: "http://other:8086" } }, true, ["connection"]],
    ["an unknown name", { name: UNKNOWN }, true, []],
    ["unknown memberships", { orgMemberships: [UNKNOWN] }, true, []],
    ["an unknown URL", { connection: { ...connection, url: UNKNOWN } }, true, ["connection"]],
  ])("%s", (_what, change, changes, replaces) => {
    const result = diffUser(olds, { ...news, ...change });
    expect(result).toEqual({ changes, replaces, deleteBeforeReplace: false });
  });
});
