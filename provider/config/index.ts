export {
  ConfigurationError,
  defaultOrg,
  type ManagementConnection,
  type ManagementConnectionInput,
  missingOrgError,
  missingOrgFailures,
  resolveManagementConnection,
  resolveV2Connection,
  urlSettingFailures,
  type V2Connection,
  type V2ConnectionInput,
} from "./connection";
export {
  type Influxdb3Connection,
  type Influxdb3ConnectionInput,
  influxdb3UrlSettingFailures,
  resolveInfluxdb3Connection,
} from "./influxdb3";
export {
  type ConfigSource,
  configure,
  readSetting,
  SETTINGS,
  type SettingName,
  type SettingSpec,
  setStackConfig,
} from "./settings";
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_ELAPSED_SECONDS,
  resolveTransport,
  type Transport,
} from "./transport";
