/**
 * What the providers tell the person running `pulumi up`: one concise line per action at
 * info level, details at debug, progress of long waits as ephemeral lines. Never a token value or
 * credential: callers pass IDs, names and counts only, and every message also goes through
 * `redact` with the secrets the caller names, as a second line of defence. Token IDs and names
 * are not secrets and come through whole, so a notice says which token it acted on.
 *
 * Where the lines go. A dynamic provider runs in the dynamic-provider host process
 * (`@pulumi/pulumi/cmd/dynamic-provider`), which never connects `@pulumi/pulumi/log` to the engine:
 * there, `pulumi.log.info` falls back to `console.log("info: [runtime] ...")` and `debug` is
 * dropped (checked with the real engine, see README.md "Logging"). The host is started
 * with the engine's address as its only argument, so this module opens its own Engine client to
 * that address and sends `LogRequest`s: info lines appear under the stack in `pulumi up`,
 * debug lines with `--debug` and ephemeral lines in the progress display only. The URN is
 * empty because the hooks are never told it; the message names the resource instead.
 * Outside the host (tests, scripts using `pulumi-influxdb-tokens/provider` directly) nothing is
 * printed unless a sink is set with `setLogSink`.
 */
import { redact } from "../http";

export type LogLevel = "debug" | "info" | "warn" | "progress";

export interface LogLine {
  level: LogLevel;
  message: string;
}

export type LogSink = (line: LogLine) => void;

let sink: LogSink | undefined;
let engineSinkTried = false;

/** Replaces where log lines go (tests, scripts); `undefined` restores the default. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next;
  engineSinkTried = next !== undefined;
}

function currentSink(): LogSink | undefined {
  if (!engineSinkTried) {
    engineSinkTried = true;
    sink = engineSink(process.argv);
  }
  return sink;
}

function emit(level: LogLevel, message: string, secrets: ReadonlyArray<string | undefined>): void {
  const target = currentSink();
  if (target === undefined) return;
  try {
    target({ level, message: redact(message, secrets) });
  } catch {
    // Logging never fails an operation.
  }
}

export const log = {
  /** One line per action, e.g. `created authorization 0a1b2c3d4e5f6071 for my-org (2 permissions)`. */
  info: (message: string, secrets: ReadonlyArray<string | undefined> = []) => emit("info", message, secrets),
  /** Something the user should act on (an adopted token whose value is unknown). */
  warn: (message: string, secrets: ReadonlyArray<string | undefined> = []) => emit("warn", message, secrets),
  /** Request-level details, shown with `pulumi up --debug`. */
  debug: (message: string, secrets: ReadonlyArray<string | undefined> = []) =>
    emit("debug", message, secrets),
  /** Progress of a wait; replaced on screen by the next line and not kept in the summary. */
  progress: (message: string, secrets: ReadonlyArray<string | undefined> = []) =>
    emit("progress", message, secrets),
};

/**
 * The signature Pulumi's property serialization gives a secret value (`specialSecretSig` in
 * `@pulumi/pulumi/runtime/rpc`): `{ "4dabf18193072939515e22adb298388d": SECRET_SIG, value }`.
 */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const WRAPPED = Symbol.for("pulumi-influxdb-tokens.debug-without-secrets");

type DebugLog = (message: unknown, ...rest: unknown[]) => unknown;

/**
 * Pulumi's Node SDK logs every resource registration at debug level with the engine's whole
 * answer (`RegisterResource RPC finished: …; err: null, resp: <the outputs>`), secret outputs
 * included in plaintext inside their secret envelope, and sends the line to the engine whether or
 * not anyone asked for debug output. `pulumi up --debug` prints it, and so does `-v=3` and up
 * (the engine logs every debug message it is sent): every token value in the stack, on every run.
 * Such a message keeps what precedes the answer; the answer itself is dropped, since no part of
 * the serialized form can be cut out reliably (a string value may contain the separators).
 */
export function withoutSecretValues(message: string): string {
  if (!message.includes(SECRET_SIG)) return message;
  const answer = message.indexOf("resp: ");
  const kept = answer >= 0 ? message.slice(0, answer + "resp: ".length) : "";
  return `${kept}[not shown: it holds secret values]`;
}

/**
 * Makes `logModule.debug` (the SDK's `@pulumi/pulumi/log`) pass its message through
 * `withoutSecretValues`. Idempotent, and a no-op if the module does not look as expected.
 * Returns whether `debug` is now wrapped.
 */
export function hideSecretsInSdkDebugLog(logModule: { debug?: unknown } | undefined): boolean {
  const original = logModule?.debug as (DebugLog & { [WRAPPED]?: true }) | undefined;
  if (typeof original !== "function") return false;
  if (original[WRAPPED]) return true;
  const wrapped: DebugLog & { [WRAPPED]?: true } = (message, ...rest) =>
    original(typeof message === "string" ? withoutSecretValues(message) : message, ...rest);
  wrapped[WRAPPED] = true;
  try {
    (logModule as { debug: unknown }).debug = wrapped;
  } catch {
    return false;
  }
  return true;
}

/**
 * Applies `hideSecretsInSdkDebugLog` to the SDK this package resolves, if a program has loaded it:
 * the SDK classes import `@pulumi/pulumi` before this module, so in a Pulumi program it is loaded
 * by now, and its runtime looks `debug` up on the module object at each call. Scripts and the CLI
 * that never load the SDK do not pay for loading it here.
 */
function hideSecretsInLoadedSdk(): void {
  try {
    const path = require.resolve("@pulumi/pulumi/log");
    if (require.cache[path] !== undefined) hideSecretsInSdkDebugLog(require(path));
  } catch {
    // No @pulumi/pulumi here (a peer dependency): nothing logs registrations.
  }
}
hideSecretsInLoadedSdk();

/** `plural(2, "permission")` is "2 permissions". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const HOST_SCRIPT = /[\\/]cmd[\\/]dynamic-provider(?:[\\/]index\.js)?$/;
const ADDRESS = /^[\w.-]+:\d+$|^\[[\da-fA-F:]+\]:\d+$/;

/**
 * A sink that sends `LogRequest`s to the engine when this process is the dynamic-provider host
 * (argv: node, .../cmd/dynamic-provider/index.js, <engine address>); otherwise undefined. The SDK
 * modules are loaded here, at call time, from the installed @pulumi/pulumi (a peer dependency).
 */
export function engineSink(argv: readonly string[]): LogSink | undefined {
  const script = argv[1] ?? "";
  const address = argv[2] ?? "";
  if (!HOST_SCRIPT.test(script) || !ADDRESS.test(address)) return undefined;
  try {
    const pulumiDir = require.resolve("@pulumi/pulumi");
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const engineProto = require("@pulumi/pulumi/proto/engine_pb");
    const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
    const severities: Record<LogLevel, number> = {
      debug: engineProto.LogSeverity.DEBUG,
      info: engineProto.LogSeverity.INFO,
      warn: engineProto.LogSeverity.WARNING,
      progress: engineProto.LogSeverity.INFO,
    };
    return ({ level, message }) => {
      const request = new engineProto.LogRequest();
      request.setSeverity(severities[level]);
      request.setMessage(message);
      request.setUrn("");
      request.setEphemeral(level === "progress");
      client.log(request, (error: unknown) => {
        // The engine went away or refused: say it where the host's output goes, never throw.
        if (error && level !== "debug" && level !== "progress") console.error(`${level}: ${message}`);
      });
    };
  } catch {
    return ({ level, message }) => {
      if (level !== "debug" && level !== "progress") console.error(`${level}: ${message}`);
    };
  }
}
