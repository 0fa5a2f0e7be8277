/*
 * The ResourceToken dynamic provider (an InfluxDB 3 Enterprise `db:`/`system:` token) as the whole
 * `module.exports` of this file, so that `__provider` is one `require(...)` of it: see
 * ./authorization.ts for why and for the rules.
 */
import { delegatingProvider } from "./delegate";

export = delegatingProvider("influxdb3Hooks", "resourceToken");
