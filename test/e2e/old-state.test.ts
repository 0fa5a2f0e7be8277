/**
 * State written by an earlier version keeps working: a stack exported by 65c855a
 * (test/e2e/fixtures/state-65c855a) is imported, and the current package, installed from its
 * tarball, runs preview (no changes), refresh (no changes) and destroy on it. Each resource's
 * stored `__provider` requires a serialized module by its old path; that path must still load.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { emulatorStackConfig } from "../support/emulator";
import { createTokenStack, disposeInstalledPackage, type TokenStack } from "../support/token-stack";

const FIXTURE = path.join(__dirname, "fixtures", "state-65c855a");
/** Where the emulator listened when the fixture was written. */
const FIXTURE_URL = "http://127.0.0.1:37463";
let dir: string;
let emulator: Emulator;
let t: TokenStack;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "old-state-"));
  copyFileSync(path.join(FIXTURE, "emulator.json"), path.join(dir, "emulator.json"));
  emulator = await startEmulator({
    seed: 65,
    dataFile: path.join(dir, "emulator.json"),
    token: "fixture-operator-token-0000000000000000000000000000000000000000000000000000000000000000==",
    managementToken: "fixture-management-token",
  });
  // The same program as the one that wrote the state.
  t = await createTokenStack(
    "old-state",
    (sdk) => {
      const writer = new sdk.Authorization("writer", {
        description: "telegraf writes telemetry",
        permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
      });
      const reader = new sdk.Authorization("reader", {
        description: "dashboards",
        status: "inactive",
        permissions: [
          { action: "read", resource: { type: "buckets", name: "telemetry" } },
          { action: "read", resource: { type: "buckets", name: "logs" } },
        ],
        rotationTrigger: "2026-12",
      });
      const db = new sdk.DatabaseToken("ingest", {
        description: "ingest sensors",
        permissions: [{ action: "write", resource: "sensors" }],
      });
      const dbRead = new sdk.DatabaseToken("analytics", {
        description: "read all",
        permissions: [{ action: "read", resource: "*" }],
        rotateAfter: "90d",
      });
      return { writer: writer.id, reader: reader.id, db: db.id, dbRead: dbRead.id };
    },
    emulatorStackConfig(emulator),
  );
  // The state records the stack config its provider ran with (the emulator's URL then): point it
  // at this run's emulator, as a user would after moving the server.
  const text = readFileSync(path.join(FIXTURE, "deployment.json"), "utf8");
  const deployment = JSON.parse(text.replaceAll(FIXTURE_URL, emulator.url));
  await t.stack.importStack(deployment);
}, 600_000);

afterAll(async () => {
  t?.dispose();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
  disposeInstalledPackage();
});

const oldProviders = () =>
  (
    JSON.parse(readFileSync(path.join(FIXTURE, "deployment.json"), "utf8")).deployment.resources as Array<{
      inputs?: { __provider?: string };
    }>
  )
    .map((r) => r.inputs?.__provider?.match(/require\("([^"]+)"\)/)?.[1])
    .filter((p): p is string => p !== undefined);

it("the fixture's resources require the serialized modules by their old paths", () => {
  expect(new Set(oldProviders())).toEqual(
    new Set([
      "pulumi-influxdb-tokens/dist/provider/serialized/authorization.js",
      "pulumi-influxdb-tokens/dist/provider/serialized/database-token.js",
    ]),
  );
});

it("preview against the old state shows no changes and sends no request", async () => {
  emulator.clearRequestLog();
  const { result, ops } = await t.previewOps();
  expect(result.changeSummary).toEqual({ same: 5 });
  expect(
    Object.values(ops)
      .flat()
      .every((op) => op === "same"),
  ).toBe(true);
  expect(emulator.requestLog()).toEqual([]);
}, 300_000);

it("refresh reads every token and changes nothing", async () => {
  const result = await t.stack.refresh();
  expect(result.summary.result).toBe("succeeded");
  expect(result.summary.resourceChanges).toEqual({ same: 5 });
}, 300_000);

it("destroy deletes every token the old state holds", async () => {
  const ids = (
    JSON.parse(readFileSync(path.join(FIXTURE, "deployment.json"), "utf8")).deployment.resources as Array<{
      type: string;
      id?: string;
    }>
  )
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((r) => r.id);
  expect(ids).toHaveLength(4);
  const result = await t.stack.destroy();
  expect(result.summary.result).toBe("succeeded");
  expect(result.summary.resourceChanges?.delete).toBe(5); // the four tokens and the stack
  const after = emulator.state();
  const live = [
    ...after.authorizations.map((a) => a.id),
    ...after.databaseTokens.filter((d) => d.revokedAt === undefined).map((d) => d.id),
  ];
  expect(ids.filter((id) => live.includes(id as string))).toEqual([]);
}, 300_000);
