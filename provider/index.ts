// Before any other import: see compile-cache.ts.
import "./compile-cache";

export {
  ConfigurationError,
  configure,
  type ManagementConnectionInput,
  SETTINGS,
  setStackConfig,
  type V2ConnectionInput,
} from "./config";
export { closeHttpAgent, InfluxApiError, redact } from "./http";
/*
 * The package's provider side: the resource registry (./registry.ts), the dynamic providers the
 * SDK passes to the engine (./serialized), and the hooks, settings and errors behind them.
 * `hooks` and `influxdb3Hooks` stay here because state written by 0.1.0 reaches the hooks as
 * `require("pulumi-influxdb-tokens/provider").hooks.authorization` and the like.
 */
export {
  hooks,
  influxdb3Hooks,
  RESOURCE_NAMES,
  type RegisteredResource,
  type ResourceName,
  registry,
} from "./registry";
export { authorizationHooks } from "./resources/authorization/hooks";
export { RESOURCE_TYPES, type ResourceType } from "./resources/authorization/resource-types";
export type {
  AuthorizationInputs,
  AuthorizationOutputs,
  GrantedPermission,
  PermissionInput,
  ResourceInput,
} from "./resources/authorization/types";
export { databaseTokenHooks } from "./resources/database-token/hooks";
export type {
  DatabaseTokenInputs,
  DatabaseTokenOutputs,
  DatabaseTokenPermission,
} from "./resources/database-token/types";
export {
  adminTokenProvider,
  authorizationProvider,
  authorizationReadProvider,
  databaseTokenProvider,
  databaseTokenReadProvider,
  operatorTokenProvider,
  resourceTokenProvider,
} from "./serialized";
export { type InputFailure, InputValidationError } from "./shared/errors";
export { UNKNOWN } from "./shared/unknown";
