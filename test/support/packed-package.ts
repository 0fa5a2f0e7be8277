/**
 * Installs this package as a user would: from the tarball `npm pack` makes, into a fresh
 * folder. Engine-level tests run their Pulumi programs there, so what they prove holds
 * for the published files (exports map, dist/, closure serialization from node_modules),
 * not just for the source tree.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { repoRoot, scratchDir } from "./pulumi";

/** The tarball test/global-setup.ts packed once for the whole run. */
export function packedTarball(): string {
  const packed = inject("packedTarball");
  if ("error" in packed) throw new Error(packed.error);
  return packed.path;
}

/**
 * A folder with `node_modules/pulumi-influxdb-tokens` installed from the tarball, its
 * dependencies from the npm cache (no network), and `@pulumi/pulumi` linked to the
 * repository's copy: an inline Automation API program runs in the test process, and one
 * copy of the SDK per process keeps Pulumi's runtime state in one place.
 */
export function installPackedPackage(prefix = "packed", project?: string): string {
  const dir = scratchDir(prefix);
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `${prefix}-program`, private: true, version: "0.0.0" }, null, 2),
  );
  // --prefer-offline, not --offline: `npm ci` caches the dependencies' tarballs but not the full
  // package documents an install of a tarball asks for, so a fresh machine's cache lacks them.
  execFileSync(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--legacy-peer-deps",
      "--no-save",
      packedTarball(),
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  const scope = path.join(dir, "node_modules", "@pulumi");
  mkdirSync(scope, { recursive: true });
  for (const name of readdirSync(path.join(repoRoot, "node_modules", "@pulumi"))) {
    symlinkSync(path.join(repoRoot, "node_modules", "@pulumi", name), path.join(scope, name));
  }
  // A Pulumi project (an example) goes on top, its own package.json included: Pulumi runs the
  // `main` of the program folder's nearest package.json.
  if (project) cpSync(project, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  return dir;
}
