/*
 * The User dynamic provider (InfluxDB OSS v2 `/api/v2/users`) as the whole `module.exports` of
 * this file, so that `__provider` is one `require(...)` of it: see ./authorization.ts for why and
 * for the rules.
 */
import { delegatingProvider } from "./delegate";

export = delegatingProvider("hooks", "user");
