import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../../bench/args";
import { bucketOf, selfTimes } from "../../../bench/profile-summary";
import { desiredToken } from "../../../bench/programs";
import { buildReport, formatReport, pluginRows } from "../../../bench/report";
import { classify, countRequests, judgeRequests, routeOf } from "../../../bench/requests";
import { median, mergeRound } from "../../../bench/rounds";
import { parentPid, roleOf } from "../../../bench/rss-sampler";
import { pluginStackConfig } from "../../../bench/run-case";
import {
  type Kind,
  STEPS,
  type StackRun,
  type Step,
  type StepMeasure,
  type Variant,
} from "../../../bench/types";

function run(
  kind: Kind,
  n: number,
  variant: Variant,
  seconds: (step: Step) => number,
  extra: Partial<StepMeasure> = {},
): StackRun {
  const steps = Object.fromEntries(STEPS.map((s) => [s, { seconds: seconds(s), requests: {}, ...extra }]));
  return {
    kind,
    n,
    variant,
    steps: steps as Record<Step, StepMeasure>,
    providerBytesPerResource: variant === "ours" ? 400 : 900,
    stateBytesPerResource: 2000,
  };
}

describe("bench args", () => {
  it("defaults, --quick, --sizes and --out", () => {
    expect(parseBenchArgs([])).toEqual({ sizes: [100, 500], out: "bench/results.json", repeat: 1 });
    expect(parseBenchArgs(["--quick", "--out", "x.json"])).toEqual({ sizes: [20], out: "x.json", repeat: 1 });
    expect(parseBenchArgs(["--repeat", "3"]).repeat).toBe(3);
    expect(() => parseBenchArgs(["--repeat", "0"])).toThrow(/integer >= 1/);
    expect(parseBenchArgs(["--sizes", "500, 100,100"]).sizes).toEqual([100, 500]);
    expect(() => parseBenchArgs(["--sizes", "5"])).toThrow(/>= 10/);
    expect(() => parseBenchArgs(["--out"])).toThrow(/needs a value/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/unknown option --fast/);
  });
});

describe("bench requests", () => {
  it("groups IDs into routes and classifies token calls apart from lookups", () => {
    expect(routeOf("/api/v2/authorizations/0a1b2c3d4e5f6a7b")).toBe("/api/v2/authorizations/{id}");
    expect(routeOf("/api/v0/accounts/11111111-2222-3333-4444-555555555555/clusters/x")).toBe(
      "/api/v0/accounts/{id}/clusters/x",
    );
    const counts = countRequests([
      { method: "POST", path: "/api/v2/authorizations" },
      { method: "POST", path: "/api/v2/authorizations" },
      { method: "GET", path: "/api/v2/buckets" },
      { method: "GET", path: "/api/v2/authorizations" },
      { method: "DELETE", path: "/api/v0/tokens/11111111-2222-3333-4444-555555555555" },
    ]);
    expect(counts).toEqual({
      "POST /api/v2/authorizations": 2,
      "GET /api/v2/buckets": 1,
      "GET /api/v2/authorizations": 1,
      "DELETE /api/v0/tokens/{id}": 1,
    });
    expect(classify(counts)).toEqual({ create: 2, read: 0, list: 1, update: 0, delete: 1, lookup: 1 });
  });

  it("judges each step against its requests per token and lookups per process, not per resource", () => {
    // A create is a POST under a marker and the PATCH that sets the declared description.
    const up = {
      "POST /api/v2/authorizations": 100,
      "PATCH /api/v2/authorizations/{id}": 100,
      "GET /api/v2/orgs": 1,
      "GET /api/v2/buckets": 1,
    };
    expect(judgeRequests("up", 100, up).ok).toBe(true);
    expect(judgeRequests("up", 100, { ...up, "POST /api/v2/authorizations": 101 }).ok).toBe(false);
    expect(judgeRequests("up", 100, { ...up, "PATCH /api/v2/authorizations/{id}": 101 }).ok).toBe(false);
    expect(judgeRequests("up", 100, { ...up, "GET /api/v2/buckets": 100 }).ok).toBe(false);
    expect(judgeRequests("preview", 100, {}).ok).toBe(true);
    expect(judgeRequests("preview", 100, { "GET /api/v2/orgs": 1 }).ok).toBe(false);
    const change = {
      "POST /api/v2/authorizations": 10,
      "PATCH /api/v2/authorizations/{id}": 20,
      "DELETE /api/v2/authorizations/{id}": 10,
    };
    expect(judgeRequests("change", 100, change).ok).toBe(true);
    expect(judgeRequests("change", 100, { ...change, "GET /api/v2/authorizations/{id}": 20 }).ok).toBe(false);
    expect(judgeRequests("change", 100, { ...change, "GET /api/v2/authorizations": 1 }).ok).toBe(false);
    // Refresh: at most one read request per token; a list answers many reads.
    expect(judgeRequests("refresh", 100, { "GET /api/v2/authorizations/{id}": 100 }).ok).toBe(true);
    const listed = { "GET /api/v2/authorizations/{id}": 10, "GET /api/v2/authorizations": 1 };
    expect(judgeRequests("refresh", 100, listed).ok).toBe(true);
    expect(judgeRequests("refresh", 100, { ...listed, "GET /api/v2/authorizations/{id}": 100 }).ok).toBe(
      false,
    );
  });
});

