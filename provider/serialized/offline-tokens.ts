/*
 * The OfflineTokens dynamic provider (InfluxDB 3 Core/Enterprise token files, generated locally) as
 * the whole `module.exports` of this file, so that `__provider` is one `require(...)` of it: see
 * ./authorization.ts for why and for the rules.
 */
import { delegatingProvider } from "./delegate";

export = delegatingProvider("influxdb3Hooks", "offlineTokens");
