/**
 * A real InfluxDB OSS v2.9.1 server (`influxd`, built from source by
 * scripts/setup-influxd.sh) as a {@link V2TestServer}, so suites written for the emulator
 * run unchanged against the real thing.
 *
 * Each call starts a fresh, onboarded instance: its own loopback port, its own temporary
 * folder for bolt, sqlite and engine files, user `admin`, org `my-org`, buckets
 * `telemetry` and `logs`. `stop()` ends the process and removes the folder.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { V2ServerOptions, V2TestServer } from "./v2-server";

export interface InfluxdOptions extends V2ServerOptions {
  /** Operator token to onboard with; random by default. */
  token?: string;
}

/** What a test may want beyond {@link V2TestServer}: to prove `stop()` leaves nothing behind. */
export interface InfluxdTestServer extends V2TestServer {
  kind: "influxd";
  pid: number;
  /** The temporary folder holding bolt, sqlite and engine files; removed by `stop()`. */
  dataDir: string;
  /** Milliseconds from spawn to the first passing `/health`. */
  startupMs: number;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SETUP_SCRIPT = path.join(REPO_ROOT, "scripts", "setup-influxd.sh");
const HEALTH_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const ORG = "my-org";
const USER = "admin";
const FIRST_BUCKET = "telemetry";
const EXTRA_BUCKETS = ["logs"];

let binaryPath: Promise<string> | undefined;

/**
 * The influxd binary: `$INFLUXD_BIN`, else the setup script's cached build (built on first
 * use, which takes minutes when cold; CI runs the script beforehand).
 */
export function influxdBinary(): Promise<string> {
  binaryPath ??= findBinary();
  binaryPath.catch(() => {
    binaryPath = undefined; // let a later call try again
  });
  return binaryPath;
}

async function findBinary(): Promise<string> {
  const fromEnv = process.env["INFLUXD_BIN"];
  if (fromEnv) {
    try {
      accessSync(fromEnv, constants.X_OK);
    } catch {
      throw new Error(`INFLUXD_BIN=${fromEnv} is not an executable file`);
    }
    return fromEnv;
  }
  return new Promise((resolve, reject) => {
    // Progress goes to our stderr; the binary's path is the last line on stdout.
    const child = spawn("bash", [SETUP_SCRIPT], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop()?.trim();
      if (code === 0 && last) resolve(last);
      else reject(new Error(`bash ${SETUP_SCRIPT} failed (exit ${code}); its messages are above`));
    });
  });
}

