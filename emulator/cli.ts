import { parseArgs } from "node:util";
import { startEmulator } from "./index";
import type { Emulator, EmulatorOptions, FaultOptions } from "./options";

/** Every flag, with the EmulatorOptions field it sets. Printed by --help; documented in README.md "Emulator". */
const HELP = `Usage: npx pulumi-influxdb-tokens emulator [flags]    (in a clone: npm run emulator -- [flags])
       npx pulumi-influxdb-tokens emulator --influxdb3 [flags]    InfluxDB 3 Core/Enterprise instead

Local InfluxDB token-API emulator: InfluxDB v2 (/api/v2) and the InfluxDB 3 Clustered /
Cloud Dedicated management API (/api/v0), with an admin endpoint at /__emulator.

  --host <addr>                  interface to bind (default 127.0.0.1)
  --port <n>                     port; 0 picks a free one (default 8086)
  --token <t>                    operator token of the seeded v2 instance (default: random, 88 chars)
  --management-token <t>         bearer token for /api/v0 (default: random)
  --token-visibility <mode>      plain | hashed | redacted: what v2 GET/list/PATCH answer in "token"
                                 (plain = OSS <= 2.8, hashed = OSS 2.9+ "" (default), redacted = Cloud)
  --data <file>                  persist state to this JSON file (atomic), load it at start
  --activation-delay-ms <n>      new database tokens answer 401 on the data API for n ms (default 0)
  --revoked-database-tokens <m>  hidden | visible: after DELETE, GET answers 404 (hidden, default)
                                 or 200 with revokedAt (visible; revoked tokens are then listed too)
  --seed <n>                     PRNG seed: same IDs, tokens and fault decisions on every run
  --latency-ms <n|min,max>       fault: added latency per request
  --fault-rate-429 <0..1>        fault: fraction of requests answered 429 with Retry-After
  --fault-rate-503 <0..1>        fault: fraction of requests answered 503 with Retry-After
  --retry-after-seconds <n>      fault: Retry-After value (default 1)
  --fault-reset-before <0..1>    fault: fraction of connections reset before the request is processed
  --fault-reset-after <0..1>     fault: fraction processed (state changes) then reset without an answer
  --fault-methods <A,B>          faults only for these methods (e.g. POST,DELETE)
  --fault-paths <regex>          faults only for paths matching this regular expression
  --help                         show this help

Prints the seeded IDs and URLs, the environment variables and the \`pulumi config set\` lines
that point a shell or a stack at it, then one line "listening on http://127.0.0.1:<port>".
Stops cleanly on SIGINT/SIGTERM, flushing --data.`;

