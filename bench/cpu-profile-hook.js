/**
 * Preloaded (NODE_OPTIONS=--require) into the processes the Pulumi CLI starts when `npm run bench`
 * is given `--profile <dir>`. In the dynamic-provider host only, it records a V8 CPU profile and
 * writes it when the engine stops the host: the engine sends SIGINT and then SIGKILL, so Node's
 * own --cpu-prof (written at a normal exit) never gets the chance. Plain JS: the host has no ts-node.
 */
const { writeFileSync } = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  const stop = () => {
    session.post("Profiler.stop", (error, result) => {
      if (!error)
        writeFileSync(path.join(dir, `provider-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      process.exit(0);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
