/**
 * Token rotation, two ways:
 * - on a schedule: `rotateAfter: "90d"` replaces the token on the first `pulumi up` after it is
 *   90 days old (the provider compares `createdAt` in state with the current time);
 * - on demand: `rotationTrigger` replaces the token when its value changes
 *   (`pulumi config set rotation 2026-2 && pulumi up`).
 * Either way Pulumi creates the new token first, hands it to everything that uses the output in
 * the same `up`, and deletes the old token last.
 */
import * as pulumi from "@pulumi/pulumi";
import { Authorization, DatabaseToken } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const rotateAfter = config.get("rotateAfter") ?? "90d";
const rotation = config.get("rotation") ?? "2026-1";

// Scheduled: a new token every 90 days, on the first `up` after it is due (run `up` from CI on a
// schedule, e.g. nightly, so "first up after" is at most a day late).
const telegraf = new Authorization("telegraf", {
  description: "telegraf writes telemetry (rotated every 90 days)",
  permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
  rotateAfter,
});

// On demand: bump `rotation` after a leak, an offboarding, or as part of a release.
const grafana = new Authorization("grafana", {
  description: "grafana reads telemetry",
  permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry" } }],
  rotationTrigger: rotation,
});

// Database tokens (InfluxDB 3 Clustered / Cloud Dedicated) take the same inputs.
const ingest = new DatabaseToken("ingest", {
  description: "ingest writes sensors (rotated every 90 days)",
  permissions: [{ action: "write", resource: "sensors" }],
  rotateAfter,
});

export const telegrafToken = telegraf.token;
export const telegrafRotationDueAt = telegraf.rotationDueAt;
export const grafanaToken = grafana.token;
export const grafanaRotation = grafana.rotationTrigger;
export const ingestToken = ingest.accessToken;
export const ingestRotationDueAt = ingest.rotationDueAt;