describe("bench report", () => {
  const base = (s: Step) => ({ up: 4, preview: 2, refresh: 1, change: 2, destroy: 3 })[s];
  const runs = [
    run("Authorization", 100, "ours", (s) => base(s) * 1.05, { providerPeakRssMb: 90 }),
    run("Authorization", 100, "baseline", base, { providerPeakRssMb: 60 }),
    // At 500 the baseline grows 5x; ours grows 6x on up (relative 6 / 5 = 1.2: missed).
    run("Authorization", 500, "ours", (s) => base(s) * 5 * (s === "up" ? 1.26 : 1.05), {
      providerPeakRssMb: 150,
    }),
    run("Authorization", 500, "baseline", (s) => base(s) * 5),
  ];

  it("computes ours / baseline, growth against the engine's growth, and the verdicts", () => {
    const report = buildReport(runs);
    const up100 = report.ratios.find((r) => r.n === 100 && r.step === "up")!;
    expect(up100.ratio).toBeCloseTo(1.05);
    expect(up100.ok).toBe(true);
    expect(report.ratios.find((r) => r.n === 500 && r.step === "up")!.ok).toBe(false);
    expect(report.ratios.find((r) => r.step === "change")!.ok).toBeUndefined();
    const upGrowth = report.growth.find((g) => g.step === "up")!;
    expect(upGrowth.baseline).toBeCloseTo(5);
    expect(upGrowth.relative).toBeCloseTo(1.2);
    expect(upGrowth.ok).toBe(false);
    expect(report.growth.find((g) => g.step === "refresh")!.ok).toBe(true);
    const largest = report.resources.find((r) => r.n === 500)!;
    expect(largest).toMatchObject({
      providerPeakRssMb: 150,
      rssOk: true,
      bytesOk: true,
      baselineProviderBytes: 900,
    });
    expect(report.resources.find((r) => r.n === 100)!.rssOk).toBeUndefined();
    expect(report.allOk).toBe(false);
  });

  it("formats Markdown tables that show the misses", () => {
    const text = formatReport(buildReport(runs));
    expect(text).toContain("| Authorization | 500 | up (create) | 25.20 | 20.00 | 1.26 | **missed** |");
    expect(text).toContain(
      "| Authorization | up (create) | 100 -> 500 | 6.00x | 5.00x | 1.20 | **missed** |",
    );
  });
});

