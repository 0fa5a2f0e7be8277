/*
 * The providers behind `Authorization.get` and `DatabaseToken.get` (issue 9): the resources'
 * own providers, except that `read` fails when the token does not exist.
 *
 * Why: the dynamic-provider host always answers a read with the `__provider` property, so the
 * engine never sees "no such resource" for a user-driven get, and a get of a deleted or unknown
 * ID would succeed with empty outputs (seen with the engine v3.274 and @pulumi/pulumi 3.270). A
 * get passes only its inputs (no `createdAt`, which every stored state has), a refresh passes the
 * stored outputs: only the first fails, so `pulumi refresh` still drops a token that went away.
 *
 * Each is the whole `module.exports` of its own module under provider/serialized/, so that
 * `__provider` is a single `require(...)` of that module (issue 13; see
 * provider/serialized/authorization.ts). Re-exported here for the SDK classes.
 */

/** `Authorization.get`'s provider. */
export { default as authorizationReadProvider } from "../serialized/authorization-read";
/** `DatabaseToken.get`'s provider. */
export { default as databaseTokenReadProvider } from "../serialized/database-token-read";
