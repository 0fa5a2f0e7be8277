/**
 * `npm run emulator:influxdb3 -- --edition enterprise --port 8181`
 * Starts the InfluxDB 3 Core/Enterprise token-API emulator on 127.0.0.1 until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startInfluxdb3Emulator } from "./server";

const HELP = `Usage: emulator:influxdb3 [options]

  --edition core|enterprise   which server to emulate (default: core)
  --port N                    port on 127.0.0.1 (default: 0, a free port)
  --without-auth              like 'influxdb3 serve --without-auth': token routes answer 405
  --reproduce-27620           resource tokens created without expiry are born expired (InfluxDB #27620)
  --database NAME             a database that exists from the start (repeatable; resource tokens need it)
  --disable-authz LIST        endpoints reachable without a token: health,ping
  --seed N                    reproducible token strings
  --quiet                     do not log requests
  --help                      this text

Bootstrap the operator token with:
  curl -X POST http://127.0.0.1:<port>/api/v3/configure/token/admin`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edition: { type: "string", default: "core" },
      port: { type: "string", default: "0" },
      "without-auth": { type: "boolean", default: false },
      "reproduce-27620": { type: "boolean", default: false },
      database: { type: "string", multiple: true, default: [] },
      "disable-authz": { type: "string" },
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
  if (edition !== "core" && edition !== "enterprise") throw new Error("--edition must be core or enterprise");
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
  const emulator = await startInfluxdb3Emulator({
    edition,
    port,
    withoutAuth: values["without-auth"],
    reproduceIssue27620: values["reproduce-27620"],
    databases: values.database,
    disableAuthz: disableAuthz as Array<"health" | "ping">,
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
    ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
  });
  console.log(`InfluxDB 3 ${edition} token-API emulator${values["without-auth"] ? " (without auth)" : ""}`);
  console.log(`listening on ${emulator.url}`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(2);
});