export function parseCli(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      "management-token": { type: "string" },
      "token-visibility": { type: "string" },
      data: { type: "string" },
      "activation-delay-ms": { type: "string" },
      "revoked-database-tokens": { type: "string" },
      seed: { type: "string" },
      "latency-ms": { type: "string" },
      "fault-rate-429": { type: "string" },
      "fault-rate-503": { type: "string" },
      "retry-after-seconds": { type: "string" },
      "fault-reset-before": { type: "string" },
      "fault-reset-after": { type: "string" },
      "fault-methods": { type: "string" },
      "fault-paths": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number >= 0, got "${v}"`);
    return Number(v);
  };
  const rate = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !(n >= 0 && n <= 1))
      throw new Error(`--${name} must be a number between 0 and 1, got "${v}"`);
    return n;
  };
  const oneOf = <T extends string>(
    name: string,
    v: string | undefined,
    allowed: readonly T[],
  ): T | undefined => {
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v))
      throw new Error(`--${name} must be one of ${allowed.join(", ")}, got "${v}"`);
    return v as T;
  };
  const faults: FaultOptions = {};
  const latency = values["latency-ms"];
  if (latency !== undefined) {
    const parts = latency.split(",").map((p) => int("latency-ms", p.trim()) as number);
    faults.latencyMs = parts.length === 2 ? [parts[0] as number, parts[1] as number] : (parts[0] as number);
  }
  const set = <K extends keyof FaultOptions>(k: K, v: FaultOptions[K] | undefined) => {
    if (v !== undefined) faults[k] = v;
  };
  set("rate429", rate("fault-rate-429", values["fault-rate-429"]));
  set("rate503", rate("fault-rate-503", values["fault-rate-503"]));
  set("retryAfterSeconds", int("retry-after-seconds", values["retry-after-seconds"]));
  set("resetBeforeRate", rate("fault-reset-before", values["fault-reset-before"]));
  set("resetAfterRate", rate("fault-reset-after", values["fault-reset-after"]));
  set(
    "methods",
    values["fault-methods"]?.split(",").map((m) => m.trim().toUpperCase()),
  );
  set("paths", values["fault-paths"]);

  const options: EmulatorOptions = { port: int("port", values.port) ?? 8086 };
  if (values.host !== undefined) options.host = values.host;
  if (values.token !== undefined) options.token = values.token;
  if (values["management-token"] !== undefined) options.managementToken = values["management-token"];
  const visibility = oneOf("token-visibility", values["token-visibility"], [
    "plain",
    "hashed",
    "redacted",
  ] as const);
  if (visibility) options.tokenVisibility = visibility;
  if (values.data !== undefined) options.dataFile = values.data;
  const delay = int("activation-delay-ms", values["activation-delay-ms"]);
  if (delay !== undefined) options.activationDelayMs = delay;
  const revoked = oneOf("revoked-database-tokens", values["revoked-database-tokens"], [
    "hidden",
    "visible",
  ] as const);
  if (revoked) options.revokedDatabaseTokens = revoked;
  const seed = int("seed", values.seed);
  if (seed !== undefined) options.seed = seed;
  if (Object.keys(faults).length > 0) options.faults = faults;
  return options;
}

/** A value as a POSIX shell word: as is when it is safe, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What a port in use means, and the flag that picks another. */
export function portInUse(host: string, port: number): string {
  return `port ${port} on ${host} is in use by another program (an InfluxDB, or another emulator?): pick another with --port <n>, or --port 0 for a free one`;
}

/**
 * The lines that point a shell (the audit CLI, a Pulumi program's providers) or a stack at the
 * emulator: the providers' environment variables and their `pulumi config set` equivalents.
 * The tokens are the emulator's own, for this local server only.
 */
export function connectionLines(
  emulator: Pick<Emulator, "url" | "token" | "managementToken" | "seed">,
): string[] {
  const url = emulator.url;
  const org = emulator.seed.org.name;
  return [
    "Point a shell at it (the pulumi-influxdb-tokens CLI and the providers read these):",
    `  export INFLUX_HOST=${shellWord(url)} INFLUX_TOKEN=${shellWord(emulator.token)} INFLUX_ORG=${shellWord(org)}`,
    `  export INFLUX_MANAGEMENT_URL=${shellWord(url)} INFLUX_MANAGEMENT_TOKEN=${shellWord(emulator.managementToken)}`,
    `  (Cloud Dedicated paths instead of Clustered: also export INFLUX_ACCOUNT_ID=${emulator.seed.accountId} INFLUX_CLUSTER_ID=${emulator.seed.clusterId})`,
    "Or a stack (run in its Pulumi project; stack config wins over the variables):",
    `  pulumi config set influxdb:url ${shellWord(url)}`,
    `  pulumi config set --secret influxdb:token -- ${shellWord(emulator.token)}`,
    `  pulumi config set influxdb:org ${shellWord(org)}`,
    `  pulumi config set influxdb:managementUrl ${shellWord(url)}`,
    `  pulumi config set --secret influxdb:managementToken -- ${shellWord(emulator.managementToken)}`,
  ];
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCli(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`emulator: ${(e as Error).message}\nRun with --help for the list of flags.\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(HELP + "\n");
    return;
  }
  // startEmulator prints the seeded IDs and the listening line before it returns; the variables
  // (which need the token it may have generated) go between them, so "listening on" stays last.
  const lines: string[] = [];
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ ...options, log: (line) => lines.push(line) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    process.stderr.write(`emulator: ${portInUse(options.host ?? "127.0.0.1", options.port ?? 8086)}\n`);
    process.exit(1);
  }
  const listening = lines.filter((line) => line.startsWith("listening on "));
  const rest = lines.filter((line) => !line.startsWith("listening on "));
  process.stdout.write([...rest, "", ...connectionLines(emulator), "", ...listening].join("\n") + "\n");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`emulator: error while stopping on ${signal}: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`emulator: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
