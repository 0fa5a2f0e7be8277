/**
 * bin/pulumi-resource-influxdb-tokens refuses to start, saying why, when Node is missing or older
 * than the package's engines (>= 22.19): the engine shows the plugin's stderr when it exits early.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/pulumi";

const bin = path.join(repoRoot, "bin", "pulumi-resource-influxdb-tokens");
const dir = mkdtempSync(path.join(tmpdir(), "pit-plugin-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder whose `node` prints `version` (and a PATH with only it and the shell's tools). */
function fakeNode(version: string): string {
  const folder = mkdtempSync(path.join(dir, "node-"));
  const file = path.join(folder, "node");
  writeFileSync(file, `#!/bin/sh\necho ${version}\n`);
  chmodSync(file, 0o755);
  return folder;
}

const start = (PATH: string, extra: Record<string, string> = {}) =>
  spawnSync(bin, ["127.0.0.1:1"], { encoding: "utf8", env: { PATH, ...extra }, timeout: 10_000 });

describe("bin/pulumi-resource-influxdb-tokens", () => {
  it.each(["v20.20.2", "v22.18.0", "v18.0.0"])(
    "exits 1 naming the requirement when node is %s",
    (version) => {
      const result = start(`${fakeNode(version)}:/usr/bin:/bin`);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Node.js >= 22.19 is required, found ${version}`);
      expect(result.stdout).toBe(""); // the engine reads a port from stdout: nothing misleading
    },
  );

  it("exits 1 naming the requirement when node is not on PATH", () => {
    const result = start("/nonexistent", { INFLUXDB_TOKENS_NODE: "/nonexistent/node" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Node.js >= 22.19 is required");
    expect(result.stderr).toContain("is not on PATH");
  });
});
