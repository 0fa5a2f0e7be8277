/*
 * The DatabaseToken dynamic provider (InfluxDB 3 Clustered / Cloud Dedicated management API) as
 * the whole `module.exports` of this file, so that `__provider` is one `require(...)` of it:
 * see ./authorization.ts for why and for the rules.
 */
import { delegatingProvider } from "./delegate";

export = delegatingProvider("hooks", "databaseToken");
