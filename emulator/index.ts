import type { AddressInfo } from "node:net";
import { createAdminApp } from "./admin";
import { FaultInjector } from "./faults";
import { createManagementApp } from "./management/app";
import type { Emulator, EmulatorOptions, EmulatorSeed } from "./options";
import { loadState, Persister } from "./persistence";
import { randomSource } from "./random";
import { RequestLog } from "./request-log";
import type { App } from "./router";
import { createEmulatorHttpServer } from "./server";
import { hashToken, type StateData, Store, seedState } from "./store";
import { summarize } from "./summary";
import { createSystemApps } from "./system";
import { createV2App } from "./v2/app";

export {
  type Influxdb3Emulator,
  type Influxdb3EmulatorOptions,
  startInfluxdb3Emulator,
} from "./influxdb3";
export type {
  Emulator,
  EmulatorOptions,
  EmulatorSeed,
  EmulatorStateSummary,
  FaultOptions,
  RequestLogEntry,
  TokenVisibility,
} from "./options";
export type { App } from "./router";

/** Extra apps (e.g. the InfluxDB 3 Core/Enterprise API from emulator/influxdb3/) mounted next to ours. */
export interface InternalEmulatorOptions extends EmulatorOptions {
  extraApps?: (store: Store) => App[];
}

/** Starts the emulator on 127.0.0.1 (port 0 = a free port). See README.md "Emulator". */
export async function startEmulator(options: InternalEmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const visibility = options.tokenVisibility ?? "hashed";
  const rng = randomSource(options.seed, 0);
  const now = () => new Date().toISOString();

  const loaded = options.dataFile ? loadState(options.dataFile) : undefined;
  const data: StateData =
    loaded ?? seedState(rng, { token: options.token, managementToken: options.managementToken }, now());
  if (loaded) applyCredentialOverrides(data, options);
  const store = new Store(data, rng);

  const persister = options.dataFile ? new Persister(options.dataFile, () => store.data) : undefined;
  if (persister) {
    store.onChange = () => persister.schedule();
    if (!loaded) persister.schedule();
    persister.flush();
  }

  const faults = new FaultInjector(options.seed);
  if (options.faults) faults.set(options.faults);
  const log = new RequestLog();
  const apps: App[] = [
    createAdminApp({ store, faults, log }),
    createV2App({ store, visibility, now }),
    createManagementApp({
      store,
      now: () => new Date(),
      activationDelayMs: options.activationDelayMs ?? 0,
      revoked: options.revokedDatabaseTokens ?? "hidden",
    }),
    ...createSystemApps(),
    ...(options.extraApps?.(store) ?? []),
  ];
  const server = createEmulatorHttpServer({ apps, faults, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const seed = seedOf(data);

  const line = options.log ?? (() => {});
  line(`org: ${seed.org.name} (${seed.org.id})`);
  line(`user: ${seed.user.name} (${seed.user.id})`);
  for (const [name, id] of Object.entries(seed.buckets)) line(`bucket: ${name} (${id})`);
  line(`account: ${seed.accountId}  cluster: ${seed.clusterId}`);
  line(`v2 API: ${url}/api/v2  (token visibility: ${visibility})`);
  line(
    `management API: ${url}/api/v0/tokens and ${url}/api/v0/accounts/${seed.accountId}/clusters/${seed.clusterId}/tokens`,
  );
  line(`admin: ${url}/__emulator/{requests,state,faults}`);
  if (options.dataFile) line(`data file: ${options.dataFile}`);
  line(`listening on ${url}`);

  let closed: Promise<void> | undefined;
  return {
    url,
    token: data.operatorToken,
    managementToken: data.managementToken,
    seed,
    requestLog: () => log.list(),
    clearRequestLog: () => log.clear(),
    setFaults: (f) => faults.set(f),
    state: () => summarize(store),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => persister?.flush());
      return closed;
    },
  };
}

/** Re-keys the seeded credentials when a restart passes --token / --management-token. */
function applyCredentialOverrides(data: StateData, options: EmulatorOptions): void {
  if (options.token !== undefined && options.token !== data.operatorToken) {
    const oldHash = hashToken(data.operatorToken);
    const operator = data.authorizations.find((a) => a.tokenHash === oldHash);
    if (operator) {
      operator.tokenHash = hashToken(options.token);
      operator.token = options.token;
    }
    data.operatorToken = options.token;
  }
  if (options.managementToken !== undefined) data.managementToken = options.managementToken;
}

function seedOf(data: StateData): EmulatorSeed {
  const org = data.orgs[0];
  const user = data.users[0];
  if (!org || !user) throw new Error("emulator state has no seeded org/user");
  const buckets: Record<string, string> = {};
  for (const b of data.buckets) if (b.orgID === org.id && b.type === "user") buckets[b.name] = b.id;
  return {
    org: { id: org.id, name: org.name },
    user: { id: user.id, name: user.name },
    buckets,
    accountId: data.accountId,
    clusterId: data.clusterId,
  };
}
