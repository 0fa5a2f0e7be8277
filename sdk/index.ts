/**
 * pulumi-influxdb-tokens: InfluxDB API tokens as Pulumi resources.
 * The dynamic providers themselves are exported from `pulumi-influxdb-tokens/provider`.
 */
export {
  Authorization,
  type AuthorizationArgs,
  type AuthorizationConnectionArgs,
  type AuthorizationGetOptions,
  type AuthorizationPermission,
  type AuthorizationPermissionArgs,
  type AuthorizationResourceArgs,
  type AuthorizationResourceType,
} from "./authorization";
export {
  DatabaseToken,
  type DatabaseTokenArgs,
  type DatabaseTokenConnectionArgs,
  type DatabaseTokenGetOptions,
  type DatabaseTokenPermission,
  type DatabaseTokenPermissionArgs,
  type WaitForActivationArgs,
} from "./database-token";
export * from "./influxdb3";
export * from "./lookups";
export * from "./presets";
export { User, type UserArgs, type UserConnectionArgs } from "./user";
