/**
 * Token changes reviewed like code: every change to this program (or its stack config) goes
 * through a pull request whose CI job posts `pulumi preview --diff` as a comment (ci/). The two
 * kinds of change a reviewer must tell apart:
 * - a permission change REPLACES the token (new value for every consumer, old one deleted);
 * - a status or description change UPDATES it in place (same value, one PATCH).
 */
import * as pulumi from "@pulumi/pulumi";
import { Authorization } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const grafanaBuckets = (config.get("grafanaBuckets") ?? "telemetry")
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name !== "");
const breakGlassStatus = config.get("breakGlassStatus") === "active" ? "active" : "inactive";

// Adding a bucket here is a permission change: the plan shows a replacement.
const grafana = new Authorization("grafana", {
  description: "grafana dashboards (read-only)",
  permissions: grafanaBuckets.map((name) => ({
    action: "read" as const,
    resource: { type: "buckets" as const, name },
  })),
});

// Flipping the status is an in-place update: the plan shows `~ status`.
const breakGlass = new Authorization("break-glass", {
  description: "break-glass write access to every bucket, normally inactive",
  status: breakGlassStatus,
  permissions: [
    { action: "read", resource: { type: "buckets" } },
    { action: "write", resource: { type: "buckets" } },
  ],
});

export const grafanaToken = grafana.token;
export const grafanaPermissions = grafana.grantedPermissions;
export const breakGlassId = breakGlass.id;
export const breakGlassStatusNow = breakGlass.status;
