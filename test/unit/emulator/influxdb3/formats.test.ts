import { describe, expect, it } from "vitest";
import { MALFORMED_AUTH_MESSAGE, parseAuthorizationHeader } from "../../../../emulator/influxdb3/auth-header";
import { arrowNaiveTimestamp, rfc3339Utc } from "../../../../emulator/influxdb3/time-format";
import { hashToken, tokenGenerator } from "../../../../emulator/influxdb3/token-string";

describe("timestamps (behaviour D.5, behaviour D.8)", () => {
  const withMs = Date.UTC(2025, 3, 18, 14, 2, 45, 331);
  const wholeSecond = Date.UTC(2025, 3, 18, 14, 2, 45, 0);
  it("create responses use RFC 3339 with Z and drop a zero fraction", () => {
    expect(rfc3339Utc(withMs)).toBe("2025-04-18T14:02:45.331Z");
    expect(rfc3339Utc(wholeSecond)).toBe("2025-04-18T14:02:45Z");
    expect(rfc3339Utc(Date.UTC(2025, 3, 18, 14, 2, 45, 7))).toBe("2025-04-18T14:02:45.007Z");
  });
  it("system.tokens rows use arrow's naive form without Z", () => {
    expect(arrowNaiveTimestamp(withMs)).toBe("2025-04-18T14:02:45.331");
    expect(arrowNaiveTimestamp(wholeSecond)).toBe("2025-04-18T14:02:45");
  });
});

describe("token strings (behaviour D.4)", () => {
  it("are apiv3_ + 86 base64url chars, and a seed makes them reproducible", () => {
    const a = tokenGenerator(7);
    const b = tokenGenerator(7);
    const first = a();
    expect(first).toMatch(/^apiv3_[A-Za-z0-9_-]{86}$/);
    expect(first).toHaveLength(92);
    expect(b()).toBe(first);
    expect(a()).not.toBe(first);
    expect(tokenGenerator()()).toMatch(/^apiv3_[A-Za-z0-9_-]{86}$/);
  });
  it("are hashed with SHA-512 over the whole string (128 hex)", () => {
    expect(hashToken("apiv3_x")).toMatch(/^[0-9a-f]{128}$/);
    expect(hashToken("apiv3_x")).not.toBe(hashToken("x"));
  });
});

describe("Authorization header (behaviour D.3)", () => {
  const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
  it.each([
    ["Bearer abc", "abc"],
    ["Token abc", "abc"],
    [basic("anyone:abc"), "abc"],
    [basic(":abc"), "abc"],
  ])("accepts %s", (header, token) => {
    const parsed = parseAuthorizationHeader(header);
    expect(parsed.kind).toBe("token");
    if (parsed.kind === "token") expect(parsed.token.toString()).toBe(token);
  });
  it.each([
    ["bearer abc"],
    ["Bearer  abc"],
    ["Bearer a b"],
    ["Bearer"],
    ["Digest abc"],
    [basic("a:b:c")],
    [basic("nocolon")],
  ])("refuses %j as malformed", (header) => {
    expect(parseAuthorizationHeader(header)).toEqual({ kind: "malformed" });
  });
  it("reports a missing header separately", () => {
    expect(parseAuthorizationHeader(undefined)).toEqual({ kind: "missing" });
    expect(MALFORMED_AUTH_MESSAGE).toContain("supported auth-schemes are Bearer, Token and Basic");
  });
});
