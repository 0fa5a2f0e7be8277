// Before any other import: see compile-cache.ts.
import "./compile-cache";
import type * as dynamic from "@pulumi/pulumi/dynamic";
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
 * The two objects below are what @pulumi/pulumi closure-serializes into every resource's state
 * (`__provider`, DESIGN.md). Each method only `require`s this module of the installed package by
 * its public name and delegates: the serializer leaves a free `require(...)` call as text, so
 * the serialized provider is a few hundred bytes, holds no credential, no zod schema and no undici
 * Agent, and keeps working when the package is upgraded (the host loads the installed code).
 * The module is resolved from the program's folder (the host's cwd), where the package is installed.
 * Do not reference any module-level value in these functions: it would be serialized by value.
 */

/** The Authorization dynamic provider (InfluxDB v2 `/api/v2/authorizations`). */
export const authorizationProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").hooks.configure(req),
  check: (olds, news) => require("pulumi-influxdb-tokens/provider").hooks.authorization.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.authorization.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").hooks.authorization.create(inputs),
  read: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.authorization.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.authorization.update(id, olds, news),
  delete: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.authorization.delete(id, props),
};

/** The DatabaseToken dynamic provider (InfluxDB 3 Clustered / Cloud Dedicated management API). */
export const databaseTokenProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").hooks.configure(req),
  check: (olds, news) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.databaseToken.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.create(inputs),
  read: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.databaseToken.update(id, olds, news),
  delete: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.delete(id, props),
};

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
export { UNKNOWN } from "./unknown";
