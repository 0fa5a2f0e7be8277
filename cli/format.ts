import type {
  AuthorizationPermissionSummary,
  AuthorizationSummary,
  DatabaseTokenSummary,
} from "../provider/lookups";

/**
 * `influx auth list`'s permission strings (`Permission.String()`, behaviour A.4 step 5), with the
 * names the server filled in where it did, so an audit reads `write:orgs/my-org/buckets/telemetry`.
 */
export function permissionText(permission: AuthorizationPermissionSummary): string {
  const { type, id, orgId, name, org } = permission.resource;
  const target = id === undefined ? type : `${type}/${name ?? id}`;
  const scope = orgId === undefined ? "" : `orgs/${org ?? orgId}/`;
  return `${permission.action}:${scope}${target}`;
}

export function databasePermissionText(permission: { action: string; resource: string }): string {
  return `${permission.action}:${permission.resource}`;
}

export function databaseTokenState(token: DatabaseTokenSummary): string {
  if (token.revokedAt !== undefined) return "revoked";
  return token.active ? "active" : "expired";
}

/** A plain text table: one header row, columns padded to the widest cell, the last one free. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}

export function authorizationTable(list: AuthorizationSummary[]): string {
  return table(
    ["ID", "STATUS", "USER", "ORG", "DESCRIPTION", "PERMISSIONS"],
    list.map((a) => [
      a.id,
      a.status,
      a.user ?? a.userId ?? "",
      a.org ?? a.orgId,
      a.description,
      a.permissions.map(permissionText).join(", "),
    ]),
  );
}

export function databaseTokenTable(list: DatabaseTokenSummary[]): string {
  return table(
    ["ID", "STATE", "EXPIRES", "DESCRIPTION", "PERMISSIONS"],
    list.map((t) => [
      t.id,
      databaseTokenState(t),
      t.expiresAt ?? "never",
      t.description,
      t.permissions.map(databasePermissionText).join(", "),
    ]),
  );
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