describe("bench plugin variant", () => {
  const base = (s: Step) => ({ up: 4, preview: 2, refresh: 1, change: 2, destroy: 3 })[s];
  const runs = [
    run("Authorization", 100, "ours", base, { providerPeakRssMb: 90, requests: { "GET /a": 3 } }),
    run("Authorization", 100, "baseline", (s) => base(s) / 2),
    run("Authorization", 100, "plugin", (s) => base(s) * 0.9, { providerPeakRssMb: 80 }),
    run("Authorization", 500, "ours", (s) => base(s) * 5, { providerPeakRssMb: 150 }),
    run("Authorization", 500, "baseline", (s) => base(s) * 2),
    // Slower than the dynamic path on preview only, and over 200 MB.
    run("Authorization", 500, "plugin", (s) => base(s) * (s === "preview" ? 6 : 4), {
      providerPeakRssMb: 210,
    }),
  ];

  it("compares the plugin with the dynamic path, the time target on four steps, RSS at the largest N", () => {
    const rows = pluginRows(runs);
    expect(rows).toHaveLength(2 * STEPS.length);
    const up100 = rows.find((r) => r.n === 100 && r.step === "up")!;
    expect(up100).toMatchObject({
      plugin: 3.6,
      ours: 4,
      baseline: 2,
      ok: true,
      oursRequests: 3,
      pluginRequests: 0,
    });
    expect(up100.ratio).toBeCloseTo(0.9);
    expect(up100.rssOk).toBeUndefined();
    expect(rows.find((r) => r.n === 500 && r.step === "preview")!.ok).toBe(false);
    expect(rows.find((r) => r.step === "change")!.ok).toBeUndefined();
    expect(rows.find((r) => r.n === 500 && r.step === "up")).toMatchObject({
      ok: true,
      rssOk: false,
      pluginRssMb: 210,
      oursRssMb: 150,
    });
    const report = buildReport(runs);
    expect(report.pluginOk).toBe(false);
    // The plugin's runs do not change the dynamic path's verdicts.
    expect(report.ratios).toHaveLength(2 * STEPS.length);
    const text = formatReport(report);
    expect(text).toContain(
      "| Authorization | 500 | preview (no change) | 12.00 | 10.00 | 4.00 | 1.20 | 0 (0) | 210 (150) | **missed**, RSS **missed** |",
    );
    expect(buildReport(runs.filter((r) => r.variant !== "plugin"))).toMatchObject({
      plugin: [],
      pluginOk: true,
    });
    expect(formatReport(buildReport(runs.filter((r) => r.variant !== "plugin")))).not.toContain("plugin");
  });

  it("recognises the plugin's process and renames the stack config for it", () => {
    expect(roleOf(["/opt/node", "/x/node_modules/pulumi-influxdb-tokens/dist/provider/plugin/main.js"])).toBe(
      "providerMb",
    );
    expect(roleOf(["/bin/sh", "/x/bin/pulumi-resource-influxdb-tokens"])).toBe("providerMb");
    expect(roleOf(["node", "/x/@pulumi/pulumi/cmd/dynamic-provider/index.js"])).toBe("providerMb");
    expect(roleOf(["/x/bin/pulumi", "up"])).toBe("engineMb");
    expect(roleOf(["node", "bench/index.ts"])).toBeUndefined();
    expect(
      pluginStackConfig({
        "influxdb:url": { value: "http://x" },
        "influxdb:token": { value: "t", secret: true },
        "other:influxdb:x": { value: "y" },
      }),
    ).toEqual({
      "influxdb-tokens:url": { value: "http://x" },
      "influxdb-tokens:token": { value: "t", secret: true },
      "other:influxdb:x": { value: "y" },
    });
  });
});

describe("bench helpers", () => {
  it("changes 10% by permission and the next 10% in place", () => {
    const changed = Array.from({ length: 20 }, (_, i) => desiredToken("Authorization", i, 20, "changed"));
    expect(changed.filter((d) => d.target === "logs").length).toBe(2);
    expect(changed.filter((d) => d.status === "inactive").length).toBe(2);
    expect(desiredToken("DatabaseToken", 2, 20, "changed").description).toContain("renamed");
    expect(desiredToken("DatabaseToken", 2, 20, "initial").description).not.toContain("renamed");
  });

  it("reads the parent PID even when the command name holds spaces and parentheses", () => {
    expect(parentPid("1234 (node (x) y) S 42 1234 1234 0 -1")).toBe(42);
  });
});

describe("bench profile summary", () => {
  it("attributes self time to the package of each sampled function", () => {
    expect(bucketOf("file:///x/node_modules/zod/v4/core.js", "parse")).toBe("zod");
    expect(bucketOf("/x/node_modules/a/node_modules/@grpc/grpc-js/build/x.js", "f")).toBe("@grpc/grpc-js");
    expect(bucketOf("node:internal/modules/cjs/loader", "wrapSafe")).toBe("node internals");
    expect(bucketOf("", "(garbage collector)")).toBe("(garbage collector)");
    const frame = (id: number, url: string, functionName = "f") => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
    });
    const { buckets } = selfTimes([
      {
        nodes: [frame(1, "/n/node_modules/zod/a.js"), frame(2, "node:fs"), frame(3, "", "(idle)")],
        samples: [1, 1, 2, 3],
        timeDeltas: [1000, 2000, 500, 9000],
      },
    ]);
    expect(Object.fromEntries(buckets)).toEqual({ zod: 3, "node internals": 0.5, "(idle)": 9 });
  });
});

describe("bench rounds (--repeat)", () => {
  it("reports each step's median time, highest RSS and the first round's requests", () => {
    const first = { seconds: 3, requests: { "GET /api/v2/authorizations": 1 }, providerPeakRssMb: 200 };
    let merged = mergeRound(undefined, first);
    merged = mergeRound(merged, { seconds: 9, requests: {}, providerPeakRssMb: 250, note: "drift" });
    merged = mergeRound(merged, { seconds: 4, requests: {}, providerPeakRssMb: 190 });
    expect(merged).toEqual({
      seconds: 4,
      samples: [3, 9, 4],
      requests: { "GET /api/v2/authorizations": 1 },
      providerPeakRssMb: 250,
      note: "drift",
    });
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