/** Starts and onboards a fresh influxd. `tokenVisibility`: "hashed" (2.9 default) or "plain". */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdTestServer> {
  const tokenVisibility = options.tokenVisibility ?? "hashed";
  if (tokenVisibility === "redacted") {
    throw new Error(
      'startInfluxd: tokenVisibility "redacted" is InfluxDB Cloud behaviour; influxd can only store ' +
        'tokens hashed ("hashed", the 2.9 default) or in plain text ("plain"). Use the emulator for "redacted".',
    );
  }
  const bin = await influxdBinary();
  const token = options.token ?? `pit-operator-${randomBytes(24).toString("base64url")}`;

  // The free port is found by binding port 0 and releasing it, so another process can
  // take it before influxd binds it: retry with a new port if that happens.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin, tokenVisibility, token);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(
  bin: string,
  tokenVisibility: "plain" | "hashed",
  token: string,
): Promise<InfluxdTestServer> {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "pit-influxd-"));
  const args = [
    "run",
    // The only listener influxd opens (API, /health, /metrics, /debug/pprof share it).
    `--http-bind-address=127.0.0.1:${port}`,
    `--bolt-path=${path.join(dataDir, "influxd.bolt")}`,
    `--sqlite-path=${path.join(dataDir, "influxd.sqlite")}`,
    `--engine-path=${path.join(dataDir, "engine")}`,
    "--reporting-disabled", // no usage statistics sent to InfluxData
    "--log-level=error",
    `--use-hashed-tokens=${tokenVisibility === "hashed"}`,
  ];
  const env = { ...process.env };
  // influxd reads INFLUXD_* variables and a config.{json,toml,yaml,yml} in its working
  // directory or at INFLUXD_CONFIG_PATH (flags > env > file): none of the developer's may
  // leak in. Its default data folder is ~/.influxdbv2; HOME points into dataDir so that
  // anything not covered by the flags above still lands in the folder stop() removes.
  for (const key of Object.keys(env)) if (key.startsWith("INFLUXD_")) delete env[key];
  env["HOME"] = dataDir;

  const started = performance.now();
  const child = spawn(bin, args, { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = new OutputTail();
  child.stdout?.setEncoding("utf8").on("data", (s: string) => output.add(s));
  child.stderr?.setEncoding("utf8").on("data", (s: string) => output.add(s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // A failed spawn emits "error" and never "exit".
    child.once("error", (error) => {
      output.add(`cannot run ${bin}: ${error.message}\n`);
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });

  // A test run that ends without stop() (crash, forgotten afterAll) still leaves nothing behind.
  const onExit = () => {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener("exit", onExit);
      await terminate(child, exited);
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })();
    return stopping;
  };

  try {
    await waitForHealth(url, exited, output);
    const startupMs = Math.round(performance.now() - started);
    const setup = await onboard(url, token);
    const buckets: Record<string, string> = { [setup.bucket.name]: setup.bucket.id };
    for (const name of EXTRA_BUCKETS) {
      buckets[name] = await createBucket(url, token, setup.org.id, name);
    }
    return {
      kind: "influxd",
      url,
      token,
      org: { id: setup.org.id, name: setup.org.name },
      user: { id: setup.user.id, name: setup.user.name },
      buckets,
      tokenVisibility,
      pid: child.pid!,
      dataDir,
      startupMs,
      stop,
    };
  } catch (error) {
    await stop();
    if (/address already in use/i.test(output.text())) {
      throw new PortTakenError(`port ${port} was taken before influxd bound it`);
    }
    throw error;
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

/** Keeps the last few KB of influxd's output for error messages. */
class OutputTail {
  private buffer = "";
  add(chunk: string): void {
    this.buffer = (this.buffer + chunk).slice(-8_000);
  }
  text(): string {
    return this.buffer;
  }
}

async function waitForHealth(
  url: string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  output: OutputTail,
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(
        `influxd exited before /health passed (code ${exit.code}, signal ${exit.signal}). Output:\n${output.text()}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.ok && /"status":\s*"pass"/.test(body)) return;
      last = `${response.status} ${body}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `influxd at ${url} did not pass /health within ${HEALTH_TIMEOUT_MS} ms (last: ${last}). Output:\n${output.text()}`,
  );
}

interface SetupResponse {
  user: { id: string; name: string };
  org: { id: string; name: string };
  bucket: { id: string; name: string };
}

async function onboard(url: string, token: string): Promise<SetupResponse> {
  const response = await fetch(`${url}/api/v2/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      username: USER,
      password: randomBytes(18).toString("base64url"),
      org: ORG,
      bucket: FIRST_BUCKET,
      token,
    }),
  });
  const body = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST ${url}/api/v2/setup answered ${response.status}: ${body}`);
  }
  return JSON.parse(body) as SetupResponse;
}

async function createBucket(url: string, token: string, orgID: string, name: string): Promise<string> {
  const response = await fetch(`${url}/api/v2/buckets`, {
    method: "POST",
    headers: { authorization: `Token ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ orgID, name, retentionRules: [] }),
  });
  const body = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST ${url}/api/v2/buckets (${name}) answered ${response.status}: ${body}`);
  }
  return (JSON.parse(body) as { id: string }).id;
}

/** SIGTERM, then SIGKILL if influxd has not exited after STOP_TIMEOUT_MS. */
async function terminate(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    await exited;
    return;
  }
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}
