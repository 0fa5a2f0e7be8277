/**
 * A table of bad inputs across every resource (test/e2e/fixtures/bad-input-cases.ts),
 * through the real engine: each fails at `preview` with a message naming the property, and the
 * emulators' request logs show that not a single request was sent. Misspelled keys are in the
 * table too: the SDK classes pass every key, and check names the key with "did you mean".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../emulator/influxdb3";
import { emulatorStackConfig } from "../support/emulator";
import { createTokenStack, disposeInstalledPackage, type TokenStack } from "../support/token-stack";
import { CASES, type Case, URL_PASSWORD } from "./fixtures/bad-input-cases";

let emulator: Emulator;
let influxdb3: Influxdb3Emulator;
let t: TokenStack;
let batch: Case[] = [];
let baseConfig: Record<string, { value: string; secret?: boolean }>;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 66 });
  influxdb3 = await startInfluxdb3Emulator({ edition: "enterprise", seed: 66, databases: ["sensors"] });
  baseConfig = {
    ...emulatorStackConfig(emulator),
    "influxdb:influxdb3Url": { value: influxdb3.url },
    "influxdb:influxdb3Token": { value: "apiv3_bad-input-token", secret: true },
  };
  t = await createTokenStack(
    "bad-input",
    (sdk) => {
      for (const [index, c] of batch.entries()) {
        // The cases are wrong on purpose: they go through the SDK classes untyped, as a
        // JavaScript program or YAML would send them.
        const args = c.args as never;
        const name = `case-${index}`;
        if (c.kind === "auth") new sdk.Authorization(name, args);
        else if (c.kind === "db") new sdk.DatabaseToken(name, args);
        else if (c.kind === "operator") new sdk.OperatorToken(name, args);
        else if (c.kind === "admin") new sdk.AdminToken(name, args);
        else if (c.kind === "user") new sdk.User(name, args);
        else if (c.kind === "offline") new sdk.OfflineTokens(name, args);
        else new sdk.ResourceToken(name, args);
      }
      return {};
    },
    baseConfig,
  );
}, 600_000);

afterAll(async () => {
  t?.dispose();
  await emulator?.close();
  await influxdb3?.close();
  disposeInstalledPackage();
});

/** Previews `cases` together; returns the engine's whole output. */
async function preview(cases: Case[]): Promise<string> {
  batch = cases;
  const overrides = Object.assign({}, ...cases.map((c) => c.config ?? {})) as Record<string, string>;
  if (Object.keys(overrides).length > 0) {
    await t.stack.setAllConfig(
      Object.fromEntries(Object.entries(overrides).map(([key, value]) => [key, { value, secret: true }])),
    );
  }
  try {
    return await previewOnce();
  } finally {
    // Back to the stack's own settings for the next case.
    if (Object.keys(overrides).length > 0) {
      await t.stack.setAllConfig(
        Object.fromEntries(Object.keys(overrides).map((key) => [key, baseConfig[key]!])),
      );
    }
  }
}

async function previewOnce(): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    let output = "";
    const result = await t.stack
      .preview({ onOutput: (text) => (output += text) })
      .then(() => "succeeded")
      .catch((error: Error) => `failed: ${error.message}`);
    // Seen in CI: Pulumi's inline runtime lost its connection to the engine before the program
    // registered anything (see vitest.config.mts); the preview then "succeeded" empty, or failed
    // at the stack with `14 UNAVAILABLE: No connection established`. Such a run says nothing
    // about our check; run it again (the case must then fail, naming the property).
    if (!output.includes("case-0") && attempt < 3) continue;
    expect(result).toMatch(/^failed/);
    return output + result;
  }
}

/** The engine reports a check failure as `<urn>::case-N ... <property>: <reason>`. */
function reported(output: string, index: number, property: string): boolean {
  const lines = output
    .split("\n")
    .filter((line) => line.includes(`case-${index} `) || line.includes(`case-${index}:`));
  const text = lines.join("\n");
  return text.includes(`${property}:`) || text.includes(`${property} `) || text.includes(`[${property}]`);
}

describe(`${CASES.length} bad inputs fail at preview, naming the property, with no request sent`, () => {
  it("has at least 40 cases across every resource", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.filter((c) => c.kind === "auth").length).toBeGreaterThanOrEqual(20);
    expect(CASES.filter((c) => c.kind === "db").length).toBeGreaterThanOrEqual(10);
    for (const kind of ["operator", "admin", "resource", "user", "offline"] as const) {
      expect(CASES.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(2);
    }
  });

  // One case per preview: the engine may stop at the first failing resource of a batch.
  it.each(CASES.map((c, index) => [index, c.kind, c.name, c] as const))(
    "#%i %s: %s",
    async (index, _kind, _name, c) => {
      emulator.clearRequestLog();
      influxdb3.clearRequestLog();
      const output = await preview([c]);
      if (!reported(output, 0, c.property)) console.log(output);
      expect(reported(output, 0, c.property)).toBe(true);
      // A URL's password is never repeated, in the engine's output or the failure.
      expect(output).not.toContain(URL_PASSWORD);
      expect(emulator.requestLog()).toEqual([]);
      expect(influxdb3.requestLog()).toEqual([]);
      void index;
    },
    120_000,
  );

  it("each setting-free mistake says its cause and fix, and a wrong type is reported once", async () => {
    const expected: Array<[string, RegExp]> = [
      [
        "no org input and no org setting",
        /orgId\b.*is not set, and neither is org.*pulumi config set influxdb:org/,
      ],
      [
        "no management URL anywhere",
        /connection\.url\b.*is not set, and neither is stack config influxdb:managementUrl nor the environment variable INFLUX_MANAGEMENT_URL/,
      ],
      [
        "stack config influxdb:url without a scheme",
        /influxdb:url\b.*has no scheme: start it with http:\/\//,
      ],
      [
        "stack config influxdb:managementUrl ending in /api/v0",
        /ends in \/api\/v0, which the provider adds itself.*give the base URL without \/api\/v0/,
      ],
    ];
    for (const [name, reason] of expected) {
      const output = await preview([CASES.find((x) => x.name === name)!]);
      expect(output.replace(/\\"/g, '"'), name).toMatch(reason);
    }
    const output = await preview([CASES.find((x) => x.name.startsWith("resource type bucket with a name"))!]);
    expect(output.replace(/\\"/g, '"')).toMatch(/did you mean "buckets"\?/);
    expect(output).not.toContain("names can be resolved");
  }, 300_000);

  it("a misspelled key is answered with did you mean", async () => {
    const c = CASES.find((x) => x.property === "stauts")!;
    const output = await preview([c]);
    // The engine may print the reason quoted (with escaped quotes) or plain.
    expect(output).toMatch(/unknown property \\?"stauts\\?": did you mean \\?"status\\?"\?/);
  }, 120_000);
});
