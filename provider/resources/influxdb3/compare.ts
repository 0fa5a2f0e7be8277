import { isUnknown } from "../../shared/unknown";
import { parseExpiresIn } from "./duration";
import { permissionsEqual, type ResourcePermission } from "./permissions";

/** Input comparisons shared by `check` (autonaming) and `diff`. Unknown values count as changed. */

type Props = Record<string, unknown>;

export function expirySeconds(value: unknown): number | undefined | "unknown" {
  if (value === undefined) return undefined;
  if (isUnknown(value)) return "unknown";
  const parsed = parseExpiresIn(value as string | number);
  return parsed.ok ? parsed.seconds : "unknown";
}

export function connectionUrl(props: Props): string | undefined | "unknown" {
  const connection = props["connection"];
  if (connection === undefined || connection === null) return undefined;
  if (isUnknown(connection)) return "unknown";
  const url = (connection as Props)["url"];
  if (isUnknown(url)) return "unknown";
  return typeof url === "string" ? url.replace(/\/+$/, "") : undefined;
}

export function connectionToken(props: Props): string | undefined | "unknown" {
  const connection = props["connection"];
  if (connection === undefined || connection === null) return undefined;
  if (isUnknown(connection)) return "unknown";
  const token = (connection as Props)["token"];
  if (isUnknown(token)) return "unknown";
  return typeof token === "string" ? token : undefined;
}

export function permissionsDiffer(olds: Props, news: Props): boolean {
  const a = olds["permissions"];
  const b = news["permissions"];
  if (JSON.stringify(a ?? null).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9")) return true;
  if (JSON.stringify(b ?? null).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9")) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return a !== b;
  return !permissionsEqual(a as ResourcePermission[], b as ResourcePermission[]);
}

const changed = <T>(a: T | "unknown", b: T | "unknown") => a === "unknown" || b === "unknown" || a !== b;

/**
 * Which inputs force a new token (behaviour D.12: there is no update endpoint): the explicit name, the
 * expiry, the permissions, the server. Returns the property names, for `replaces`.
 */
export function replacingChanges(olds: Props, news: Props): string[] {
  const out: string[] = [];
  if (changed(explicitName(olds), explicitName(news))) out.push("name");
  if (changed(expirySeconds(olds["expiresIn"]), expirySeconds(news["expiresIn"]))) out.push("expiresIn");
  if (
    (olds["permissions"] !== undefined || news["permissions"] !== undefined) &&
    permissionsDiffer(olds, news)
  ) {
    out.push("permissions");
  }
  if (changed(connectionUrl(olds), connectionUrl(news))) out.push("connection");
  return out;
}

export function explicitName(props: Props): string | undefined | "unknown" {
  const name = props["name"];
  if (isUnknown(name)) return "unknown";
  return typeof name === "string" ? name : undefined;
}
