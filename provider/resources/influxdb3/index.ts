/** InfluxDB 3 Core/Enterprise tokens: OperatorToken, AdminToken, ResourceToken. */
export {
  type Influxdb3Client,
  influxdb3Client,
  sqlString,
  type TokenRow,
} from "../../clients/influxdb3/client";
export {
  configureInfluxdb3,
  INFLUXDB3_SETTINGS,
  type Influxdb3ConnectionInput,
  setInfluxdb3StackConfig,
} from "../../config/influxdb3";
export { parseExpiresIn } from "./duration";
export { detectEdition, type Edition } from "./edition";
export { type Influxdb3ClientFactory, namedTokenHooks } from "./named-token-hooks";
export { operatorTokenHooks } from "./operator-token-hooks";
export { canonicalPermissions, type ResourcePermission } from "./permissions";
export type {
  NamedTokenInputs,
  NamedTokenOutputs,
  OperatorTokenInputs,
  OperatorTokenOutputs,
  ResourceTokenInputs,
  ResourceTokenOutputs,
  TokenStatus,
} from "./types";
