#!/usr/bin/env node
/**
 * `npx pulumi-influxdb-tokens ...`: read-only token audits from the shell. The
 * connection comes from the same environment variables as the providers.
 */
import { main } from "./main";

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `pulumi-influxdb-tokens: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
