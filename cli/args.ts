import { parseArgs } from "node:util";

/** A mistake in how the CLI was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type OptionSpec = { type: "string" | "boolean"; short?: string };

/** Flags every command takes. */
const COMMON: Record<string, OptionSpec> = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Strict parsing: an unknown flag or a missing value is a UsageError naming it. */
export function parse(argv: string[], options: Record<string, OptionSpec>, positionals: number): Parsed {
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({
      args: argv,
      options: { ...COMMON, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  if (result.positionals.length > positionals && result.values.help !== true) {
    throw new UsageError(`unexpected argument "${result.positionals[positionals]}"`);
  }
  return { values: result.values as Parsed["values"], positionals: result.positionals };
}

/** `--can write` or `--can write:buckets`: an action, optionally with a resource type. */
export function parseCan(value: string | undefined): { action?: "read" | "write"; resourceType?: string } {
  if (value === undefined) return {};
  const [action, resourceType, extra] = value.split(":");
  if ((action !== "read" && action !== "write") || extra !== undefined || resourceType === "") {
    throw new UsageError(`--can ${value}: give read or write, optionally with a type (e.g. write:buckets)`);
  }
  return resourceType === undefined ? { action } : { action, resourceType };
}

export function parseRegex(value: string | undefined, flag: string): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch (error) {
    throw new UsageError(`${flag} ${value}: not a regular expression (${(error as Error).message})`);
  }
}

export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
