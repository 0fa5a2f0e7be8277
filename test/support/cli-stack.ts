/**
 * Pulumi projects driven through the `pulumi` CLI itself (not the Automation API), for tests that
 * run several stacks at once, share or split PULUMI_HOME and backends, or SIGKILL a `pulumi up`.
 * Each CLI run is its own process group, so a test can kill it the way a CI timeout does.
 *
 * One program serves every test: `index.js` declares as many tokens of each kind as the stack's
 * `test:*` config asks for, with definitions identical across stacks (same descriptions,
 * permissions and resource names), which is what makes two stacks' tokens indistinguishable
 * except by what each create attempt proved.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { installPackedPackage } from "./packed-package";
import { type PulumiSandbox, pulumiSandbox, repoRoot, scratchDir } from "./pulumi";

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const t = require("pulumi-influxdb-tokens");
const c = new pulumi.Config("test");
const n = (key) => c.getNumber(key) ?? 0;
const reader = [{ resourceType: "db", resourceNames: ["sensors"], actions: ["read"] }];
for (let i = 0; i < n("auths"); i++)
  new t.Authorization("auth-" + i, {
    description: "auth " + i,
    permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
  });
for (let i = 0; i < n("dbs"); i++)
  new t.DatabaseToken("db-" + i, { description: "db " + i, permissions: [{ action: "read", resource: "sensors" }] });
for (let i = 0; i < n("admins"); i++) new t.AdminToken("admin-" + i, { expiresIn: "30d" });
for (let i = 0; i < n("resources"); i++) new t.ResourceToken("reader-" + i, { permissions: reader, expiresIn: "30d" });
for (let i = 0; i < n("namedAdmins"); i++)
  new t.AdminToken("named-admin-" + i, { name: "named-admin-" + i, expiresIn: "30d" });
for (let i = 0; i < n("namedResources"); i++)
  new t.ResourceToken("named-reader-" + i, { name: "named-reader-" + i, permissions: reader, expiresIn: "30d" });
if (c.getBoolean("operator")) new t.OperatorToken("operator", {});
`;

/** How many tokens of each kind a stack declares (the program's `test:*` config). */
export interface Declared {
  auths?: number;
  dbs?: number;
  admins?: number;
  resources?: number;
  namedAdmins?: number;
  namedResources?: number;
  operator?: boolean;
}

let installed: string | undefined;
const projects: string[] = [];

/**
 * The tarball installed once per test file, with a real copy of @pulumi/pulumi (as in a user's
 * install): the dynamic-provider host then requires this package from the install, never from
 * the repository through a symlink.
 */
export function cliInstall(): string {
  if (installed) return installed;
  const dir = installPackedPackage("e2e-cli");
  const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
  rmSync(sdk, { force: true, recursive: true });
  cpSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi"), sdk, {
    recursive: true,
    dereference: true,
  });
  installed = dir;
  return dir;
}

/** Removes the shared install and every project folder made from it. */
export function disposeCliInstall(): void {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (installed) rmSync(installed, { recursive: true, force: true });
  installed = undefined;
}

/** Where stacks are kept and which PULUMI_HOME the CLI (and so the provider's journal) uses. */
export interface CliEnv {
  env: Record<string, string>;
  home: string;
  backend: string;
  sandbox: PulumiSandbox;
}

/**
 * A fresh file backend and PULUMI_HOME in a new sandbox; `share` reuses another env's home or
 * backend folder (dispose every env of a test only once the test is done).
 */
export function cliEnv(share: { home?: string; backend?: string } = {}): CliEnv {
  const sandbox = pulumiSandbox();
  const home = share.home ?? path.join(sandbox.stateDir, "home");
  const backend = share.backend ?? path.join(sandbox.stateDir, "backend");
  mkdirSync(backend, { recursive: true });
  sandbox.env["PULUMI_HOME"] = home;
  sandbox.env["PULUMI_BACKEND_URL"] = `file://${backend}`;
  return { env: sandbox.env, home, backend, sandbox };
}

