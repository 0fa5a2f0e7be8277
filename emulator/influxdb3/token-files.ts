import { readFileSync, statSync } from "node:fs";
import type { PermissionTokensFile, PreconfiguredPermissionToken, PreconfiguredToken } from "./token-store";

/**
 * Reads the token files `influxdb3 serve` takes (behaviour D.11) as the server does: a file that is
 * not 0600 only gets a warning; JSON that does not parse, or a token without `apiv3_`, aborts the
 * start (the error names the file, never its content).
 */

function readJson(path: string, flag: string, warn: (line: string) => void): unknown {
  const mode = statSync(path).mode & 0o777;
  if (mode !== 0o600) {
    warn(
      `${flag} ${path} has mode ${mode.toString(8).padStart(4, "0")}; it should be 0600 (readable by the server's user only)`,
    );
  }
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${flag} ${path}: not valid JSON; the server does not start`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function tokenEntry(value: unknown, where: string): PreconfiguredToken {
  if (!isRecord(value) || typeof value["token"] !== "string" || typeof value["name"] !== "string") {
    throw new Error(`${where}: needs "token" and "name" strings; the server does not start`);
  }
  if (!value["token"].startsWith("apiv3_")) {
    throw new Error(`${where}: the token does not start with apiv3_; the server does not start`);
  }
  const expiry = value["expiry_millis"];
  if (expiry !== undefined && expiry !== null && !Number.isInteger(expiry)) {
    throw new Error(`${where}: expiry_millis must be whole milliseconds; the server does not start`);
  }
  return {
    token: value["token"],
    name: value["name"],
    ...(typeof expiry === "number" ? { expiry_millis: expiry } : {}),
  };
}

/** `--admin-token-file F` / `INFLUXDB3_ADMIN_TOKEN_FILE`: `{"token","name","expiry_millis"?}`. */
export function readAdminTokenFile(path: string, warn: (line: string) => void): PreconfiguredToken {
  return tokenEntry(readJson(path, "--admin-token-file", warn), `--admin-token-file ${path}`);
}

/** Enterprise `--permission-tokens-file F`: `{"create_databases"?:[…],"tokens":[…]}`. */
export function readPermissionTokensFile(path: string, warn: (line: string) => void): PermissionTokensFile {
  const flag = "--permission-tokens-file";
  const value = readJson(path, flag, warn);
  const where = `${flag} ${path}`;
  if (!isRecord(value) || !Array.isArray(value["tokens"])) {
    throw new Error(`${where}: needs a "tokens" array; the server does not start`);
  }
  const databases = value["create_databases"];
  if (
    databases !== undefined &&
    databases !== null &&
    !(Array.isArray(databases) && databases.every((db) => typeof db === "string"))
  ) {
    throw new Error(`${where}: create_databases must be a list of names; the server does not start`);
  }
  const tokens = value["tokens"].map((raw: unknown, index): PreconfiguredPermissionToken => {
    const entry = tokenEntry(raw, `${where}, tokens[${index}]`);
    const permissions = (raw as Record<string, unknown>)["permissions"];
    if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === "string")) {
      throw new Error(
        `${where}, tokens[${index}]: permissions must be a list of strings; the server does not start`,
      );
    }
    return { ...entry, permissions };
  });
  return { ...(Array.isArray(databases) ? { create_databases: databases as string[] } : {}), tokens };
}
