/** InfluxDB 3 Core/Enterprise tokens. */

export type { ResourcePermission } from "../../provider/resources/influxdb3/permissions";
export type { Influxdb3ConnectionArgs } from "../generated/influxdb3-args";
export { AdminToken, type AdminTokenArgs } from "./admin-token";
export {
  type OfflinePermissionTokenArgs,
  OfflineTokens,
  type OfflineTokensArgs,
  type OfflineTokensConnectionArgs,
} from "./offline-tokens";
export { OperatorToken, type OperatorTokenArgs } from "./operator-token";
export { type ResourcePermissionArgs, ResourceToken, type ResourceTokenArgs } from "./resource-token";
