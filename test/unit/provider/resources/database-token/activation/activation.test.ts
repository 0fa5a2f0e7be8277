import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../../../../provider/config";
import {
  awaitActivation,
  PROBE_DATABASE,
  planActivation,
} from "../../../../../../provider/resources/database-token/activation";
import { parseTimeout } from "../../../../../../provider/resources/database-token/activation/options";
import type { ProbeResult } from "../../../../../../provider/resources/database-token/activation/probe";
import { waitForActivation } from "../../../../../../provider/resources/database-token/activation/wait";
import { validateDatabaseToken } from "../../../../../../provider/resources/database-token/schema";
import { InputValidationError } from "../../../../../../provider/shared/errors";
import { type LogLine, setLogSink } from "../../../../../../provider/shared/log";
import { completeSettings } from "../../../../../support/complete-settings";

/** A clock that only moves when the code sleeps: the tests take milliseconds. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

function probes(...answers: ProbeResult[]) {
  let i = 0;
  return async () => answers[Math.min(i++, answers.length - 1)]!;
}

const plan = {
  tokenId: "t1",
  accessToken: "apiv1_never-in-a-log-line",
  url: "http://127.0.0.1:1",
  database: "db",
  timeoutMs: 10_000,
};

afterEach(() => {
  setLogSink(undefined);
  setStackConfig(undefined);
});

describe("waitForActivation", () => {
  it("returns at the first accepted probe, with growing delays and a progress line per miss", async () => {
    const lines: LogLine[] = [];
    setLogSink((line) => lines.push(line));
    const { clock, sleeps } = fakeClock();
    const outcome = await waitForActivation(
      plan,
      probes("inactive", "inactive", { unclear: "HTTP 503" }, "active"),
      clock,
    );
    expect(outcome).toEqual({ active: true, afterMs: 500 + 750 + 1125, probes: 4 });
    expect(sleeps).toEqual([500, 750, 1125]);
    expect(lines.map((l) => l.level)).toEqual(["progress", "progress", "progress"]);
    expect(lines[0]!.message).toMatch(/waiting for DatabaseToken t1 .*401 Unauthorized \(not active yet\)/);
    expect(lines[2]!.message).toContain("HTTP 503");
    expect(JSON.stringify(lines)).not.toContain(plan.accessToken);
  });

  it("gives up before the timeout would pass, caps the delay at 5 s", async () => {
    const { clock, sleeps } = fakeClock();
    const outcome = await waitForActivation({ ...plan, timeoutMs: 30_000 }, probes("inactive"), clock);
    expect(outcome.active).toBe(false);
    expect(Math.max(...sleeps)).toBe(5_000);
    expect(outcome.afterMs).toBeLessThanOrEqual(30_000);
  });

  it("awaitActivation revokes the token on timeout and says what to change", async () => {
    const { clock } = fakeClock();
    const revoked: string[] = [];
    const error = await awaitActivation(
      { url: plan.url, database: "db", timeoutMs: 2_000 },
      { id: "t1", accessToken: plan.accessToken },
      async (id) => revoked.push(id),
      probes("inactive"),
      clock,
    ).then(
      () => new Error("resolved"),
      (e: unknown) => e as Error,
    );
    expect(revoked).toEqual(["t1"]);
    expect(error.message).toMatch(/not accepted by http:\/\/127\.0\.0\.1:1 within 2\.0 s .*revoked/);
    expect(error.message).toMatch(/waitForActivation\.timeout/);
    expect(error.message).not.toContain(plan.accessToken);
  });
});

describe("planActivation", () => {
  it("is undefined unless asked for", () => {
    expect(planActivation({})).toBeUndefined();
    expect(planActivation({ waitForActivation: false })).toBeUndefined();
  });

  it("Clustered: probes the management URL, the first named database, 5 minutes by default", () => {
    setStackConfig({
      get: (key) =>
        ({ "influxdb:managementUrl": "https://cluster.example/", "influxdb:managementToken": "m" })[key],
    });
    expect(
      planActivation({
        waitForActivation: true,
        permissions: [{ resource: "*" }, { resource: "sensors" }],
      }),
    ).toEqual({ url: "https://cluster.example", database: "sensors", timeoutMs: 300_000 });
    expect(
      planActivation({ waitForActivation: { timeout: "90s" }, permissions: [{ resource: "*" }] }),
    ).toEqual({
      url: "https://cluster.example",
      database: PROBE_DATABASE,
      timeoutMs: 90_000,
    });
  });

  it("Cloud Dedicated: the data URL is required, and the failure comes before any token exists", () => {
    setStackConfig({
      get: (key) =>
        ({
          "influxdb:managementUrl": "https://console.influxdata.com",
          "influxdb:managementToken": "m",
          "influxdb:accountId": "11111111-1111-4111-8111-111111111111",
          "influxdb:clusterId": "22222222-2222-4222-8222-222222222222",
        })[key],
    });
    expect(() => planActivation({ waitForActivation: true })).toThrow(InputValidationError);
    expect(() => planActivation({ waitForActivation: true })).toThrow(/waitForActivation\.url: is required/);
    expect(
      planActivation({ waitForActivation: { url: "https://c1.example.com", database: "x" } }),
    ).toMatchObject({ url: "https://c1.example.com", database: "x" });
  });

  it("check validates the options", () => {
    expect(parseTimeout("90s")).toBe(90_000);
    expect(parseTimeout("0s")).toBeUndefined();
    const result = validateDatabaseToken({
      description: "d",
      waitForActivation: { timeout: "soon", url: "cluster", extra: 1 },
    });
    expect(result.failures.map((f) => f.property).sort()).toEqual([
      "waitForActivation.extra",
      "waitForActivation.timeout",
      "waitForActivation.url",
    ]);
    setStackConfig(completeSettings());
    expect(validateDatabaseToken({ description: "d", waitForActivation: true }).ok).toBe(true);
  });
});
