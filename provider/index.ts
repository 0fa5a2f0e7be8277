// Before any other import: see compile-cache.ts.
import "./compile-cache";
import { authorizationHooks } from "./authorization/hooks";
import { configure } from "./config";
import { databaseTokenHooks } from "./database-token/hooks";

/**
 * The hook implementations, one instance per process. The serialized providers below reach them
 * through `require("pulumi-influxdb-tokens/provider")`, so they are never copied into state.
 */
export const hooks = {
  authorization: authorizationHooks(),
  databaseToken: databaseTokenHooks(),
  configure,
};

/*
 * The two providers @pulumi/pulumi closure-serializes into every resource's state (`__provider`,
 * DESIGN.md). Each is the whole `module.exports` of its own module under ./serialized/, so the
 * serializer writes one `require("pulumi-influxdb-tokens/dist/provider/serialized/<name>.js")`
 * (~300 B per resource, issue 13) instead of its seven functions. Their methods only `require`
 * this module of the installed package by its public name and delegate to `hooks`, so no
 * credential, zod schema or undici Agent is captured, and an upgraded package's code is used.
 * The modules are resolved from the program's folder (the host's cwd), where the package is installed.
 */

export { authorizationHooks } from "./authorization/hooks";
export { RESOURCE_TYPES, type ResourceType } from "./authorization/resource-types";
export type {
  AuthorizationInputs,
  AuthorizationOutputs,
  GrantedPermission,
  PermissionInput,
  ResourceInput,
} from "./authorization/types";
export {
  ConfigurationError,
  configure,
  type ManagementConnectionInput,
  SETTINGS,
  setStackConfig,
  type V2ConnectionInput,
} from "./config";
export { databaseTokenHooks } from "./database-token/hooks";
export type {
  DatabaseTokenInputs,
  DatabaseTokenOutputs,
  DatabaseTokenPermission,
} from "./database-token/types";
export { type InputFailure, InputValidationError } from "./errors";
export { closeHttpAgent, InfluxApiError, redact } from "./http";
export {
  adminTokenProvider,
  influxdb3Hooks,
  operatorTokenProvider,
  resourceTokenProvider,
} from "./influxdb3";
/** The Authorization dynamic provider (InfluxDB v2 `/api/v2/authorizations`). */
export { default as authorizationProvider } from "./serialized/authorization";
/** The DatabaseToken dynamic provider (InfluxDB 3 Clustered / Cloud Dedicated management API). */
export { default as databaseTokenProvider } from "./serialized/database-token";
export { UNKNOWN } from "./unknown";
