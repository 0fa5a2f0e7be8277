/**
 * A local InfluxDB 3 Core/Enterprise token-API server for tests and demos
 * (behaviour D.14). See README.md in this folder.
 */
export type { Edition } from "./context";
export {
  type Influxdb3Emulator,
  type Influxdb3EmulatorOptions,
  type Influxdb3EmulatorState,
  type RequestLogEntry,
  startInfluxdb3Emulator,
} from "./server";
export { readAdminTokenFile, readPermissionTokensFile } from "./token-files";
export type { PermissionTokensFile, PreconfiguredToken, TokenSnapshot } from "./token-store";
