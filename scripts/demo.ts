/**
 * `npm run demo [-- up|preview|destroy] [--port N]`: bootstraps the `dev` environment's
 * tokens (the root Pulumi.yaml stack) against a local emulator whose state survives
 * between runs, so a second `npm run demo` reports no changes.
 *
 * Steps: build or reuse the Pulumi CLI; install this package from its own `npm pack`
 * tarball (as a user would); start the emulator with `--data .demo/emulator.json` on port
 * 18086 (or a free one when that is taken); run the Pulumi CLI on the root project with a
 * file backend under `.demo/`; print the outputs (secrets stay `[secret]`) and the commands
 * that look at the stack afterwards; stop the emulator, which flushes its state.
 *
 * `npm run pulumi -- <args>` (this file with `pulumi` first) runs the same CLI with the same
 * backend and passphrase file, e.g. `npm run pulumi -- stack output --show-secrets`.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Emulator, type EmulatorOptions, startEmulator } from "../emulator";

const repo = path.resolve(__dirname, "..");
export const demoDir = path.join(repo, ".demo");
export const DEFAULT_PORT = 18086;
const stack = "dev";

export const USAGE = `Usage: npm run demo [-- up|preview|destroy] [--port N]
       npm run pulumi -- <pulumi arguments>

  up        create or update the demo stack's tokens (default)
  preview   show what up would change
  destroy   delete the demo stack's tokens
  --port N  the emulator's port (default ${DEFAULT_PORT}; when that is taken, a free one)
  --help    this text

The demo builds the Pulumi CLI from source on first use (cached after that), installs this
package from its npm pack tarball, and runs the root Pulumi project (stack ${stack}) against a
local emulator whose state stays in .demo/. Afterwards \`npm run pulumi -- ...\` runs that CLI
with the demo's backend, e.g. \`npm run pulumi -- stack output --show-secrets\`.
`;

export type DemoArgs =
  | { mode: "help" }
  | { mode: "demo"; command: "up" | "preview" | "destroy"; port?: number }
  | { mode: "pulumi"; args: string[] };

export class DemoUsageError extends Error {}

/** The demo's command line: `[up|preview|destroy] [--port N] [--help]` in any order, or `pulumi <args>`. */
export function parseDemoArgs(argv: string[]): DemoArgs {
  if (argv[0] === "pulumi") return { mode: "pulumi", args: argv.slice(1) };
  let command: "up" | "preview" | "destroy" | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h" || arg === "help") return { mode: "help" };
    const inline = /^--port=(.*)$/.exec(arg);
    if (arg === "--port" || inline) {
      const value = inline ? inline[1] : argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
        throw new DemoUsageError(
          `--port takes a port number 0-65535 (0: any free port), got ${value === undefined ? "nothing" : `"${value}"`}`,
        );
      }
      port = Number(value);
    } else if (arg === "up" || arg === "preview" || arg === "destroy") {
      if (command !== undefined && command !== arg)
        throw new DemoUsageError(`give one command, not "${command}" and "${arg}"`);
      command = arg;
    } else {
      throw new DemoUsageError(`unknown argument "${arg}"`);
    }
  }
  return { mode: "demo", command: command ?? "up", ...(port === undefined ? {} : { port }) };
}

const inUse = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE";

/**
 * Starts the demo's emulator on `port` if given (a port in use is then an error that says what
 * to do), otherwise on `defaultPort`, falling back to a free port when that one is taken.
 */
export async function startDemoEmulator(
  options: Omit<EmulatorOptions, "port"> & { port?: number; defaultPort?: number },
  say: (line: string) => void = console.log,
): Promise<Emulator> {
  const { port, defaultPort = DEFAULT_PORT, ...rest } = options;
  if (port !== undefined) {
    try {
      return await startEmulator({ ...rest, port });
    } catch (error) {
      if (!inUse(error)) throw error;
      throw new Error(
        `port ${port} on 127.0.0.1 is in use by another program: pick another with --port N, or leave --port out (the demo then uses ${defaultPort}, or a free port if that is taken too)`,
      );
    }
  }
  try {
    return await startEmulator({ ...rest, port: defaultPort });
  } catch (error) {
    if (!inUse(error)) throw error;
    const emulator = await startEmulator({ ...rest, port: 0 });
    say(
      `port ${defaultPort} is in use by another program: the emulator uses the free port ${new URL(emulator.url).port} instead (choose one with --port N)`,
    );
    return emulator;
  }
}

