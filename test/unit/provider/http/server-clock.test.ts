/** The server clock offset the exactly-once create relies on (provider/http/server-clock.ts). */
import { describe, expect, it } from "vitest";
import { observeServerDate, serverClockOffsetMs } from "../../../../provider/http";

describe("server clock offset", () => {
  it("is the Date header minus local time, per origin, the latest answer winning", () => {
    const local = Date.parse("2026-11-25T12:00:00.500Z");
    expect(serverClockOffsetMs("http://127.0.0.1:1")).toBeUndefined();
    observeServerDate("http://127.0.0.1:1/prefix", "Wed, 25 Nov 2026 13:00:00 GMT", local);
    expect(serverClockOffsetMs("http://127.0.0.1:1")).toBe(3_600_000 - 500);
    observeServerDate("http://127.0.0.1:1", ["Wed, 25 Nov 2026 12:00:00 GMT"], local);
    expect(serverClockOffsetMs("http://127.0.0.1:1/other")).toBe(-500);
    expect(serverClockOffsetMs("http://127.0.0.1:2")).toBeUndefined();
  });

  it("ignores a missing or unreadable header", () => {
    observeServerDate("http://127.0.0.1:3", undefined);
    observeServerDate("http://127.0.0.1:3", "yesterday");
    expect(serverClockOffsetMs("http://127.0.0.1:3")).toBeUndefined();
  });
});
