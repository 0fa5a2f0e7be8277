export {
  ConfigurationError,
  defaultOrg,
  type ManagementConnection,
  type ManagementConnectionInput,
  missingOrgError,
  resolveManagementConnection,
  resolveV2Connection,
  type V2Connection,
  type V2ConnectionInput,
} from "./connection";
export {
  type ConfigSource,
  configure,
  readSetting,
  SETTINGS,
  type SettingName,
  setStackConfig,
} from "./settings";
