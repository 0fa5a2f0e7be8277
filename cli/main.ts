import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigurationError, defaultOrg } from "../provider/config";
import { closeHttpAgent, InfluxApiError } from "../provider/http";
import {
  getAuthorization,
  getDatabaseToken,
  type ListAuthorizationsArgs,
  LookupArgumentError,
  listAuthorizations,
  listDatabaseTokens,
} from "../provider/lookups";
import { type Parsed, parse, parseCan, parseRegex, str, UsageError } from "./args";
import { CREDENTIALS, requireServer, requireUuid, requireV2Id } from "./credentials";
import { runEmulator } from "./emulator";
import { authorizationTable, databaseTokenTable, json } from "./format";
import { HELP, NAME } from "./help";
import { influxdb3Table, listInfluxdb3Tokens } from "./influxdb3";
import { listUnrecorded, unrecordedTable } from "./unrecorded";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** The package's version, for --version: its package.json is one or two folders up (source, dist/). */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 3; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === NAME && pkg.version !== undefined) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return "unknown";
}

/** Exit codes, as `--help` lists them. */
export const EXIT = { ok: 0, server: 1, usage: 2, notFound: 3 } as const;

type Command = (parsed: Parsed, io: Io) => Promise<number>;

/** Which credential each command uses (none: it reads only the local journal). */
const API: Record<string, keyof typeof CREDENTIALS | undefined> = {
  list: "v2",
  get: "v2",
  "list-database-tokens": "management",
  "get-database-token": "management",
  "list-influxdb3-tokens": "influxdb3",
};

const description = (values: Parsed["values"]) => {
  const text = str(values.description);
  const regex = parseRegex(str(values["description-regex"]), "--description-regex");
  if (text !== undefined && regex !== undefined) {
    throw new UsageError("give either --description or --description-regex, not both");
  }
  return regex ?? text;
};

/** `--sort id|description`, as `influxctl token list --sort`; default: the server's order. */
function sorted<T extends { id: string; description: string }>(list: T[], values: Parsed["values"]): T[] {
  const by = str(values.sort);
  if (by === undefined) return list;
  if (by !== "id" && by !== "description") throw new UsageError(`--sort ${by}: give id or description`);
  return [...list].sort((a, b) => (a[by] < b[by] ? -1 : a[by] > b[by] ? 1 : 0));
}

function v2Connection(values: Parsed["values"], io: Io) {
  const host = str(values.host);
  return host === undefined ? undefined : { url: host, token: io.env.INFLUX_TOKEN ?? "" };
}

function managementConnection(values: Parsed["values"], io: Io) {
  const url = str(values["management-url"]);
  return url === undefined ? undefined : { url, token: io.env.INFLUX_MANAGEMENT_TOKEN ?? "" };
}

const list: Command = async ({ values }, io) => {
  if (values.active === true && values.inactive === true)
    throw new UsageError("give --active or --inactive, not both");
  const args: ListAuthorizationsArgs = { ...parseCan(str(values.can)) };
  const type = str(values.type);
  if (type !== undefined) {
    if (args.resourceType !== undefined && args.resourceType !== type) {
      throw new UsageError(`--can ${str(values.can)} and --type ${type} name different types`);
    }
    args.resourceType = type;
  }
  const org = str(values.org);
  const orgId = str(values["org-id"]);
  if (values["all-orgs"] === true && (org !== undefined || orgId !== undefined)) {
    throw new UsageError("give --all-orgs or --org/--org-id, not both");
  }
  if (org !== undefined) args.org = org;
  if (orgId !== undefined) args.orgId = orgId;
  if (org === undefined && orgId === undefined && values["all-orgs"] !== true)
    Object.assign(args, defaultOrg());
  const user = str(values.user);
  const userId = str(values["user-id"]);
  if (user !== undefined) args.user = user;
  if (userId !== undefined) args.userId = userId;
  if (values.active === true) args.status = "active";
  if (values.inactive === true) args.status = "inactive";
  const resourceId = str(values["resource-id"]);
  if (resourceId !== undefined) args.resourceId = resourceId;
  const text = description(values);
  if (text !== undefined) args.description = text;
  const connection = v2Connection(values, io);
  if (connection !== undefined) args.connection = connection;
  const found = sorted(await listAuthorizations(args), values);
  io.out(values.json === true ? json(found) : authorizationTable(found));
  return EXIT.ok;
};

const get: Command = async ({ values, positionals }, io) => {
  const id = positionals[0];
  if (id === undefined) throw new UsageError("give the authorization ID: get <id>");
  requireV2Id(id);
  const connection = v2Connection(values, io);
  const found = await getAuthorization(id, connection === undefined ? {} : { connection });
  if (found === undefined) {
    io.err(
      `${NAME}: no authorization with ID ${id} (or its user or org was deleted, so it no longer works)\n`,
    );
    return EXIT.notFound;
  }
  io.out(values.json === true ? json(found) : authorizationTable([found]));
  return EXIT.ok;
};

