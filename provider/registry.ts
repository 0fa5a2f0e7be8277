/**
 * Every resource this package serves, in one table. The serialized dynamic providers in state
 * look their hooks up here, through the package subpath `pulumi-influxdb-tokens/registry` (this
 * module imports no serialized provider, so nothing loops back), and so does the provider plugin.
 */
// Before any other import: the dynamic-provider host loads this module first (./compile-cache.ts).
import "./compile-cache";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type ConfigSource, configure } from "./config";
import { authorizationHooks } from "./resources/authorization/hooks";
import { databaseTokenHooks } from "./resources/database-token/hooks";
import { namedTokenHooks } from "./resources/influxdb3/named-token-hooks";
import { offlineTokensHooks } from "./resources/influxdb3/offline-tokens-hooks";
import { operatorTokenHooks } from "./resources/influxdb3/operator-token-hooks";
import { userHooks } from "./resources/user/hooks";
import { requireSupportedNode } from "./shared/node-version";

/** What the engine calls for one resource (a dynamic provider without `configure`). */
export type ResourceHooks = Required<Omit<dynamic.ResourceProvider, "configure">>;

export interface RegisteredResource {
  /** The resource's name: the SDK class, the dynamic type `influxdb:<name>`, the package's `index:<name>`. */
  readonly name: ResourceName;
  readonly hooks: ResourceHooks;
  /** Keeps the stack configuration the engine sends (`influxdb:*` settings). */
  readonly configure: (request: { config: ConfigSource }) => Promise<void>;
}

export const RESOURCE_NAMES = [
  "Authorization",
  "DatabaseToken",
  "OperatorToken",
  "AdminToken",
  "ResourceToken",
  "User",
  "OfflineTokens",
] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/**
 * The hooks, each first checking the Node.js version: the first call of a run on a too old Node
 * (check, at preview) says so in plain words instead of failing later as a network error.
 */
export function withNodeCheck(
  hooks: ResourceHooks,
  version: () => string = () => process.versions.node,
): ResourceHooks {
  const guard =
    <A extends unknown[], R>(hook: (...args: A) => R) =>
    (...args: A): R => {
      requireSupportedNode(version());
      return hook(...args);
    };
  return {
    check: guard(hooks.check.bind(hooks)),
    diff: guard(hooks.diff.bind(hooks)),
    create: guard(hooks.create.bind(hooks)),
    read: guard(hooks.read.bind(hooks)),
    update: guard(hooks.update.bind(hooks)),
    delete: guard(hooks.delete.bind(hooks)),
  };
}

const entry = (name: ResourceName, hooks: ResourceHooks, configureHook: RegisteredResource["configure"]) =>
  ({ name, hooks: withNodeCheck(hooks), configure: configureHook }) as const;

/** One hook instance per resource and process. */
export const registry: Readonly<Record<ResourceName, RegisteredResource>> = {
  Authorization: entry("Authorization", authorizationHooks(), configure),
  DatabaseToken: entry("DatabaseToken", databaseTokenHooks(), configure),
  OperatorToken: entry("OperatorToken", operatorTokenHooks(), configure),
  AdminToken: entry("AdminToken", namedTokenHooks("AdminToken"), configure),
  ResourceToken: entry("ResourceToken", namedTokenHooks("ResourceToken"), configure),
  User: entry("User", userHooks(), configure),
  OfflineTokens: entry("OfflineTokens", offlineTokensHooks(), configure),
};

/**
 * The two groups the serialized providers address, `require(...)[group][key]`: state written by
 * 0.1.0 reaches them as `require("pulumi-influxdb-tokens/provider").hooks` and `.influxdb3Hooks`,
 * later state through this module. Views of `registry`, never other instances.
 */
export const hooks = {
  authorization: registry.Authorization.hooks,
  databaseToken: registry.DatabaseToken.hooks,
  user: registry.User.hooks,
  configure,
};
export const influxdb3Hooks = {
  operatorToken: registry.OperatorToken.hooks,
  adminToken: registry.AdminToken.hooks,
  resourceToken: registry.ResourceToken.hooks,
  offlineTokens: registry.OfflineTokens.hooks,
  configure,
};
