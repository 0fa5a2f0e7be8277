import { describe, expect, it } from "vitest";
import { withAutoName } from "../../../../../provider/resources/influxdb3/autoname";
import { diffNamedToken } from "../../../../../provider/resources/influxdb3/named-token-diff";
import { diffOperatorToken } from "../../../../../provider/resources/influxdb3/operator-token-diff";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const base = {
  name: "ci",
  tokenName: "ci",
  tokenId: 3,
  token: "apiv3_x",
  hashPrefix: "abcdef012",
  createdAt: "2026-01-01T00:00:00Z",
  status: "active",
  connection: { url: "http://127.0.0.1:8181", token: "apiv3_admin" },
};

describe("diffNamedToken (behaviour D.12: no update endpoint)", () => {
  it.each([
    [
      "nothing changed",
      { name: "ci", connection: base.connection },
      { changes: false, replaces: [], deleteBeforeReplace: false },
    ],
    [
      "expiry added, same name: delete first",
      { name: "ci", expiresIn: "1d", connection: base.connection },
      { changes: true, replaces: ["expiresIn"], deleteBeforeReplace: true },
    ],
    [
      "renamed: create first",
      { name: "ci2", connection: base.connection },
      { changes: true, replaces: ["name"], deleteBeforeReplace: false },
    ],
    [
      "another server",
      { name: "ci", connection: { url: "http://127.0.0.1:9999", token: "t" } },
      { changes: true, replaces: ["connection"], deleteBeforeReplace: true },
    ],
    [
      "only the credential",
      { name: "ci", connection: { url: "http://127.0.0.1:8181/", token: "apiv3_other" } },
      { changes: true, replaces: [], deleteBeforeReplace: false },
    ],
    [
      "unknown expiry in preview",
      { name: "ci", expiresIn: UNKNOWN, connection: base.connection },
      { changes: true, replaces: ["expiresIn"], deleteBeforeReplace: true },
    ],
  ])("%s", (_name, news, expected) => {
    expect(diffNamedToken(base, news, Date.parse("2026-06-01T00:00:00Z"))).toEqual(expected);
  });

  it("a refresh that found the token replaced or expired forces a replacement", () => {
    const news = { name: "ci", connection: base.connection };
    expect(diffNamedToken({ ...base, status: "replaced" }, news).replaces).toEqual(["status"]);
    expect(diffNamedToken({ ...base, status: "expired" }, news).replaces).toEqual(["status"]);
  });

  it('60 seconds vs "1m" is the same expiry', () => {
    const olds = { ...base, expiresIn: 60 };
    expect(diffNamedToken(olds, { name: "ci", expiresIn: "1m", connection: base.connection }).changes).toBe(
      false,
    );
  });
});

describe("diffOperatorToken", () => {
  const olds = { connection: { url: "http://127.0.0.1:8181" }, rotationTrigger: "a", status: "active" };
  it("rotation is an update, a new server a replacement", () => {
    expect(diffOperatorToken(olds, { connection: olds.connection, rotationTrigger: "b" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect(
      diffOperatorToken(olds, { connection: { url: "http://127.0.0.1:1" }, rotationTrigger: "a" }).replaces,
    ).toEqual(["connection"]);
    expect(diffOperatorToken(olds, { connection: olds.connection, rotationTrigger: "a" }).changes).toBe(
      false,
    );
  });
});

describe("withAutoName", () => {
  it("an explicit name drops the autoname", () => {
    expect(withAutoName({ autoName: "x-1234567" }, { name: "ci", autoName: "x-1234567" })).toEqual({
      name: "ci",
    });
  });
  it("no prefix falls back to `token-`", () => {
    expect(String(withAutoName(undefined, {})["autoName"])).toMatch(/^token-[0-9a-f]{7}$/);
  });
});
