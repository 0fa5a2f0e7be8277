export {
  allAccessPermissions,
  influxCliAllAccessPermissions,
  operatorPermissions,
  type PresetPermission,
} from "./permissions";
