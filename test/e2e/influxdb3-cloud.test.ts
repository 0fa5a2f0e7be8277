/**
 * InfluxDB 3 Cloud through the real Pulumi CLI: a stack with `influxdb:influxdb3Edition: cloud`,
 * against the InfluxDB 3 emulator in cloud mode (no `_admin` bootstrap, no regenerate; the admin
 * token is the one the service hands out). AdminToken and ResourceToken are created, refreshed and
 * destroyed; an OperatorToken is refused at preview without a single request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../emulator/influxdb3";
import { createTokenStack, disposeInstalledPackage, type TokenStack } from "../support/token-stack";

let emulator: Influxdb3Emulator;
let t: TokenStack;
let withOperator = false;

beforeAll(async () => {
  emulator = await startInfluxdb3Emulator({ edition: "cloud", databases: ["sensors"], seed: 316 });
  t = await createTokenStack(
    "influxdb3-cloud",
    (sdk) => {
      const admin = new sdk.AdminToken("ci", { name: "ci", expiresIn: "30d" });
      const writer = new sdk.ResourceToken("writer", {
        permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
      });
      if (withOperator) new sdk.OperatorToken("operator", {});
      return { adminName: admin.tokenName, writerName: writer.tokenName };
    },
    {
      "influxdb:influxdb3Url": { value: emulator.url },
      "influxdb:influxdb3Token": { value: emulator.operatorToken as string, secret: true },
      "influxdb:influxdb3Edition": { value: "cloud" },
    },
  );
}, 600_000);

afterAll(async () => {
  t?.dispose();
  await emulator?.close();
  disposeInstalledPackage();
});

const names = () =>
  emulator
    .state()
    .tokens.map((token) => token.name)
    .sort();

describe("InfluxDB 3 Cloud (influxdb:influxdb3Edition cloud) through the Pulumi CLI", () => {
  it("up creates the AdminToken and the ResourceToken; no bootstrap or regenerate is sent", async () => {
    const result = await t.stack.up();
    expect(result.summary.resourceChanges?.["create"]).toBe(3); // the stack and two tokens
    expect(names()).toEqual(["_admin", "ci", expect.stringMatching(/^writer-[0-9a-f]{7}$/)]);
    const paths = emulator.requestLog().map((r) => r.path);
    expect(paths).not.toContain("/api/v3/configure/token/admin");
    expect(paths).not.toContain("/api/v3/configure/token/admin/regenerate");
  });

  it("refresh reads both through system.tokens and changes nothing", async () => {
    emulator.clearRequestLog();
    const result = await t.stack.refresh();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges?.["update"] ?? 0).toBe(0);
    expect(result.summary.resourceChanges?.["delete"] ?? 0).toBe(0);
    expect(emulator.requestLog().some((r) => r.path === "/api/v3/query_sql")).toBe(true);
  });

  it("an OperatorToken is refused at preview, naming the setting and the fix, with 0 requests", async () => {
    withOperator = true;
    emulator.clearRequestLog();
    let output = "";
    try {
      const failed = await t.stack
        .preview({ onOutput: (text) => (output += text) })
        .then(() => false)
        .catch((error: unknown) => {
          output += String(error);
          return true;
        });
      expect(failed).toBe(true);
    } finally {
      withOperator = false;
    }
    expect(output).toContain("influxdb:influxdb3Edition");
    expect(output).toMatch(/InfluxDB 3 Cloud has no operator-token bootstrap/);
    expect(output).toMatch(/AdminToken \/ ResourceToken/);
    expect(emulator.requestLog()).toEqual([]);
  });

  it("destroy deletes both tokens; the operator token stays", async () => {
    await t.stack.destroy();
    expect(names()).toEqual(["_admin"]);
  });
});
