/**
 * The Pulumi programs measured: N tokens of one kind, ours or the do-nothing baseline with the same
 * inputs. `phase` says which desired state the program declares: in "changed", the first 10% get
 * another permission (replace) and the next 10% another status (Authorization) or description
 * (DatabaseToken) (update in place).
 */
import { BaselineToken } from "./baseline-provider";
import type { Kind, Variant } from "./types";

export type Sdk = typeof import("../sdk");
export type Phase = "initial" | "changed";

/**
 * The part of the generated Node SDK (sdk/nodejs, loaded with `require`: it is outside the
 * typecheck) that the plugin variant uses: resources `influxdb-tokens:index:*`, served by the plugin.
 */
export interface PluginSdk {
  Authorization: new (name: string, args: Record<string, unknown>) => unknown;
  DatabaseToken: new (name: string, args: Record<string, unknown>) => unknown;
}

export interface Desired {
  description: string;
  status?: "active" | "inactive";
  /** Authorization: a bucket name; DatabaseToken: a database name. */
  target: string;
}

/** What resource `i` of `n` should look like in `phase`. */
export function desiredToken(kind: Kind, i: number, n: number, phase: Phase): Desired {
  const tenth = Math.round(n / 10);
  const replaced = phase === "changed" && i < tenth;
  const updated = phase === "changed" && i >= tenth && i < 2 * tenth;
  if (kind === "Authorization") {
    return {
      description: `bench token ${i}`,
      status: updated ? "inactive" : "active",
      target: replaced ? "logs" : "telemetry",
    };
  }
  return {
    description: updated ? `bench token ${i}, renamed` : `bench token ${i}`,
    target: replaced ? "db-b" : "db-a",
  };
}

export function program(
  kind: Kind,
  variant: Variant,
  n: number,
  sdk: Sdk,
  phase: () => Phase,
  pluginSdk?: PluginSdk,
): () => void {
  const plugin = () => {
    if (!pluginSdk) throw new Error("the plugin variant needs the generated Node SDK (pluginSdk)");
    return pluginSdk;
  };
  return () => {
    for (let i = 0; i < n; i++) {
      const d = desiredToken(kind, i, n, phase());
      const name = `t${i}`;
      if (kind === "Authorization") {
        const permissions = [
          { action: "write" as const, resource: { type: "buckets" as const, name: d.target } },
        ];
        if (variant === "ours")
          new sdk.Authorization(name, { description: d.description, status: d.status, permissions });
        else if (variant === "plugin")
          new (plugin().Authorization)(name, { description: d.description, status: d.status, permissions });
        else new BaselineToken(name, { description: d.description, status: d.status, permissions });
      } else {
        const permissions = [{ action: "read" as const, resource: d.target }];
        if (variant === "ours") new sdk.DatabaseToken(name, { description: d.description, permissions });
        else if (variant === "plugin")
          new (plugin().DatabaseToken)(name, { description: d.description, permissions });
        else new BaselineToken(name, { description: d.description, permissions });
      }
    }
  };
}
