import { describe, expect, it } from "vitest";
import { parseExpiresIn } from "../../../../../provider/resources/influxdb3/duration";

describe("expiresIn (sent as expiry_secs, behaviour D.10)", () => {
  it.each([
    ["90d", 7_776_000],
    ["12h", 43_200],
    ["1h30m", 5_400],
    ["1h 30m", 5_400],
    ["3600s", 3_600],
    ["2w", 1_209_600],
    ["1y", 31_557_600],
    ["45 minutes", 2_700],
    [3600, 3_600],
  ])("%j is %i seconds", (input, seconds) => {
    expect(parseExpiresIn(input)).toEqual({ ok: true, seconds });
  });

  it.each([["0s"], [0], ["0d0h"], [-1], [1.5], ["soon"], ["10 parsecs"], ["1001y"], [""]])(
    "refuses %j",
    (input) => {
      expect(parseExpiresIn(input).ok).toBe(false);
    },
  );
});
