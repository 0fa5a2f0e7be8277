/**
 * Bootstrap a fresh InfluxDB 3 server in one stack: create its operator token (`_admin`), then,
 * with that token, a named admin token for people and one resource token per service.
 * The server URL comes from `influxdb:influxdb3Url` or INFLUXDB3_HOST_URL. No token is needed to
 * start: the operator token this stack creates is the credential of everything after it.
 */
import * as pulumi from "@pulumi/pulumi";
import { AdminToken, OperatorToken, ResourceToken } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const edition = config.get("edition") ?? "enterprise";
const database = config.get("database") ?? "sensors";

// The unauthenticated bootstrap of a fresh server. Change `rotation` (any value) to regenerate the
// secret in place. On a server that is already bootstrapped, set `existingToken` instead.
const operator = new OperatorToken("operator", {
  rotationTrigger: config.get("rotation"),
  existingToken: config.getSecret("existingOperatorToken"),
});

// Everything below authenticates with the operator token created above.
const connection = { token: operator.token };

// A named admin token for the on-call team: full access, expires in 90 days (a change replaces it;
// with an explicit name the old one is deleted first, since names are unique on the server).
const oncall = new AdminToken("oncall", { name: "oncall", expiresIn: "90d", connection });

export const operatorToken = operator.token;
export const serverEdition = operator.edition;
export const oncallToken = oncall.token;
export const oncallExpiresAt = oncall.expiresAt;

const enterprise = edition === "enterprise";

// Telegraf writes one database. Autonamed (`telegraf-<hex>`): a permission change creates the new
// token before deleting the old one, so the writer never goes without a valid token.
const telegraf = enterprise
  ? new ResourceToken("telegraf", {
      permissions: [{ resourceType: "db", resourceNames: [database], actions: ["write"] }],
      expiresIn: "365d",
      connection,
    })
  : undefined;

// Grafana reads every database (including ones created later) and may probe /health and /ping.
const grafana = enterprise
  ? new ResourceToken("grafana", {
      permissions: [
        { resourceType: "db", resourceNames: "*", actions: ["read"] },
        { resourceType: "system", resourceNames: ["health", "ping"], actions: ["read"] },
      ],
      expiresIn: "365d",
      connection,
    })
  : undefined;

export const telegrafToken = telegraf?.token;
export const telegrafTokenName = telegraf?.tokenName;
export const grafanaToken = grafana?.token;
export const grafanaTokenName = grafana?.tokenName;
