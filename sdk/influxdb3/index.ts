/** InfluxDB 3 Core/Enterprise tokens (issue 14). */

export type { ResourcePermission } from "../../provider/resources/influxdb3/permissions";
export { AdminToken, type AdminTokenArgs } from "./admin-token";
export type { Influxdb3ConnectionArgs } from "./connection";
export { OperatorToken, type OperatorTokenArgs } from "./operator-token";
export { type ResourcePermissionArgs, ResourceToken, type ResourceTokenArgs } from "./resource-token";
