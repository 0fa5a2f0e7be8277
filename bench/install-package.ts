/**
 * The package as a user gets it: `npm pack` (prepack builds dist/), then `npm install` of the
 * tarball into a scratch folder, dependencies from the npm cache, and `@pulumi/pulumi` linked to
 * the repository's copy (the inline program runs in this process; one SDK copy per process).
 * The tests' helper (test/support/packed-package.ts) takes its tarball from vitest's global
 * setup, so the benchmark packs on its own.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, scratchDir } from "../test/support/pulumi";

export function installPackedPackage(prefix: string): string {
  const dest = path.join(repoRoot, ".cache", "bench-pack");
  mkdirSync(dest, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const tarball = path.join(dest, packed.trim().split("\n").pop()!);
  const dir = scratchDir(prefix);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `${prefix}-program`, private: true }));
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--legacy-peer-deps", "--no-save", tarball],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  const scope = path.join(dir, "node_modules", "@pulumi");
  mkdirSync(scope, { recursive: true });
  for (const name of readdirSync(path.join(repoRoot, "node_modules", "@pulumi"))) {
    symlinkSync(path.join(repoRoot, "node_modules", "@pulumi", name), path.join(scope, name));
  }
  return dir;
}