const listDatabase: Command = async ({ values }, io) => {
  const can = parseCan(str(values.can));
  if (can.resourceType !== undefined)
    throw new UsageError("--can takes read or write here (database tokens have no types)");
  const connection = managementConnection(values, io);
  const text = description(values);
  const database = str(values.database);
  const found = sorted(
    await listDatabaseTokens({
      ...(can.action === undefined ? {} : { action: can.action }),
      ...(database === undefined ? {} : { database }),
      ...(text === undefined ? {} : { description: text }),
      includeRevoked: values["include-revoked"] === true,
      activeOnly: values.active === true,
      ...(connection === undefined ? {} : { connection }),
    }),
    values,
  );
  io.out(values.json === true ? json(found) : databaseTokenTable(found));
  return EXIT.ok;
};

const getDatabase: Command = async ({ values, positionals }, io) => {
  const id = positionals[0];
  if (id === undefined) throw new UsageError("give the token ID: get-database-token <id>");
  requireUuid(id);
  const connection = managementConnection(values, io);
  const found = await getDatabaseToken(id, {
    includeRevoked: values["include-revoked"] === true,
    ...(connection === undefined ? {} : { connection }),
  });
  if (found === undefined) {
    io.err(
      `${NAME}: no database token with ID ${id}${values["include-revoked"] === true ? "" : " (or it is revoked: add --include-revoked)"}\n`,
    );
    return EXIT.notFound;
  }
  io.out(values.json === true ? json(found) : databaseTokenTable([found]));
  return EXIT.ok;
};

const COMMANDS: Record<string, { options: Parameters<typeof parse>[1]; positionals: number; run: Command }> =
  {
    list: {
      positionals: 0,
      run: list,
      options: {
        org: { type: "string" },
        "org-id": { type: "string" },
        "all-orgs": { type: "boolean" },
        user: { type: "string" },
        "user-id": { type: "string" },
        active: { type: "boolean" },
        inactive: { type: "boolean" },
        can: { type: "string" },
        type: { type: "string" },
        "resource-id": { type: "string" },
        description: { type: "string" },
        "description-regex": { type: "string" },
        sort: { type: "string" },
        host: { type: "string" },
      },
    },
    get: { positionals: 1, run: get, options: { host: { type: "string" } } },
    "list-database-tokens": {
      positionals: 0,
      run: listDatabase,
      options: {
        "include-revoked": { type: "boolean" },
        active: { type: "boolean" },
        can: { type: "string" },
        database: { type: "string" },
        description: { type: "string" },
        "description-regex": { type: "string" },
        sort: { type: "string" },
        "management-url": { type: "string" },
      },
    },
    "list-influxdb3-tokens": {
      positionals: 0,
      run: async ({ values }, io) => {
        const list = await listInfluxdb3Tokens(str(values.host));
        io.out(values.json === true ? json(list) : influxdb3Table(list));
        return EXIT.ok;
      },
      options: { host: { type: "string" } },
    },
    unrecorded: {
      positionals: 0,
      run: async ({ values }, io) => {
        const list = listUnrecorded(io.env);
        io.out(values.json === true ? json(list) : unrecordedTable(list));
        return EXIT.ok;
      },
      options: {},
    },
    "get-database-token": {
      positionals: 1,
      run: getDatabase,
      options: { "include-revoked": { type: "boolean" }, "management-url": { type: "string" } },
    },
  };

/** Runs one command line; returns the exit code. Errors become one line on stderr, never a stack. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v" || name === "version") {
    io.out(`${NAME} ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP[rest[0] ?? ""] ?? HELP.main!);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  // The emulator's own program parses its flags (and answers --help); it runs until stopped.
  if (name === "emulator") return runEmulator(rest, io.err);
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`${NAME}: unknown command "${name}"; run ${NAME} --help\n`);
    return EXIT.usage;
  }
  try {
    const parsed = parse(rest, command.options, command.positionals);
    if (parsed.values.help === true) {
      io.out(HELP[name]!);
      return EXIT.ok;
    }
    const api = API[name];
    if (api !== undefined) requireServer(io.env, api, parsed.values);
    return await command.run(parsed, io);
  } catch (error) {
    return report(error, name, io);
  } finally {
    await closeHttpAgent();
  }
}

function report(error: unknown, command: string, io: Io): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || error instanceof LookupArgumentError) {
    io.err(`${NAME} ${command}: ${message}\nRun ${NAME} ${command} --help for the flags.\n`);
    return EXIT.usage;
  }
  if (error instanceof ConfigurationError) {
    io.err(`${NAME} ${command}: ${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof InfluxApiError) {
    const api = API[command];
    const hint =
      error.status === 401 || error.status === 403
        ? ` (the credential comes from ${api === undefined ? "the environment" : CREDENTIALS[api].tokenVar})`
        : "";
    io.err(`${NAME} ${command}: ${message}${hint}\n`);
    return EXIT.server;
  }
  io.err(`${NAME} ${command}: ${message}\n`);
  return EXIT.server;
}
