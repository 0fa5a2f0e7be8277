/**
 * Bootstrap a new InfluxDB 3 server without the race of the unauthenticated bootstrap call: the
 * stack generates the server's token files (no server call), you start the server with them, and
 * then the stack creates the other tokens with the admin token it generated.
 *
 *   1. pulumi up                                   generates the tokens and the file contents
 *   2. write the files (mode 0600) and start the server with --admin-token-file (Enterprise also
 *      --permission-tokens-file)
 *   3. pulumi config set serverUrl <url>; pulumi up   creates the tokens below with that credential
 *   4. pulumi refresh                              loadStatus shows what the server loaded
 */
import * as pulumi from "@pulumi/pulumi";
import { AdminToken, OfflineTokens, ResourceToken } from "pulumi-influxdb-tokens";

const config = new pulumi.Config();
const enterprise = (config.get("edition") ?? "enterprise") === "enterprise";
const serverUrl = config.get("serverUrl") || undefined;

// The server's own `_admin` (the name an offline admin token gets by default): a server started with
// this file has its operator token before it answers any request, so nobody can bootstrap it first.
const files = new OfflineTokens("server-files", {
  // Enterprise: the database and a writer token exist from the first start.
  ...(enterprise
    ? {
        createDatabases: ["sensors"],
        permissionTokens: [
          {
            name: "telegraf",
            permissions: [{ resourceType: "db", resourceNames: ["sensors"], actions: ["write"] }],
            expiresIn: "365d",
          },
        ],
      }
    : {}),
  // Once the server runs: `pulumi refresh` checks in system.tokens that it loaded the files.
  ...(serverUrl === undefined ? {} : { connection: { url: serverUrl } }),
});

export const adminTokenFile = files.adminTokenFile;
export const permissionTokensFile = files.permissionTokensFile;
export const adminToken = files.adminToken;
export const telegrafToken = files.permissionTokenValues.apply((values) => values["telegraf"]);
export const hashPrefixes = files.hashPrefixes;
export const loadStatus = files.loadStatus;

// Step 3: everything below authenticates with the admin token of the file.
const connection = serverUrl === undefined ? undefined : { url: serverUrl, token: files.adminToken };
const oncall = connection && new AdminToken("oncall", { name: "oncall", expiresIn: "90d", connection });
const grafana =
  connection && enterprise
    ? new ResourceToken("grafana", {
        permissions: [{ resourceType: "db", resourceNames: "*", actions: ["read"] }],
        expiresIn: "365d",
        connection,
      })
    : undefined;

export const oncallToken = oncall?.token;
export const grafanaToken = grafana?.token;