/** A project folder (program + Pulumi.yaml) using the shared install's node_modules. */
export function cliProject(projectName: string): string {
  const install = cliInstall();
  const dir = scratchDir(`cli-${projectName}`);
  projects.push(dir);
  writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\nmain: index.js\n`);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: projectName, private: true }));
  writeFileSync(path.join(dir, "index.js"), PROGRAM);
  symlinkSync(path.join(install, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

export interface CliRun {
  child: ChildProcess;
  pid: number;
  done: Promise<CliResult>;
}

/** Starts `pulumi <args>` as its own process group leader; output is collected, never thrown. */
export function startPulumi(env: CliEnv, cwd: string, args: string[]): CliRun {
  const child = spawn("pulumi", [...args, "--non-interactive"], {
    cwd,
    env: env.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on("error", (error) => resolve({ code: -1, signal: null, out: `${out}\n${error.message}` }));
    child.on("close", (code, signal) => resolve({ code, signal, out }));
  });
  return { child, pid: child.pid as number, done };
}

/** Runs `pulumi <args>` to the end; throws with the output unless it exits 0 (or `allowFailure`). */
export async function pulumi(
  env: CliEnv,
  cwd: string,
  args: string[],
  options: { allowFailure?: boolean } = {},
): Promise<CliResult> {
  const result = await startPulumi(env, cwd, args).done;
  if (result.code !== 0 && !options.allowFailure) {
    throw new Error(`pulumi ${args.join(" ")} exited ${result.code ?? result.signal}:\n${result.out}`);
  }
  return result;
}

/** `stack init` plus every setting in one `config set-all`. */
export async function initStack(
  env: CliEnv,
  cwd: string,
  stack: string,
  declared: Declared,
  config: { plain?: Record<string, string>; secret?: Record<string, string> },
): Promise<void> {
  await pulumi(env, cwd, ["stack", "init", stack]);
  const args = ["config", "set-all", "--stack", stack];
  const plain: Record<string, string> = { ...config.plain };
  for (const [key, value] of Object.entries(declared)) plain[`test:${key}`] = String(value);
  for (const [key, value] of Object.entries(plain)) args.push("--plaintext", `${key}=${value}`);
  for (const [key, value] of Object.entries(config.secret ?? {})) args.push("--secret", `${key}=${value}`);
  await pulumi(env, cwd, args);
}

export const up = (env: CliEnv, cwd: string, stack: string) =>
  startPulumi(env, cwd, ["up", "--yes", "--skip-preview", "--stack", stack]);

/** A dynamic resource of the stack's state: URN, type (`Authorization`, ...) and Pulumi ID. */
export interface StateResource {
  urn: string;
  type: string;
  id: string;
  outputs: Record<string, unknown>;
}

export interface StackState {
  resources: StateResource[];
  /** Operations the engine started and never heard back about (a killed run). */
  pending: Array<{ type: string; urn: string }>;
}

export async function stackState(env: CliEnv, cwd: string, stack: string): Promise<StackState> {
  const { out } = await pulumi(env, cwd, ["stack", "export", "--stack", stack]);
  const deployment = (JSON.parse(out.slice(out.indexOf("{"))) as { deployment: Record<string, unknown> })
    .deployment;
  const resources = ((deployment["resources"] ?? []) as Array<Record<string, unknown>>)
    .filter((r) => String(r["type"]).startsWith("pulumi-nodejs:dynamic/"))
    .map((r) => ({
      urn: String(r["urn"]),
      type: String(r["type"]).split(":").pop() as string,
      id: String(r["id"] ?? ""),
      outputs: (r["outputs"] ?? {}) as Record<string, unknown>,
    }));
  const pending = ((deployment["pending_operations"] ?? []) as Array<Record<string, unknown>>).map((p) => ({
    type: String(p["type"]),
    urn: String((p["resource"] as Record<string, unknown> | undefined)?.["urn"] ?? ""),
  }));
  return { resources, pending };
}

/**
 * The state after a SIGKILL. A kill can land while the engine writes its checkpoint: the CLI then
 * answers "failed to load checkpoint". The file backend renames each checkpoint into place, but
 * first rewrites its `<stack>.json.attrs` sidecar in place (gocloud's fileblob), so a kill there
 * leaves the checkpoint whole and the sidecar empty ("EOF"); a missing sidecar is fine to it. A
 * user deletes the unreadable sidecar (docs/troubleshooting.md), or else restores the backend's own
 * backup (the checkpoint before the last write); so does this, and says so in `repaired` with the
 * folder's listing. The provider's guarantees must hold either way: a token whose checkpoint was
 * lost is one that create returned and the state lacks.
 */
export async function stateAfterKill(
  env: CliEnv,
  cwd: string,
  stack: string,
): Promise<{ state: StackState; repaired?: string }> {
  try {
    return { state: await stackState(env, cwd, stack) };
  } catch (error) {
    if (!/failed to load checkpoint/.test(String(error))) throw error;
    const project = /^name: (.+)$/m.exec(readFileSync(path.join(cwd, "Pulumi.yaml"), "utf8"))?.[1] ?? "";
    const folder = path.join(env.backend, ".pulumi", "stacks", project);
    const listing = readdirSync(folder)
      .map((name) => `${name} (${statSync(path.join(folder, name)).size} B)`)
      .join(", ");
    const why = `checkpoint unreadable after the kill (${String(error).split("\n")[1] ?? ""}); stack folder: ${listing}`;
    const sidecars = readdirSync(folder).filter(
      (name) => name.endsWith(".attrs") && !readableJson(path.join(folder, name)),
    );
    for (const name of sidecars) rmSync(path.join(folder, name));
    if (sidecars.length > 0) {
      try {
        return {
          state: await stackState(env, cwd, stack),
          repaired: `${why}; removed ${sidecars.join(", ")}`,
        };
      } catch (again) {
        if (!/failed to load checkpoint/.test(String(again))) throw again;
      }
    }
    copyFileSync(path.join(folder, `${stack}.json.bak`), path.join(folder, `${stack}.json`));
    return { state: await stackState(env, cwd, stack), repaired: `${why}; restored ${stack}.json.bak` };
  }
}

function readableJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/** The killed CLI left its stack lock in the file backend; a user removes the stale lock file. */
export function removeStaleLocks(env: CliEnv): void {
  rmSync(path.join(env.backend, ".pulumi", "locks"), { recursive: true, force: true });
}

interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

function processTable(): ProcessRow[] {
  return execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,args="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => {
      const [pid, ppid, pgid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), args: args.join(" ") };
    });
}

/** The CLI and every process it started, by parent PID (plugins run in process groups of their own). */
export function processTree(root: number): ProcessRow[] {
  const table = processTable();
  const tree = table.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) {
    for (const row of table) if (row.ppid === tree[i]?.pid) tree.push(row);
  }
  return tree;
}

/** Whether a process is alive (not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/**
 * SIGKILL of a `pulumi` run: its process group, then every process of its tree that the group
 * kill did not reach (the engine starts each plugin with setpgid, so the dynamic-provider host
 * and the language host are in groups of their own). Only processes this test started.
 */
export function killRun(
  run: CliRun,
  scope: "group" | "tree",
): { tree: ProcessRow[]; survivors: ProcessRow[] } {
  const tree = processTree(run.pid);
  try {
    process.kill(-run.pid, "SIGKILL");
  } catch {
    // already gone
  }
  if (scope === "tree") {
    for (const p of tree) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  return { tree, survivors: tree.filter((p) => p.pid !== run.pid && p.pgid !== run.pid) };
}

/** Kills what `killRun(run, "group")` left alive. */
export function killSurvivors(rows: ProcessRow[]): void {
  for (const p of rows) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** One token the audit CLI lists as created but possibly never recorded. */
export interface Unrecorded {
  /**
   * `unconfirmed` (create returned, no later run saw the state hold it: the documented window),
   * `in-progress` (its process still runs), `to-clean-up`, `to-check`, `unprovable`.
   */
  state: string;
  /** Every identifier the entry names (token ID, marker: for autonamed InfluxDB 3 tokens, the name). */
  ids: string[];
  raw: unknown;
}

/**
 * `pulumi-influxdb-tokens unrecorded --json` of the installed package, reading the journal of
 * `env`'s PULUMI_HOME. Returns undefined (with the output) when the command is not there or
 * fails: then nothing counts as listed.
 */
export function unrecorded(env: CliEnv): { entries: Unrecorded[] } | { error: string } {
  const cli = path.join(cliInstall(), "node_modules", "pulumi-influxdb-tokens", "dist", "cli", "index.js");
  if (!existsSync(cli)) return { error: `${cli} is missing` };
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, "unrecorded", "--json"], {
      env: env.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { error: `exit ${e.status}: ${e.stdout ?? ""}${e.stderr ?? ""}`.trim() };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(out);
  } catch {
    return { error: `not JSON: ${out.slice(0, 500)}` };
  }
  const list = Array.isArray(parsed)
    ? parsed
    : ((Object.values(parsed as Record<string, unknown>).find(Array.isArray) as unknown[] | undefined) ?? []);
  return {
    entries: list.map((raw) => {
      const ids: string[] = [];
      const entry = raw as Record<string, unknown>;
      for (const key of ["id", "tokenId", "token_id", "tokenName", "name", "marker"]) {
        const value = entry[key];
        if (typeof value === "string" || typeof value === "number") ids.push(String(value));
      }
      return { state: String(entry["state"] ?? ""), ids, raw };
    }),
  };
}
