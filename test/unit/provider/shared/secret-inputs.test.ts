/**
 * No check message repeats any part of a secret input: connection.*, adoptedToken, existingToken
 * and waitForActivation.* (fast-check, fixed seed). Every value below carries a marker; the
 * failures (and the error create would throw) must not contain it, whatever shape the value has.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateAuthorization } from "../../../../provider/resources/authorization/schema";
import { validateDatabaseToken } from "../../../../provider/resources/database-token/schema";
import {
  validateAdminToken,
  validateOperatorToken,
  validateResourceToken,
} from "../../../../provider/resources/influxdb3/schema";
import { InputValidationError } from "../../../../provider/shared/errors";
import { validOrThrow } from "../../../../provider/shared/validated";

const RUNS = { numRuns: 400, seed: 19 };
const MARK = "Zq7Mark";
const NOW = Date.parse("2026-06-01T00:00:00Z");

/** Strings holding the marker in the places a credential goes, and other values around it. */
const secretValue = fc.oneof(
  fc.constantFrom(
    `http://user:${MARK}@127.0.0.1:8086`,
    `http://${MARK}@127.0.0.1:8086`,
    `https://u:${MARK}@host`,
    `http://u:${MARK} x@[bad`,
    `${MARK}`,
    `not a url ${MARK}`,
    `ftp://${MARK}.example.com`,
    `localhost:${MARK}`,
    `${MARK}s`,
    `90${MARK}`,
    `_${MARK}`,
    `../${MARK}`,
    `${"x".repeat(70)}${MARK}`,
  ),
  fc.string().map((s) => `${s}${MARK}${s}`),
  fc.constant(""),
  fc.integer(),
  fc.boolean(),
  fc.constant([MARK]),
);

const secretObject = (keys: string[]) =>
  fc.oneof(
    secretValue,
    fc.record(Object.fromEntries(keys.map((key) => [key, secretValue])), { requiredKeys: [] }),
  );

type Case = [
  string,
  (raw: Record<string, unknown>) => { ok: boolean; failures?: unknown },
  fc.Arbitrary<Record<string, unknown>>,
];
const perms = [{ action: "read", resource: { type: "buckets" } }];
const CASES: Case[] = [
  [
    "Authorization",
    (raw) => validateAuthorization({ permissions: perms, ...raw }),
    fc.record(
      {
        connection: secretObject(["url", "token"]),
        adoptedToken: secretValue,
        adoptId: fc.constant("0123456789abcdef"),
      },
      { requiredKeys: [] },
    ),
  ],
  [
    "DatabaseToken",
    (raw) => validateDatabaseToken({ description: "d", ...raw }, undefined, NOW),
    fc.record(
      {
        connection: secretObject(["url", "token", "accountId", "clusterId"]),
        adoptedToken: secretValue,
        waitForActivation: secretObject(["url", "timeout", "database"]),
      },
      { requiredKeys: [] },
    ),
  ],
  [
    "OperatorToken",
    (raw) => validateOperatorToken(raw),
    fc.record(
      { connection: secretObject(["url", "token"]), existingToken: secretValue },
      { requiredKeys: [] },
    ),
  ],
  [
    "AdminToken",
    (raw) => validateAdminToken({ autonamePrefix: "a", ...raw }),
    fc.record({ connection: secretObject(["url", "token"]) }, { requiredKeys: [] }),
  ],
  [
    "ResourceToken",
    (raw) =>
      validateResourceToken({
        autonamePrefix: "r",
        permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["read"] }],
        ...raw,
      }),
    fc.record({ connection: secretObject(["url", "token"]) }, { requiredKeys: [] }),
  ],
];

describe.each(CASES)("%s: check never repeats a secret input", (kind, validate, inputs) => {
  it("in any failure, or in the error create throws", () => {
    let failed = 0;
    fc.assert(
      fc.property(inputs, (raw) => {
        const result = validate(raw);
        const text = JSON.stringify(result.ok ? [] : result.failures);
        expect(text).not.toContain(MARK);
        if (!result.ok) {
          failed++;
          expect(() => validOrThrow(kind, result as never)).toThrow(InputValidationError);
          try {
            validOrThrow(kind, result as never);
          } catch (error) {
            expect((error as Error).message).not.toContain(MARK);
          }
        }
      }),
      RUNS,
    );
    expect(failed).toBeGreaterThan(50); // the values really were refused
  });
});
