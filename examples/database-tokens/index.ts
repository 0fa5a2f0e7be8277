/**
 * InfluxDB 3 database tokens on Clustered or Cloud Dedicated. Which one is decided by the
 * connection settings, not by the program:
 * - Clustered: `influxdb:managementUrl` (the cluster's host) and `influxdb:managementToken`;
 * - Cloud Dedicated: also `influxdb:accountId` and `influxdb:clusterId` (the management API is
 *   then https://console.influxdata.com), plus `dataUrl` for waitForActivation.
 * New database tokens answer 401 for seconds to minutes; `waitForActivation` holds `create` until
 * the cluster accepts them, so whatever uses the token in the same `up` gets one that works.
 */
import * as pulumi from "@pulumi/pulumi";
import { DatabaseToken } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const database = config.get("database") ?? "sensors";
const dataUrl = config.get("dataUrl") || undefined; // required on Cloud Dedicated, optional on Clustered

// Writes one database; `create` waits (up to 5 minutes) until the cluster accepts it.
const ingest = new DatabaseToken("ingest", {
  description: `ingest writes ${database}`,
  permissions: [{ action: "write", resource: database }],
  waitForActivation: { timeout: "5m", url: dataUrl },
});

// Reads every database, expires at the end of next year: a new expiry replaces the token.
const nextYear = new Date().getUTCFullYear() + 1;
const analytics = new DatabaseToken("analytics", {
  description: "analytics reads all databases",
  permissions: [{ action: "read", resource: "*" }],
  expiresAt: `${nextYear}-12-31T23:59:59Z`,
});

export const ingestTokenId = ingest.id;
export const ingestToken = ingest.accessToken; // secret
export const analyticsToken = analytics.accessToken; // secret
export const analyticsExpiresAt = analytics.expiresAt;
export const cluster = pulumi
  .all([ingest.accountId, ingest.clusterId])
  .apply(([account, cluster]) =>
    account === undefined ? "Clustered" : `Cloud Dedicated account ${account}, cluster ${cluster}`,
  );
