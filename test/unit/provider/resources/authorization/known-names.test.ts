/**
 * The hint after a name that was not found: with nothing readable, one `GET /api/v2/me` tells an
 * inactive credential from a missing permission or a wrong name.
 */
import { describe, expect, it } from "vitest";
import { InfluxApiError, type RequestFn, type RequestOptions } from "../../../../../provider/http";
import { existingNamesHint } from "../../../../../provider/resources/authorization/known-names";

const connection = { url: "http://127.0.0.1:1", token: "t" };

/** A server with no readable org, whose /api/v2/me answers `me` (a status and message, or 200). */
function server(me: { status: number; code?: string; message?: string }) {
  const paths: string[] = [];
  const send: RequestFn = async (options: RequestOptions) => {
    paths.push(options.path);
    if (options.path === "/api/v2/orgs") return { status: 200, headers: {}, body: { orgs: [] } };
    if (me.status === 200) return { status: 200, headers: {}, body: { id: "0123456789abcdef", name: "me" } };
    throw new InfluxApiError({
      method: options.method,
      path: options.path,
      status: me.status,
      code: me.code,
      apiMessage: me.message ?? "",
    });
  };
  return { send, paths };
}

describe("existingNamesHint with nothing readable", () => {
  it("an inactive credential is named as the cause, with the fix", async () => {
    const { send, paths } = server({ status: 401, code: "unauthorized", message: "token is inactive" });
    const hint = await existingNamesHint(connection, "org", "my-org", undefined, send);
    expect(hint).toBe(
      "The credential can read no organizations: the credential (or its user) is inactive, and an " +
        'inactive token reads nothing: set its status to "active", or use an active credential.',
    );
    expect(paths).toEqual(["/api/v2/orgs", "/api/v2/me"]);
  });

  it("an inactive user (403 User is inactive) too", async () => {
    const { send } = server({ status: 403, code: "forbidden", message: "User is inactive" });
    expect(await existingNamesHint(connection, "org", "my-org", undefined, send)).toMatch(/is inactive/);
  });

  it.each([
    [{ status: 200 }],
    [{ status: 401, code: "unauthorized", message: "read:users/0123456789abcdef is unauthorized" }],
  ])("an active credential: it lacks read:orgs, or the name is wrong (%j)", async (me) => {
    const { send } = server(me);
    expect(await existingNamesHint(connection, "org", "my-org", undefined, send)).toBe(
      "The credential can read no organizations: the credential is active but lacks read:orgs " +
        "(or read on that one), or the name is wrong.",
    );
  });

  it("when /api/v2/me says nothing clear, every cause is named", async () => {
    const { send } = server({ status: 500, message: "internal error" });
    expect(await existingNamesHint(connection, "org", "my-org", undefined, send)).toBe(
      "The credential can read no organizations: the credential may be inactive, or lack read:orgs, " +
        "or the name is wrong.",
    );
  });

  it("names that do exist are listed without asking /api/v2/me", async () => {
    const paths: string[] = [];
    const send: RequestFn = async (options) => {
      paths.push(options.path);
      return { status: 200, headers: {}, body: { orgs: [{ name: "my-orgs" }] } };
    };
    expect(await existingNamesHint(connection, "org", "my-org", undefined, send)).toBe(
      'Did you mean "my-orgs"? Organizations the credential can read: "my-orgs".',
    );
    expect(paths).toEqual(["/api/v2/orgs"]);
  });
});
