import { describe, expect, it } from "vitest";
import { rotationDiff, rotationOutputs, sameValue } from "../../../../../provider/lifecycle/rotation/diff";
import { isRotationDue, rotationDueAt } from "../../../../../provider/lifecycle/rotation/due";
import { parseRotateAfter } from "../../../../../provider/lifecycle/rotation/duration";
import { diffAuthorization } from "../../../../../provider/resources/authorization/diff";
import { validateAuthorization } from "../../../../../provider/resources/authorization/schema";
import { diffDatabaseToken } from "../../../../../provider/resources/database-token/diff";
import { validateDatabaseToken } from "../../../../../provider/resources/database-token/schema";
import { UNKNOWN } from "../../../../../provider/shared/unknown";

const DAY = 86_400_000;
const CREATED = "2026-01-01T00:00:00Z";
const created = Date.parse(CREATED);

describe("rotateAfter durations", () => {
  it.each([
    ["90d", 90 * DAY],
    ["12h", 12 * 3_600_000],
    ["30m", 30 * 60_000],
    ["2w", 14 * DAY],
    [" 7d ", 7 * DAY],
  ])("%s", (value, ms) => expect(parseRotateAfter(value)).toBe(ms));

  it.each(["0d", "90", "90 days", "1.5d", "3mo", "1y", "-1d", ""])("refuses %j", (value) => {
    expect(parseRotateAfter(value)).toBeUndefined();
  });

  it("check names the property and the accepted form", () => {
    const result = validateAuthorization({
      rotateAfter: "3 months",
      permissions: [{ action: "read", resource: { type: "buckets" } }],
    });
    expect(result.failures).toEqual([
      { property: "rotateAfter", reason: expect.stringContaining('e.g. "90d" or "12h"') },
    ]);
    expect(validateDatabaseToken({ description: "d", rotateAfter: "1y" }).failures[0]?.property).toBe(
      "rotateAfter",
    );
  });
});

describe("when a token is due", () => {
  it("is createdAt + rotateAfter, due at that instant and after, never without createdAt", () => {
    expect(rotationDueAt(CREATED, "90d")).toBe("2026-04-01T00:00:00.000Z");
    expect(isRotationDue(CREATED, "90d", created + 90 * DAY - 1)).toBe(false);
    expect(isRotationDue(CREATED, "90d", created + 90 * DAY)).toBe(true);
    expect(isRotationDue(undefined, "90d", created + 1000 * DAY)).toBe(false);
    expect(isRotationDue(CREATED, UNKNOWN, created + 1000 * DAY)).toBe(false);
  });
});

describe("rotationDiff", () => {
  const state = { createdAt: CREATED, rotateAfter: "90d", rotationTrigger: "v1" };

  it("a changed trigger replaces; the same trigger with other key order does not", () => {
    expect(rotationDiff(state, { ...state, rotationTrigger: "v2" }, created).replaces).toEqual([
      "rotationTrigger",
    ]);
    const objectState = { ...state, rotationTrigger: { a: 1, b: [1, 2] } };
    expect(rotationDiff(objectState, { ...state, rotationTrigger: { b: [1, 2], a: 1 } }, created)).toEqual({
      replaces: [],
      changes: false,
    });
  });

  it("setting a trigger the first time, or removing it, is a state-only change", () => {
    const { rotationTrigger: _, ...withoutTrigger } = state;
    expect(rotationDiff(withoutTrigger, state, created)).toEqual({ replaces: [], changes: true });
    expect(rotationDiff(state, withoutTrigger, created)).toEqual({ replaces: [], changes: true });
  });

  it("an unknown trigger in preview replaces when one was recorded", () => {
    expect(rotationDiff(state, { ...state, rotationTrigger: UNKNOWN }, created).replaces).toEqual([
      "rotationTrigger",
    ]);
  });

  it("rotateAfter replaces on the first diff after it is due, and a new period not yet due only updates", () => {
    expect(rotationDiff(state, state, created + 89 * DAY)).toEqual({ replaces: [], changes: false });
    expect(rotationDiff(state, state, created + 90 * DAY)).toEqual({
      replaces: ["rotateAfter"],
      changes: true,
    });
    expect(rotationDiff(state, { ...state, rotateAfter: "180d" }, created + 100 * DAY)).toEqual({
      replaces: [],
      changes: true,
    });
    // Shortening the period so that it is due now rotates at once.
    expect(rotationDiff(state, { ...state, rotateAfter: "30d" }, created + 31 * DAY).replaces).toEqual([
      "rotateAfter",
    ]);
  });

  it("outputs carry the period, the trigger and the due time", () => {
    expect(rotationOutputs({ rotateAfter: "90d", rotationTrigger: { n: 1 } }, CREATED)).toEqual({
      rotateAfter: "90d",
      rotationTrigger: { n: 1 },
      rotationDueAt: "2026-04-01T00:00:00.000Z",
    });
    expect(rotationOutputs({}, CREATED)).toEqual({});
    expect(sameValue(null, undefined)).toBe(true);
  });
});

describe("both resources' diffs include rotation (create before delete)", () => {
  const authorization = {
    orgId: "0123456789abcdef",
    description: "",
    status: "active",
    permissions: [{ action: "read", resource: { type: "buckets" } }],
    createdAt: CREATED,
    rotateAfter: "90d",
  };
  const { createdAt: _c, ...authorizationInputs } = authorization;

  it("Authorization", () => {
    expect(diffAuthorization(authorization, authorizationInputs, created + DAY)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffAuthorization(authorization, authorizationInputs, created + 91 * DAY)).toEqual({
      changes: true,
      replaces: ["rotateAfter"],
      deleteBeforeReplace: false,
    });
  });

  it("DatabaseToken", () => {
    const state = { description: "d", permissions: [], createdAt: CREATED, rotationTrigger: 1 };
    expect(diffDatabaseToken(state, { description: "d", rotationTrigger: 2 }, created)).toEqual({
      changes: true,
      replaces: ["rotationTrigger"],
      deleteBeforeReplace: false,
    });
  });

  it("a replacement while adoptId is still set is refused with the fix", () => {
    expect(() =>
      diffAuthorization(
        { ...authorization, adopted: true },
        { ...authorizationInputs, adoptId: "00000000000000aa" },
        created + 91 * DAY,
      ),
    ).toThrow(/rotateAfter changed.*adoptId is still set.*Remove adoptId/);
    // Without a replacement adoptId is ignored.
    expect(
      diffAuthorization(
        { ...authorization, adopted: true },
        { ...authorizationInputs, adoptId: "00000000000000aa" },
        created,
      ).changes,
    ).toBe(false);
  });
});
