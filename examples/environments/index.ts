/**
 * Environment bootstrapping: the tokens each service of one environment needs, one stack
 * per environment (dev, staging, prod). Everything that differs between environments comes
 * from the stack's config (Pulumi.<stack>.yaml); the connection comes from `influxdb:*`
 * config or the INFLUX_* environment variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { Authorization, DatabaseToken } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const environment = pulumi.getStack();
const org = config.get("org") ?? "my-org";
const bucket = config.get("telemetryBucket") ?? "telemetry";
const database = config.get("database") ?? "sensors";

// Telegraf writes one bucket; the name is resolved to the bucket's ID before the token is created.
const telegraf = new Authorization("telegraf", {
  org,
  description: `telegraf writes ${bucket} (${environment})`,
  permissions: [{ action: "write", resource: { type: "buckets", name: bucket } }],
});

// Grafana reads the same bucket and nothing else.
const grafana = new Authorization("grafana", {
  org,
  description: `grafana reads ${bucket} (${environment})`,
  permissions: [{ action: "read", resource: { type: "buckets", name: bucket } }],
});

// Created inactive: an operator flips `status` to "active" in an incident (one in-place update).
const breakGlass = new Authorization("break-glass", {
  org,
  description: `break-glass access to every bucket of ${org} (${environment})`,
  status: config.get("breakGlassStatus") === "active" ? "active" : "inactive",
  permissions: [
    { action: "read", resource: { type: "buckets" } },
    { action: "write", resource: { type: "buckets" } },
  ],
});

// InfluxDB 3 Clustered: an ingest token and a read-only token for one database.
const ingest = new DatabaseToken("ingest", {
  description: `ingest writes ${database} (${environment})`,
  permissions: [{ action: "write", resource: database }],
});
const dashboards = new DatabaseToken("dashboards", {
  description: `dashboards read ${database} (${environment})`,
  permissions: [{ action: "read", resource: database }],
});

export const telegrafToken = telegraf.token;
export const grafanaToken = grafana.token;
export const breakGlassId = breakGlass.id;
export const breakGlassStatus = breakGlass.status;
export const ingestToken = ingest.accessToken;
export const dashboardsToken = dashboards.accessToken;
