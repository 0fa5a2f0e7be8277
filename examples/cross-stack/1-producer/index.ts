/**
 * The producer: a platform stack that owns the tokens. Other stacks read them through
 * `pulumi.StackReference` (../2-consumer); the tokens stay secret on the way (a secret output
 * is encrypted in this stack's state and arrives as a secret in the consumer).
 */
import * as pulumi from "@pulumi/pulumi";
import { Authorization } from "pulumi-influxdb-tokens";

const telegraf = new Authorization("telegraf", {
  description: `telegraf writes telemetry (stack ${pulumi.getStack()})`,
  permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
  rotateAfter: "90d", // consumers pick up the new value on their next `up`
});

export const telegrafToken = telegraf.token; // secret
export const telegrafTokenId = telegraf.id;
export const influxUrl = process.env.INFLUX_HOST ?? new pulumi.Config("influxdb").get("url") ?? "";
export const org = telegraf.org;