/** Demo credentials are random per clone, kept in .demo/ (git-ignored), never printed. */
function demoCredentials(): { token: string; managementToken: string; passphrase: string } {
  const file = path.join(demoDir, "credentials.json");
  if (!existsSync(file)) {
    const random = () => randomBytes(48).toString("base64url");
    writeFileSync(
      file,
      JSON.stringify({ token: random(), managementToken: random(), passphrase: random() }),
      {
        mode: 0o600,
      },
    );
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The file PULUMI_CONFIG_PASSPHRASE_FILE names: the demo passphrase alone, readable by its owner only. */
export const passphraseFile = path.join(demoDir, "passphrase");

function writePassphraseFile(passphrase: string): void {
  if (!existsSync(passphraseFile) || readFileSync(passphraseFile, "utf8") !== passphrase) {
    writeFileSync(passphraseFile, passphrase, { mode: 0o600 });
  }
  chmodSync(passphraseFile, 0o600);
}

/** The folder of the Pulumi CLI scripts/setup-pulumi.sh builds (or reuses): its last stdout line. */
function pulumiBin(): string {
  return execFileSync("bash", [path.join(repo, "scripts", "setup-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
}

/**
 * How `npm run pulumi -- <args>` (and the demo itself) runs the CLI: the built binary, the demo's
 * file backend, the passphrase by file (never in the environment), the project at the repository.
 */
export function pulumiInvocation(
  bin: string,
  args: string[],
  baseEnv: NodeJS.ProcessEnv = process.env,
): { file: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PATH: [bin, path.dirname(process.execPath), baseEnv.PATH].filter(Boolean).join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(demoDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  // The variable wins over the file in the CLI: one from the user's shell would not open the demo's state.
  delete env.PULUMI_CONFIG_PASSPHRASE;
  return { file: path.join(bin, "pulumi"), args, cwd: repo, env };
}

/** The closing lines: how to look at the stack afterwards, with the CLI the demo built. */
export function lookAtTheStack(bin: string): string {
  const shell = [
    `export PATH=${bin}:$PATH`,
    `export PULUMI_BACKEND_URL=file://${path.join(demoDir, "state")}`,
    `export PULUMI_CONFIG_PASSPHRASE_FILE=${passphraseFile}`,
  ];
  return `Look at the stack with the Pulumi CLI the demo built (npm run pulumi runs it with the demo's
backend and passphrase file; run these in ${repo}):
  npm run pulumi -- stack output --show-secrets    the outputs, secrets revealed
  npm run pulumi -- stack --show-ids               the resources and their IDs
  npm run pulumi -- stack history                  the updates so far
Or in this shell, for the plain \`pulumi\` command:
  ${shell.join("\n  ")}
  pulumi stack output --show-secrets --cwd ${repo}
The passphrase is in ${passphraseFile} (mode 0600); the emulator runs only during npm run demo.
`;
}

/** The demo program imports "pulumi-influxdb-tokens": install it from the packed tarball. */
function installPackage(): void {
  const packDir = path.join(demoDir, "pack");
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  const target = path.join(repo, "node_modules", "pulumi-influxdb-tokens");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(packDir, tgz), "--strip-components=1", "-C", target]);
}

function step(message: string): void {
  console.log(`\n==> ${message}`);
}

/** Runs the CLI asynchronously: the emulator answers from this process's event loop. */
function run(bin: string, cliArgs: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  const invocation = pulumiInvocation(bin, cliArgs);
  return new Promise((resolve, reject) => {
    const child = spawn(invocation.file, invocation.args, {
      cwd: invocation.cwd,
      env: { ...invocation.env, ...extraEnv },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function demo(command: "up" | "preview" | "destroy", port: number | undefined): Promise<void> {
  mkdirSync(path.join(demoDir, "state"), { recursive: true });
  const credentials = demoCredentials();
  writePassphraseFile(credentials.passphrase);

  step("Pulumi CLI (built from source on first use, then cached)");
  const bin = pulumiBin();

  step("installing pulumi-influxdb-tokens from its npm pack tarball");
  installPackage();

  step("starting the emulator (state in .demo/emulator.json)");
  const emulator = await startDemoEmulator({
    ...(port === undefined ? {} : { port }),
    token: credentials.token,
    managementToken: credentials.managementToken,
    dataFile: path.join(demoDir, "emulator.json"),
  });
  console.log(`emulator listening on ${emulator.url} (org my-org, buckets telemetry and logs)`);

  // Where the tokens are managed: point these at a real InfluxDB to use it instead.
  const influx = {
    INFLUX_HOST: emulator.url,
    INFLUX_TOKEN: credentials.token,
    INFLUX_ORG: "my-org",
    INFLUX_MANAGEMENT_URL: emulator.url,
    INFLUX_MANAGEMENT_TOKEN: credentials.managementToken,
  };
  const pulumi = async (...cliArgs: string[]) => {
    const code = await run(bin, cliArgs, influx);
    if (code !== 0) throw new Error(`pulumi ${cliArgs.join(" ")} exited ${code}`);
  };

  try {
    step(`pulumi ${command} (stack ${stack})`);
    await pulumi("stack", "select", stack, "--create", "--non-interactive");
    if (command === "up") await pulumi("up", "--yes", "--non-interactive");
    if (command === "preview") await pulumi("preview", "--diff", "--non-interactive");
    if (command === "destroy") await pulumi("destroy", "--yes", "--non-interactive");
    step("stack outputs (secrets stay [secret]: the commands below reveal them)");
    await pulumi("stack", "output");
    const state = emulator.state();
    console.log(`\nemulator now holds ${JSON.stringify(state.counts ?? state)}`);
  } finally {
    await emulator.close();
  }
  step("next");
  process.stdout.write(lookAtTheStack(bin));
}

async function main(argv: string[]): Promise<number> {
  let parsed: DemoArgs;
  try {
    parsed = parseDemoArgs(argv);
  } catch (error) {
    if (!(error instanceof DemoUsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.mode === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.mode === "pulumi") {
    // A demo run before the passphrase file existed left the passphrase in credentials.json only.
    if (existsSync(path.join(demoDir, "credentials.json"))) writePassphraseFile(demoCredentials().passphrase);
    if (!existsSync(passphraseFile)) {
      process.stderr.write(
        `npm run pulumi: no demo stack yet (${passphraseFile} is missing): run npm run demo first\n`,
      );
      return 2;
    }
    return run(pulumiBin(), parsed.args);
  }
  await demo(parsed.command, parsed.port);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
