/**
 * Runs the real Pulumi engine offline: the CLI built by scripts/setup-pulumi.sh, a file
 * backend in a temporary folder, a passphrase secrets provider, no update check and no
 * plugin download. Every engine-level test gets its environment from here.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LocalWorkspaceOptions, PulumiCommand } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "..", "..");

let binDir: string | undefined;

/** Builds the CLI on first use (minutes, cold) and returns the folder holding `pulumi`. */
export function pulumiBinDir(): string {
  binDir ??= execFileSync("bash", [path.join(repoRoot, "scripts", "setup-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return binDir;
}

export interface PulumiSandbox {
  /** Environment for the CLI, the Automation API and the processes they start. */
  env: Record<string, string>;
  /** Automation API workspace options: our CLI, this environment, the given work dir. */
  workspace(workDir: string): Promise<LocalWorkspaceOptions>;
  /** Where the file backend keeps stacks. */
  stateDir: string;
  dispose(): void;
}

export function pulumiSandbox(extraEnv: Record<string, string> = {}): PulumiSandbox {
  const stateDir = mkdtempSync(path.join(tmpdir(), "pit-pulumi-"));
  mkdirSync(path.join(stateDir, "backend"));
  const nodeBin = path.dirname(process.execPath);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // Our CLI (with our dynamic-provider launcher beside it), then the Node this test runs on.
    PATH: [pulumiBinDir(), nodeBin, process.env.PATH].join(path.delimiter),
    PULUMI_HOME: path.join(stateDir, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    ...extraEnv,
  };
  return {
    env,
    stateDir,
    // The Automation API looks the CLI up on its own process's PATH unless told where it is.
    workspace: async (workDir) => ({
      workDir,
      envVars: env,
      pulumiHome: env.PULUMI_HOME,
      pulumiCommand: await PulumiCommand.get({ root: path.dirname(pulumiBinDir()) }),
    }),
    dispose: () => rmSync(stateDir, { recursive: true, force: true }),
  };
}

/**
 * A scratch folder inside the repository (git-ignored `.cache/work/`), for Pulumi project
 * folders and Automation API work dirs: the engine starts the dynamic-provider host with the
 * program's folder as cwd, and from here Node finds the repository's node_modules.
 */
export function scratchDir(prefix: string): string {
  const parent = path.join(repoRoot, ".cache", "work");
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, `${prefix}-`));
}
