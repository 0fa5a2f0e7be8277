import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "../../../../provider/http";

const v2Token = `${"a1B2_-".repeat(14)}zz==`; // 86 + "==" = 88 chars, the OSS token shape (A.3)

describe("redact", () => {
  it.each([
    [
      "a known secret anywhere",
      "bad token s3cr3t-value here",
      ["s3cr3t-value"],
      `bad token ${REDACTED} here`,
    ],
    [
      "an Authorization header value",
      "header Token abc.def was refused",
      [],
      `header Token ${REDACTED} was refused`,
    ],
    ["a Bearer credential", "Bearer eyJhbGciOi.x.y", [], `Bearer ${REDACTED}`],
    ["a lower-case scheme before a credential", "bearer eyJhbGciOiJIUzI1NiJ9.x.y", [], `bearer ${REDACTED}`],
    ["an 88-char v2 token", `token ${v2Token} leaked`, [], `token ${REDACTED} leaked`],
    ["a management access token", "got apiv1_abcdefghijklmnopqrstuvwxyz0123456789", [], `got ${REDACTED}`],
    ["the longer of two overlapping secrets first", "x-abcdef-y", ["abcd", "abcdef"], `x-${REDACTED}-y`],
  ])("removes %s", (_, text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });

  it("leaves ordinary text and tiny 'secrets' alone", () => {
    expect(redact("authorization not found", ["a", "", undefined])).toBe("authorization not found");
    // InfluxDB 3 error texts (BEHAVIOR.md D.6) talk about tokens in prose.
    const prose = "cannot parse token permission, token name already exists";
    expect(redact(prose)).toBe(prose);
  });
});

describe("redact: token fields and InfluxDB 3 tokens (issue 6)", () => {
  it.each([
    ['{"id":"x","token":"short-but-secret"}', '{"id":"x","token":"[REDACTED]"}'],
    ['{"accessToken": "anything at all"}', '{"accessToken": "[REDACTED]"}'],
    ['{"token":""}', '{"token":""}'],
    ["GET /api/v2/authorizations?token=abc123&org=x", "GET /api/v2/authorizations?token=[REDACTED]&org=x"],
    ["made apiv3_abcdefghijklmnopqrstuvwxyz0123", "made [REDACTED]"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
