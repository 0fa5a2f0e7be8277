/**
 * `npm run demo [-- up|preview|destroy] [--port N]`: bootstraps the `dev` environment's
 * tokens (the root Pulumi.yaml stack) against a local emulator whose state survives
 * between runs, so a second `npm run demo` reports no changes.
 *
 * Steps: build or reuse the Pulumi CLI; install this package from its own `npm pack`
 * tarball (as a user would); start the emulator with `--data .demo/emulator.json`; run the
 * Pulumi CLI on the root project with a file backend under `.demo/`; print the outputs
 * (secrets stay `[secret]`); stop the emulator, which flushes its state.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "../emulator";

const repo = path.resolve(__dirname, "..");
const demoDir = path.join(repo, ".demo");
const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith("--")) ?? "up";
const port = Number(args[args.indexOf("--port") + 1] ?? 0) || 18086;
const stack = "dev";

function step(message: string): void {
  console.log(`\n==> ${message}`);
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

async function main(): Promise<void> {
  if (!["up", "preview", "destroy"].includes(command)) {
    console.error(`usage: npm run demo [-- up|preview|destroy] [--port N]  (got "${command}")`);
    process.exit(2);
  }
  mkdirSync(path.join(demoDir, "state"), { recursive: true });
  const credentials = demoCredentials();

  step("Pulumi CLI (built from source on first use, then cached)");
  const bin = execFileSync("bash", [path.join(repo, "scripts", "setup-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;

  step("installing pulumi-influxdb-tokens from its npm pack tarball");
  installPackage();

  step("starting the emulator (state in .demo/emulator.json)");
  const emulator = await startEmulator({
    port,
    token: credentials.token,
    managementToken: credentials.managementToken,
    dataFile: path.join(demoDir, "emulator.json"),
  });
  console.log(`emulator listening on ${emulator.url} (org my-org, buckets telemetry and logs)`);

  const env = {
    ...process.env,
    PATH: [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(demoDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: credentials.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Where the tokens are managed: point these at a real InfluxDB to use it instead.
    INFLUX_HOST: emulator.url,
    INFLUX_TOKEN: credentials.token,
    INFLUX_ORG: "my-org",
    INFLUX_MANAGEMENT_URL: emulator.url,
    INFLUX_MANAGEMENT_TOKEN: credentials.managementToken,
  };
  // Asynchronous on purpose: the emulator answers from this process's event loop.
  const pulumi = (...cliArgs: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn("pulumi", [...cliArgs, "--cwd", repo], { env, stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`pulumi ${cliArgs.join(" ")} exited ${code}`)),
      );
    });

  try {
    step(`pulumi ${command} (stack ${stack})`);
    await pulumi("stack", "select", stack, "--create", "--non-interactive");
    if (command === "up") await pulumi("up", "--yes", "--non-interactive");
    if (command === "preview") await pulumi("preview", "--diff", "--non-interactive");
    if (command === "destroy") await pulumi("destroy", "--yes", "--non-interactive");
    step("stack outputs (secrets stay secret: `pulumi stack output --show-secrets` reveals them)");
    await pulumi("stack", "output");
    const state = emulator.state();
    console.log(`\nemulator now holds ${JSON.stringify(state.counts ?? state)}`);
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
