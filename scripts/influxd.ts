/**
 * `npm run influxd`: a real InfluxDB OSS 2.9.1 (built from source on first use) on a free
 * loopback port, onboarded with org `my-org`, user `admin`, buckets `telemetry` and `logs`,
 * for trying the examples against the real server. Prints the URL and the operator token,
 * and removes everything on Ctrl-C. `--plain-tokens` starts it with --use-hashed-tokens=false.
 */
import { startInfluxd } from "../test/support/influxd";

async function main(): Promise<void> {
  const plain = process.argv.includes("--plain-tokens");
  const server = await startInfluxd({ tokenVisibility: plain ? "plain" : "hashed" });
  console.log(`InfluxDB OSS 2.9.1 (${plain ? "plain" : "hashed"} tokens), data in ${server.dataDir}`);
  console.log(`  export INFLUX_HOST=${server.url}`);
  console.log(`  export INFLUX_TOKEN=${server.token}   # operator token of this throwaway instance`);
  console.log(`  export INFLUX_ORG=${server.org.name}`);
  console.log(`listening on ${server.url}`);
  const stop = () => {
    server.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`influxd failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
