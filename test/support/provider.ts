/**
 * Helpers to drive the dynamic provider hooks the way the engine does (check, then diff, then
 * create/update/replace), against a server on loopback. Used by test/integration/provider/.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { expect } from "vitest";
import type { Emulator } from "../../emulator";
import { setStackConfig } from "../../provider/config";

type Props = Record<string, unknown>;

/** The hook shape both providers share (provider/resources/authorization/hooks.ts, provider/resources/database-token/hooks.ts). */
export interface Hooks {
  check(olds: Props, news: Props): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(inputs: Props): Promise<dynamic.CreateResult>;
  read(id: string, props: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** A resource as the engine holds it between operations. */
export interface Deployed {
  id: string;
  inputs: Props;
  outs: Props;
}

/**
 * Points the provider's stack config at an emulator, as `configure()` would in a real run
 * (`influxdb:url`, `influxdb:token`, `influxdb:org`, management URL/token, and the Dedicated IDs
 * when asked). Returns a function that clears it.
 */
export function configureFor(
  emulator: Emulator,
  options: { dedicated?: boolean; org?: boolean } = {},
): () => void {
  const values: Record<string, string> = {
    "influxdb:url": emulator.url,
    "influxdb:token": emulator.token,
    "influxdb:managementUrl": emulator.url,
    "influxdb:managementToken": emulator.managementToken,
  };
  if (options.org !== false) values["influxdb:org"] = emulator.seed.org.name;
  if (options.dedicated) {
    values["influxdb:accountId"] = emulator.seed.accountId;
    values["influxdb:clusterId"] = emulator.seed.clusterId;
  }
  setStackConfig({ get: (key) => values[key] });
  return () => setStackConfig(undefined);
}

/** check (which must pass) then create, like `pulumi up` for a new resource. */
export async function deploy(hooks: Hooks, news: Props): Promise<Deployed> {
  const checked = await hooks.check({}, news);
  expect(checked.failures ?? []).toEqual([]);
  const inputs = (checked.inputs ?? news) as Props;
  const created = await hooks.create(inputs);
  expect(created.id).toBeTruthy();
  expect(Object.values(created.outs ?? {})).not.toContain(undefined);
  return { id: created.id, inputs, outs: (created.outs ?? {}) as Props };
}

/** `pulumi refresh` of one resource: undefined when the provider reports it gone. */
export async function refresh(hooks: Hooks, resource: Deployed): Promise<Deployed | undefined> {
  const read = await hooks.read(resource.id, resource.outs);
  if (!read.id) return undefined;
  return { id: read.id, inputs: resource.inputs, outs: (read.props ?? {}) as Props };
}

export interface Applied {
  resource: Deployed;
  diff: dynamic.DiffResult;
  action: "same" | "update" | "replace";
}

/**
 * `pulumi up` of an existing resource with new inputs: check, diff, then update in place or
 * replace (create the new one first, then delete the old, as deleteBeforeReplace=false does).
 */
export async function apply(hooks: Hooks, resource: Deployed, news: Props): Promise<Applied> {
  const checked = await hooks.check(resource.inputs, news);
  expect(checked.failures ?? []).toEqual([]);
  const inputs = (checked.inputs ?? news) as Props;
  const diff = await hooks.diff(resource.id, resource.outs, inputs);
  if (!diff.changes) return { resource, diff, action: "same" };
  if ((diff.replaces ?? []).length > 0) {
    expect(diff.deleteBeforeReplace).toBeFalsy();
    const created = await hooks.create(inputs);
    await hooks.delete(resource.id, resource.outs);
    return {
      resource: { id: created.id, inputs, outs: (created.outs ?? {}) as Props },
      diff,
      action: "replace",
    };
  }
  const updated = await hooks.update(resource.id, resource.outs, inputs);
  return {
    resource: { id: resource.id, inputs, outs: (updated.outs ?? {}) as Props },
    diff,
    action: "update",
  };
}

/** A raw request to the emulator, for out-of-band changes and for using a created token. */
export async function raw(
  emulator: Emulator,
  method: string,
  path: string,
  credential: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      authorization: credential,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body: parsed };
}

/** Writes one line-protocol point with `token` into `bucket` of the seeded org: 204 when allowed. */
export async function writeWith(emulator: Emulator, token: string, bucket: string): Promise<number> {
  const query = new URLSearchParams({ org: emulator.seed.org.name, bucket });
  const result = await raw(emulator, "POST", `/api/v2/write?${query}`, `Token ${token}`, "m,t=x v=1");
  return result.status;
}

/** Requests the provider sent, method and path only (the emulator never logs bodies or tokens). */
export function requestsOf(emulator: Emulator, method?: string): Array<{ method: string; path: string }> {
  return emulator
    .requestLog()
    .filter((entry) => method === undefined || entry.method === method)
    .map((entry) => ({ method: entry.method, path: entry.path }));
}
