export const NAME = "pulumi-influxdb-tokens";

export const HELP: Record<string, string> = {
  main: `${NAME}: audit InfluxDB API tokens (read-only; never prints a token value)

Usage:
  ${NAME} list [flags]                  v2 authorizations (InfluxDB OSS 2.x, Cloud, Cloud Serverless)
  ${NAME} get <id> [--json]             one v2 authorization
  ${NAME} list-database-tokens [flags]  InfluxDB 3 Clustered / Cloud Dedicated database tokens
  ${NAME} get-database-token <id>       one database token
  ${NAME} list-influxdb3-tokens         InfluxDB 3 Core / Enterprise tokens (system.tokens)
  ${NAME} unrecorded [--json]           tokens this machine created that no stack state may hold
  ${NAME} emulator [--influxdb3]        a local token-API emulator to try things on; prints the
                                        variables and stack config that point at it
  ${NAME} <command> --help              flags of a command
  ${NAME} --version                     the package's version

Connection (the same environment variables as the Pulumi providers):
  INFLUX_HOST, INFLUX_TOKEN               v2 API URL and a token allowed to read authorizations
  INFLUX_ORG_ID or INFLUX_ORG             default org filter of "list" (--all-orgs ignores it)
  INFLUX_MANAGEMENT_URL, INFLUX_MANAGEMENT_TOKEN
                                          management API URL (without /api/v0) and token
  INFLUX_ACCOUNT_ID, INFLUX_CLUSTER_ID    Cloud Dedicated (both), unset for Clustered
  INFLUXDB3_HOST_URL, INFLUXDB3_AUTH_TOKEN
                                          InfluxDB 3 Core/Enterprise URL and an admin token

Exit codes: 0 success (also an empty list), 1 the server answered an error or could not be
reached, 2 bad input (a wrong flag, ID or value) or missing configuration, 3 "get" found no
such token.
`,
  list: `Usage: ${NAME} list [flags]

Lists the v2 authorizations the token may read (the server hides the others).
  --org <name> | --org-id <id>   only this org (default: INFLUX_ORG_ID / INFLUX_ORG if set)
  --all-orgs                     every org, ignoring INFLUX_ORG_ID / INFLUX_ORG
  --user <name> | --user-id <id> only tokens of this user
  --active | --inactive          only tokens with this status
  --can <action>[:<type>]        only tokens with a permission with this action (and type),
                                 e.g. --can write, --can read:buckets
  --type <type>                  only tokens with a permission on this resource type
  --resource-id <id>             only tokens with a permission covering this resource ID
  --description <text>           description contains the text
  --description-regex <regex>    description matches the regular expression
  --sort <id|description>        sort by this column (default: the server's order, by ID)
  --host <url>                   instead of INFLUX_HOST (the token still comes from INFLUX_TOKEN)
  --json                         JSON instead of a table

Example: ${NAME} list --user iot_user_1 --active --can write
`,
  get: `Usage: ${NAME} get <id> [--host <url>] [--json]

Shows one v2 authorization (exit code 3 when there is none with that ID).
`,
  "list-database-tokens": `Usage: ${NAME} list-database-tokens [flags]

Lists the cluster's database tokens.
  --include-revoked              also revoked tokens (when the server still lists them)
  --active                       only tokens that still work (not revoked, not expired)
  --can <read|write>             only tokens with a permission with this action
  --database <name>              only tokens with a permission on this database (or on "*")
  --description <text>           description contains the text
  --description-regex <regex>    description matches the regular expression
  --sort <id|description>        sort by this column (default: the server's order)
  --management-url <url>         instead of INFLUX_MANAGEMENT_URL (token from INFLUX_MANAGEMENT_TOKEN)
  --json                         JSON instead of a table
`,
  "list-influxdb3-tokens": `Usage: ${NAME} list-influxdb3-tokens [--host <url>] [--json]

Lists the tokens of an InfluxDB 3 Core or Enterprise server (its system.tokens table): ID, name,
creation time, expiry and permissions; never a token value or its hash.
  --host <url>                   instead of INFLUXDB3_HOST_URL (token from INFLUXDB3_AUTH_TOKEN)
  --json                         JSON instead of a table
`,
  unrecorded: `Usage: ${NAME} unrecorded [--json]

Lists what this machine's create journal ($PULUMI_HOME/influxdb-tokens/create-attempts) knows
about tokens that no stack state may hold, with no server call:
  unconfirmed   returned to Pulumi, not yet confirmed by a later run of its stack; still listed
                after that stack's next preview, up or refresh on this machine: not in its state
                (the run was killed before its checkpoint). Delete it, or take it over (adoptId).
  in-progress   its process is still running
  to-clean-up   its process ended before create returned, after the POST answered; the next
                create on that server deletes the token by its ID
  to-check      its process ended while its POST had no answer; the next create on that server
                deletes the token if the server shows the attempt's marker (most made nothing)
  unprovable    a name you chose whose create lost its answer; never deleted by the provider
  --json                         JSON instead of a table
`,
  emulator: `Usage: ${NAME} emulator [flags]              InfluxDB v2 + Clustered/Cloud Dedicated management API
       ${NAME} emulator --influxdb3 [flags]  InfluxDB 3 Core/Enterprise

Starts a local emulator of the token APIs on 127.0.0.1 (v2 default port 8086, --port 0 for a free
one) until Ctrl-C, and prints the export lines and \`pulumi config set\` lines that point a shell
or a stack at it. ${NAME} emulator [--influxdb3] --help lists every flag.
`,
  "get-database-token": `Usage: ${NAME} get-database-token <id> [--include-revoked] [--management-url <url>] [--json]

Shows one database token (exit code 3 when there is none, or it is revoked without --include-revoked).
`,
};
