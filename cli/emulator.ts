/**
 * `pulumi-influxdb-tokens emulator [--influxdb3] [flags]`: the package's local token-API emulators
 * (the ones `npm run emulator` and `npm run emulator:influxdb3` start in a clone), from an
 * installed package. The emulator is a program of its own (its flags, its start-up output, its
 * signal handling and --data flush): this runs it as a child process with the same standard
 * streams, passes SIGINT/SIGTERM on, and exits with its code. The audit CLI imports none of the
 * emulator's code (the layering scripts/architecture.ts checks).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** The node arguments that run the emulator program: dist/emulator/...js installed, emulator/...ts in a clone. */
export function emulatorProgram(argv: string[]): { args: string[]; influxdb3: boolean } {
  const influxdb3 = argv.includes("--influxdb3");
  const rest = argv.filter((arg) => arg !== "--influxdb3");
  const ts = __filename.endsWith(".ts");
  const file = path.join(
    __dirname,
    "..",
    "emulator",
    ...(influxdb3 ? ["influxdb3"] : []),
    `cli.${ts ? "ts" : "js"}`,
  );
  // From source (tests, ts-node): the .ts program through ts-node, as npm run emulator does.
  const runner = ts ? [require.resolve("ts-node/dist/bin.js"), "--transpile-only"] : [];
  return { args: [...runner, file, ...rest], influxdb3 };
}

/** Runs the emulator until it exits; resolves with its exit code. */
export function runEmulator(argv: string[], err: (text: string) => void): Promise<number> {
  const { args } = emulatorProgram(argv);
  const file = args.find((arg) => /[/\\]cli\.(ts|js)$/.test(arg)) as string;
  if (!existsSync(file)) {
    err(`pulumi-influxdb-tokens emulator: ${file} is missing from this install of the package\n`);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null) child.kill(signal);
    };
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    const done = (code: number) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code);
    };
    child.on("error", (error) => {
      err(`pulumi-influxdb-tokens emulator: ${error.message}\n`);
      done(1);
    });
    child.on("exit", (code, signal) => done(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
  });
}
