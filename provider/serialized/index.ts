/*
 * The dynamic providers the SDK classes hand to the engine. Each is the whole `module.exports` of
 * its own module here, so @pulumi/pulumi's closure serializer writes one
 * `require("pulumi-influxdb-tokens/dist/provider/serialized/<name>.js")` into every resource's
 * `__provider` (~300 B) instead of its functions (see ./authorization.ts). Those paths are in
 * users' state: they never move.
 */

/** AdminToken (a named admin token of InfluxDB 3 Core/Enterprise). */
export { default as adminTokenProvider } from "./admin-token";
/** Authorization (InfluxDB v2 `/api/v2/authorizations`). */
export { default as authorizationProvider } from "./authorization";
/** `Authorization.get`: a read of a missing token fails instead of returning nothing. */
export { default as authorizationReadProvider } from "./authorization-read";
/** DatabaseToken (InfluxDB 3 Clustered / Cloud Dedicated management API). */
export { default as databaseTokenProvider } from "./database-token";
/** `DatabaseToken.get`: a read of a missing token fails instead of returning nothing. */
export { default as databaseTokenReadProvider } from "./database-token-read";
/** OfflineTokens (InfluxDB 3 Core/Enterprise token files, generated without a server call). */
export { default as offlineTokensProvider } from "./offline-tokens";
/** OperatorToken (`_admin` of InfluxDB 3 Core/Enterprise). */
export { default as operatorTokenProvider } from "./operator-token";
/** ResourceToken (an InfluxDB 3 Enterprise `db:`/`system:` token). */
export { default as resourceTokenProvider } from "./resource-token";
/** User (InfluxDB OSS v2 `/api/v2/users`). */
export { default as userProvider } from "./user";
