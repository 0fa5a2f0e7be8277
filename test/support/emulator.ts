import type { ConfigMap } from "@pulumi/pulumi/automation";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import type { V2ServerFactory, V2ServerOptions, V2TestServer } from "./v2-server";

/** A V2TestServer backed by the emulator, plus the Emulator itself for emulator-only checks. */
export type EmulatorTestServer = V2TestServer & { emulator: Emulator };

export async function startEmulatorTestServer(
  options: V2ServerOptions & Omit<EmulatorOptions, "tokenVisibility"> = {},
): Promise<EmulatorTestServer> {
  const tokenVisibility = options.tokenVisibility ?? "hashed";
  const emulator = await startEmulator({ ...options, tokenVisibility });
  return {
    kind: "emulator",
    url: emulator.url,
    token: emulator.token,
    org: emulator.seed.org,
    user: emulator.seed.user,
    buckets: emulator.seed.buckets,
    tokenVisibility,
    stop: () => emulator.close(),
    emulator,
  };
}

/** The factory the shared v2 suites take (test/support/v2-server.ts). */
export const startEmulatorServer: V2ServerFactory = (options) => startEmulatorTestServer(options);

/**
 * Stack config pointing both APIs (v2 and management) at one emulator, credentials as secrets;
 * `extra` adds plain settings (e.g. `influxdb:retryMaxAttempts`).
 */
export function emulatorStackConfig(emulator: Emulator, extra: Record<string, string> = {}): ConfigMap {
  return {
    "influxdb:url": { value: emulator.url },
    "influxdb:token": { value: emulator.token, secret: true },
    "influxdb:org": { value: emulator.seed.org.name },
    "influxdb:managementUrl": { value: emulator.url },
    "influxdb:managementToken": { value: emulator.managementToken, secret: true },
    ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, { value }])),
  };
}
