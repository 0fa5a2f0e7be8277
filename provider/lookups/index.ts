export {
  type GetAuthorizationArgs,
  getAuthorization,
  type ListAuthorizationsArgs,
  type LookupContext,
  listAuthorizations,
} from "./authorizations";
export { cloneDatabaseTokenPermissions, clonePermissions } from "./clone";
export { lookupManagementConnection, lookupV2Connection } from "./connection";
export {
  type GetDatabaseTokenArgs,
  getDatabaseToken,
  type ListDatabaseTokensArgs,
  listDatabaseTokens,
} from "./database-tokens";
export { LookupArgumentError } from "./errors";
export {
  type AuthorizationFilter,
  type DatabaseTokenFilter,
  matchesAuthorization,
  matchesDatabaseToken,
} from "./filters";
export type {
  AuthorizationPermissionSummary,
  AuthorizationSummary,
  DatabaseTokenSummary,
  TextMatcher,
} from "./types";
