/**
 * `npx pulumi-influxdb-tokens emulator --influxdb3 --edition enterprise --port 8181`
 * (in a clone: `npm run emulator:influxdb3 -- ...`).
 * Starts the InfluxDB 3 Core/Enterprise token-API emulator on 127.0.0.1 until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startInfluxdb3Emulator } from "./server";
import { readAdminTokenFile, readPermissionTokensFile } from "./token-files";

const HELP = `Usage: npx pulumi-influxdb-tokens emulator --influxdb3 [options]
       (in a clone: npm run emulator:influxdb3 -- [options])

  --edition core|enterprise|cloud
                              which server to emulate (default: core); cloud = InfluxDB 3 Cloud:
                              Enterprise without the _admin bootstrap and regenerate routes, its
                              operator token made at start and printed (as the Cloud console gives one)
  --port N                    port on 127.0.0.1 (default: 0, a free port)
  --without-auth              like 'influxdb3 serve --without-auth': token routes answer 405
  --reproduce-27620           resource tokens created without expiry are born expired (InfluxDB #27620)
  --database NAME             a database that exists from the start (repeatable; resource tokens need it)
  --disable-authz LIST        endpoints reachable without a token: health,ping
  --admin-token-file F        like 'influxdb3 serve --admin-token-file' (env INFLUXDB3_ADMIN_TOKEN_FILE):
                              the offline admin token in F is loaded at start unless its name exists
  --permission-tokens-file F  Enterprise only: the resource tokens (and create_databases) in F
  --seed N                    reproducible token strings
  --quiet                     do not log requests
  --help                      this text

Prints the environment variables and the \`pulumi config set\` lines that point a shell or a
stack at it, then one line "listening on http://127.0.0.1:<port>". Bootstrap the operator token with:
  curl -X POST http://127.0.0.1:<port>/api/v3/configure/token/admin`;

/**
 * The lines that point a shell (the pulumi-influxdb-tokens CLI, the providers) or a stack at the
 * emulator. Its operator token does not exist until someone creates it (as on a real server):
 * the OperatorToken resource does that itself, a shell does it with one request.
 */
export function influxdb3ConnectionLines(url: string, withoutAuth: boolean): string[] {
  if (withoutAuth) {
    return [
      "Point a shell or a stack at it (without auth: no token; the token routes answer 405):",
      `  export INFLUXDB3_HOST_URL=${url}`,
      `  pulumi config set influxdb:influxdb3Url ${url}`,
    ];
  }
  return [
    "Point a shell at it (the pulumi-influxdb-tokens CLI and the providers read these):",
    `  export INFLUXDB3_HOST_URL=${url}`,
    "  # the operator token, created once (an OperatorToken resource creates it instead):",
    `  export INFLUXDB3_AUTH_TOKEN=$(curl -s -X POST ${url}/api/v3/configure/token/admin | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')`,
    "Or a stack (run in its Pulumi project; stack config wins over the variables):",
    `  pulumi config set influxdb:influxdb3Url ${url}`,
    '  pulumi config set --secret influxdb:influxdb3Token "$INFLUXDB3_AUTH_TOKEN"    # unless an OperatorToken creates it',
  ];
}

/**
 * Cloud mode has no bootstrap route: the admin token is the one the emulator made at start (an
 * emulator's test value, printed as the Cloud console shows a real one), and the stack says `cloud`.
 */
export function influxdb3CloudConnectionLines(url: string, adminToken: string): string[] {
  return [
    "Point a shell at it (InfluxDB 3 Cloud mode: no bootstrap; this is its admin token):",
    `  export INFLUXDB3_HOST_URL=${url}`,
    `  export INFLUXDB3_AUTH_TOKEN=${adminToken}`,
    "Or a stack (run in its Pulumi project):",
    `  pulumi config set influxdb:influxdb3Url ${url}`,
    '  pulumi config set --secret influxdb:influxdb3Token "$INFLUXDB3_AUTH_TOKEN"',
    "  pulumi config set influxdb:influxdb3Edition cloud",
  ];
}

/** What a port in use means, and the flag that picks another. */
export function influxdb3PortInUse(port: number): string {
  return `port ${port} on 127.0.0.1 is in use by another program (an InfluxDB 3, or another emulator?): pick another with --port <n>, or --port 0 for a free one`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edition: { type: "string", default: "core" },
      port: { type: "string", default: "0" },
      "without-auth": { type: "boolean", default: false },
      "reproduce-27620": { type: "boolean", default: false },
      database: { type: "string", multiple: true, default: [] },
      "disable-authz": { type: "string" },
      "admin-token-file": { type: "string" },
      "permission-tokens-file": { type: "string" },
      seed: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const edition = values.edition;
  if (edition !== "core" && edition !== "enterprise" && edition !== "cloud") {
    throw new Error("--edition must be core, enterprise or cloud");
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be 0..65535");
  const disableAuthz = (values["disable-authz"] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of disableAuthz) {
    if (name !== "health" && name !== "ping")
      throw new Error(`--disable-authz accepts health,ping; got ${name}`);
  }
  // behaviour D.11: read as the server reads them (0600 warning; bad JSON or no apiv3_ aborts the start).
  const warn = (line: string) => console.error(`warning: ${line}`);
  const adminTokenFile = values["admin-token-file"] ?? process.env["INFLUXDB3_ADMIN_TOKEN_FILE"];
  const permissionTokensFile = values["permission-tokens-file"];
  if (permissionTokensFile !== undefined && edition !== "enterprise") {
    throw new Error("--permission-tokens-file exists on InfluxDB 3 Enterprise only (--edition enterprise)");
  }
  const adminTokenFiles = adminTokenFile === undefined ? [] : [readAdminTokenFile(adminTokenFile, warn)];
  const permissionTokenFiles =
    permissionTokensFile === undefined ? [] : [readPermissionTokensFile(permissionTokensFile, warn)];
  const started = startInfluxdb3Emulator({
    adminTokenFiles,
    permissionTokenFiles,
    edition,
    port,
    withoutAuth: values["without-auth"],
    reproduceIssue27620: values["reproduce-27620"],
    databases: values.database,
    disableAuthz: disableAuthz as Array<"health" | "ping">,
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
    ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
  });
  const emulator = await started.catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.error(`emulator: ${influxdb3PortInUse(port)}`);
    process.exit(1);
  });
  console.log(`InfluxDB 3 ${edition} token-API emulator${values["without-auth"] ? " (without auth)" : ""}`);
  const lines =
    emulator.operatorToken === undefined
      ? influxdb3ConnectionLines(emulator.url, values["without-auth"])
      : influxdb3CloudConnectionLines(emulator.url, emulator.operatorToken);
  console.log(["", ...lines, ""].join("\n"));
  for (const file of adminTokenFiles) {
    // The value stays in the file: printing it would put a credential in a terminal log.
    console.log(
      `Loaded the admin token "${file.name}" from ${adminTokenFile}; its value is the file's "token".`,
    );
  }
  console.log(`listening on ${emulator.url}`);
  let stopping = false;
  const stop = () => {
    // A terminal's Ctrl-C reaches the launcher (pulumi-influxdb-tokens emulator) and this process both.
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  });
}
