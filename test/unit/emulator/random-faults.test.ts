import { describe, expect, it } from "vitest";
import { FaultInjector, validateFaults } from "../../../emulator/faults";
import { cryptoRandom, databaseAccessToken, seededRandom, uuidV4, v2Token } from "../../../emulator/random";

describe("token and ID formats", () => {
  it("v2 tokens: 64 random bytes as URL-safe base64 with padding = 88 chars (behaviour A.3)", () => {
    for (const rng of [cryptoRandom(), seededRandom(1)]) {
      const t = v2Token(rng);
      expect(t).toMatch(/^[A-Za-z0-9_-]{86}==$/);
      expect(Buffer.from(t, "base64url")).toHaveLength(64);
    }
  });
  it("database tokens: apiv1_ + 64 chars (behaviour B.2); UUIDs are v4", () => {
    expect(databaseAccessToken(cryptoRandom())).toMatch(/^apiv1_[A-Za-z0-9_-]{64}$/);
    expect(uuidV4(cryptoRandom())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
  it("a seed gives the same sequence; different seeds differ", () => {
    expect(v2Token(seededRandom(7))).toBe(v2Token(seededRandom(7)));
    expect(v2Token(seededRandom(7))).not.toBe(v2Token(seededRandom(8)));
  });
});

describe("faults", () => {
  it.each([
    [{ rate429: -0.1 }, "rate429 must be a number between 0 and 1"],
    [{ rate503: 0.6, rate429: 0.6 }, "must not exceed 1"],
    [{ latencyMs: [5, 1] }, "latencyMs"],
    [{ paths: "(" }, "paths is not a valid regular expression"],
    [{ methods: "POST" }, "methods must be an array"],
    [{ retryAfterSeconds: 1.5 }, "retryAfterSeconds"],
    [{ rate: 1 }, 'unknown fault option "rate"'],
  ])("rejects %j", (input, message) => {
    expect(() => validateFaults(input)).toThrow(message);
  });

  it("decisions follow the rates and repeat with the same seed", () => {
    const decide = () => {
      const f = new FaultInjector(99);
      f.set({
        rate429: 0.25,
        rate503: 0.25,
        resetBeforeRate: 0.25,
        resetAfterRate: 0.5,
        latencyMs: [10, 20],
      });
      return Array.from({ length: 2000 }, () => f.decide("GET", "/api/v2/orgs"));
    };
    const a = decide();
    expect(a).toEqual(decide());
    const share = (pred: (d: (typeof a)[number]) => boolean) => a.filter(pred).length / a.length;
    expect(share((d) => d?.outcome === "429")).toBeGreaterThan(0.2);
    expect(share((d) => d?.outcome === "503")).toBeGreaterThan(0.2);
    expect(share((d) => d?.outcome === "reset-before")).toBeGreaterThan(0.2);
    expect(share((d) => d?.outcome === undefined)).toBeGreaterThan(0.2);
    expect(share((d) => d?.resetAfter === true)).toBeGreaterThan(0.08);
    expect(a.every((d) => d && d.latencyMs >= 10 && d.latencyMs <= 20)).toBe(true);
  });

  it("methods and paths restrict where faults apply", () => {
    const f = new FaultInjector(1);
    f.set({ rate503: 1, methods: ["post"], paths: "^/api/v0/" });
    expect(f.decide("GET", "/api/v0/tokens")).toBeUndefined();
    expect(f.decide("POST", "/api/v2/authorizations")).toBeUndefined();
    expect(f.decide("POST", "/api/v0/tokens")?.outcome).toBe("503");
  });
});
