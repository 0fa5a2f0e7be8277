/**
 * The emulator plus what the token guides' examples need: a second org with its own bucket, and
 * the generic users `iot_user_1` and `iot_user_2`. The emulator's HTTP API cannot create users or
 * orgs (neither is part of the token API), so they are added to its store at start.
 */
import {
  type Emulator,
  type EmulatorOptions,
  type InternalEmulatorOptions,
  startEmulator,
} from "../../../../emulator";

export interface SeededEmulator {
  emulator: Emulator;
  url: string;
  token: string;
  org: { id: string; name: string };
  otherOrg: { id: string; name: string };
  users: { admin: string; iot_user_1: string; iot_user_2: string };
  buckets: { telemetry: string; logs: string; otherTelemetry: string };
  /** Deletes a user as `influx user delete` would: its tokens stay stored but stop working (behaviour A.1). */
  deleteUser(name: string): void;
  close(): Promise<void>;
}

export async function startSeededEmulator(options: EmulatorOptions = {}): Promise<SeededEmulator> {
  const ids = { otherOrg: "", iot1: "", iot2: "", otherBucket: "" };
  let store: Parameters<NonNullable<InternalEmulatorOptions["extraApps"]>>[0] | undefined;
  const emulator = await startEmulator({
    ...options,
    extraApps: (seeded) => {
      store = seeded;
      const now = new Date().toISOString();
      ids.otherOrg = store.nextId();
      store.data.orgs.push({
        id: ids.otherOrg,
        name: "other-org",
        description: "",
        createdAt: now,
        updatedAt: now,
      });
      ids.iot1 = store.nextId();
      ids.iot2 = store.nextId();
      store.data.users.push({ id: ids.iot1, name: "iot_user_1", status: "active" });
      store.data.users.push({ id: ids.iot2, name: "iot_user_2", status: "active" });
      ids.otherBucket = store.nextId();
      store.data.buckets.push({
        id: ids.otherBucket,
        orgID: ids.otherOrg,
        type: "user",
        name: "other-telemetry",
        description: "",
        retentionSeconds: 0,
        shardGroupSeconds: 7 * 86400,
        createdAt: now,
        updatedAt: now,
      });
      return [];
    },
  } satisfies InternalEmulatorOptions);
  return {
    emulator,
    url: emulator.url,
    token: emulator.token,
    org: emulator.seed.org,
    otherOrg: { id: ids.otherOrg, name: "other-org" },
    users: { admin: emulator.seed.user.id, iot_user_1: ids.iot1, iot_user_2: ids.iot2 },
    buckets: {
      telemetry: emulator.seed.buckets.telemetry!,
      logs: emulator.seed.buckets.logs!,
      otherTelemetry: ids.otherBucket,
    },
    deleteUser(name) {
      store!.data.users = store!.data.users.filter((user) => user.name !== name);
      store!.changed();
    },
    close: () => emulator.close(),
  };
}

/** A direct v2 call with the given token (the test's own view of the server). */
export async function v2Call(
  server: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are untyped JSON
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Token ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

/** 204 when `token` may write to the bucket. */
export async function writeStatus(server: { url: string }, token: string, org: string, bucket: string) {
  const query = new URLSearchParams({ org, bucket, precision: "s" });
  const response = await fetch(`${server.url}/api/v2/write?${query}`, {
    method: "POST",
    headers: { authorization: `Token ${token}`, "content-type": "text/plain" },
    body: "m,host=a value=1 1700000000",
  });
  await response.text();
  return response.status;
}
