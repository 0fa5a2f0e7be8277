/**
 * An Automation API stack whose inline program uses this package as installed from its
 * `npm pack` tarball, against a server the test started. Tests change `desired` between
 * operations and read what the engine planned from the preview's events.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { type EngineEvent, LocalWorkspace, type PreviewResult, type Stack } from "@pulumi/pulumi/automation";
import { installPackedPackage } from "./packed-package";
import { type PulumiSandbox, pulumiSandbox } from "./pulumi";

export type Sdk = typeof import("../../sdk");
export type Program = (sdk: Sdk) => Record<string, unknown>;

export interface TokenStack {
  stack: Stack;
  sandbox: PulumiSandbox;
  /** The program folder: the tarball's install, also the dynamic-provider host's cwd. */
  dir: string;
  /** Preview, returning the result and the operation planned per resource name. */
  previewOps(): Promise<{ result: PreviewResult; ops: Record<string, string[]> }>;
  dispose(): void;
}

let installed: string | undefined;

/** One install per test file: `npm install` of the tarball takes a few seconds. */
function packageDir(): string {
  installed ??= installPackedPackage("e2e");
  return installed;
}

export async function createTokenStack(
  projectName: string,
  program: Program,
  config: Record<string, { value: string; secret?: boolean }>,
): Promise<TokenStack> {
  const sandbox = pulumiSandbox();
  const dir = packageDir();
  // For inline programs the engine starts the dynamic-provider host in this process's cwd,
  // and the serialized provider requires the package from there: run in the install folder so
  // the host loads the tarball's files, not the repository's own (self-reference to dist/).
  const previousCwd = process.cwd();
  process.chdir(dir);
  // The classes must come from the installed package: the provider they serialize requires it
  // by name from the program folder.
  const sdk: Sdk = require(path.join(dir, "node_modules", "pulumi-influxdb-tokens"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName, stackName: "dev", program: async () => program(sdk) },
    await sandbox.workspace(dir),
  );
  await stack.setAllConfig(config);
  return {
    stack,
    sandbox,
    dir,
    async previewOps() {
      const ops: Record<string, string[]> = {};
      const result = await stack.preview({
        diff: true,
        onEvent: (event: EngineEvent) => {
          const metadata = event.resourcePreEvent?.metadata;
          if (!metadata) return;
          const name = metadata.urn.split("::").pop()!;
          ops[name] = [...(ops[name] ?? []), metadata.op];
        },
      });
      return { result, ops };
    },
    dispose() {
      process.chdir(previousCwd);
      sandbox.dispose();
    },
  };
}

/**
 * The state as `pulumi stack export` prints it (secrets encrypted). The Automation API's
 * `exportStack()` decrypts secrets, so it cannot prove what is at rest.
 */
export function exportStack(t: TokenStack): string {
  return execFileSync("pulumi", ["stack", "export", "--stack", "dev", "--cwd", t.dir], {
    env: t.sandbox.env,
    encoding: "utf8",
  });
}

/** Removes the shared install once the file's tests are done. */
export function disposeInstalledPackage(): void {
  if (installed) rmSync(installed, { recursive: true, force: true });
  installed = undefined;
}
