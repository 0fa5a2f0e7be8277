import type * as dynamic from "@pulumi/pulumi/dynamic";
import { expect } from "vitest";
import {
  type Edition,
  type Influxdb3Emulator,
  type Influxdb3EmulatorOptions,
  startInfluxdb3Emulator,
} from "../../../../../emulator/influxdb3";

type Props = Record<string, unknown>;

/** The engine's order for a new resource: check, then create with the checked inputs. */
export async function checkAndCreate(
  hooks: {
    check(o: Props, n: Props): Promise<dynamic.CheckResult>;
    create(i: Props): Promise<dynamic.CreateResult>;
  },
  news: Props,
  olds: Props = {},
): Promise<{ id: string; outs: Props; inputs: Props }> {
  const checked = await hooks.check(olds, news);
  expect(checked.failures ?? []).toEqual([]);
  const inputs = checked.inputs as Props;
  const created = await hooks.create(inputs);
  return { id: created.id, outs: created.outs as Props, inputs };
}

export interface ServerFixture {
  emu: Influxdb3Emulator;
  url: string;
  operator: string;
  clock: { now: () => number; advance(ms: number): void };
  /** The request log, e.g. to prove that nothing was sent. */
  requests(): ReturnType<Influxdb3Emulator["requestLog"]>;
  /** Raw call, for out-of-band changes. */
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }>;
  /** Whether a token value authenticates right now. */
  works(token: string): Promise<boolean>;
  connection: { url: string; token: string };
}

export async function startServer(
  edition: Edition,
  cleanups: Array<() => Promise<void>>,
  options: Partial<Influxdb3EmulatorOptions> & { bootstrap?: boolean } = {},
): Promise<ServerFixture> {
  let now = Date.now();
  const clock = {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
  const emu = await startInfluxdb3Emulator({
    edition,
    now: clock.now,
    databases: ["sensors", "logs"],
    ...options,
  });
  cleanups.push(() => emu.close());
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers["authorization"] = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(emu.url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  };
  let operator = "";
  if (options.bootstrap !== false && !options.withoutAuth) {
    const created = await call("POST", "/api/v3/configure/token/admin");
    operator = (JSON.parse(created.text) as { token: string }).token;
  }
  emu.clearRequestLog();
  return {
    emu,
    url: emu.url,
    operator,
    clock,
    requests: () => emu.requestLog(),
    call,
    works: async (token) => (await call("GET", "/ping", token)).status === 200,
    connection: { url: emu.url, token: operator },
  };
}
