/**
 * Runs once before any test file: packs the package (prepack builds dist/) so that every
 * engine-level test installs the same tarball, and no two test workers build dist/ at once.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };

declare module "vitest" {
  export interface ProvidedContext {
    /** The tarball's path, or why packing failed (only tests that install it fail then). */
    packedTarball: { path: string } | { error: string };
  }
}

export default function setup(project: TestProject): () => void {
  const root = path.resolve(__dirname, "..");
  // Hook-level tests create tokens outside any engine run: their create journal goes to a folder
  // of the run, not the user's ~/.pulumi (engine tests set a PULUMI_HOME per stack anyway).
  process.env.PULUMI_HOME ??= path.join(root, ".cache", "test-pulumi-home", `${process.pid}`);
  // One folder per run: several vitest runs may share the checkout.
  const dest = path.join(root, ".cache", "pack", `${process.pid}-${Date.now()}`);
  mkdirSync(dest, { recursive: true });
  try {
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    })
      .trim()
      .split("\n")
      .pop()!;
    project.provide("packedTarball", { path: path.join(dest, name) });
  } catch (error) {
    const output = (error as { stdout?: string; stderr?: string }) ?? {};
    project.provide("packedTarball", {
      error: `npm pack failed:\n${output.stdout ?? ""}${output.stderr ?? ""}`,
    });
  }
  return () => {
    rmSync(dest, { recursive: true, force: true });
    rmSync(path.join(root, ".cache", "test-pulumi-home", `${process.pid}`), { recursive: true, force: true });
  };
}
