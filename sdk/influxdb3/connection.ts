import type * as pulumi from "@pulumi/pulumi";

/**
 * Where the InfluxDB 3 Core/Enterprise server is, for one resource; overrides stack config
 * (`influxdb:influxdb3Url`, `influxdb:influxdb3Token`) and the `influxdb3` CLI's environment
 * variables (`INFLUXDB3_HOST_URL`, `INFLUXDB3_AUTH_TOKEN`). Stored as a secret. This is how one stack
 * bootstraps a server and then creates tokens with the operator token it just made.
 */
export interface Influxdb3ConnectionArgs {
  /** Base URL, e.g. `http://127.0.0.1:8181`. Changing it **replaces** the token (another server). */
  url?: pulumi.Input<string>;
  /** An admin token (operator or named admin). Changing it updates state only (no request). */
  token?: pulumi.Input<string>;
}
