"""Bootstrap one environment's InfluxDB tokens from Python: a Pulumi Automation API program that
manages the tokens through the influxdb-tokens provider plugin, with the Python SDK generated
from the package schema (sdk/python of the repository, installed with `pip install`).

    python bootstrap.py up|preview|destroy [--stack dev] [--org my-org] [--bucket telemetry]
                                           [--database sensors] [--work-dir DIR] [--json]

The connection comes from the INFLUX_* environment variables (INFLUX_HOST, INFLUX_TOKEN,
INFLUX_ORG, INFLUX_MANAGEMENT_URL, INFLUX_MANAGEMENT_TOKEN), which the plugin reads itself, or
from the stack's `influxdb-tokens:*` config. The backend and the secrets passphrase come from the
environment as for any Pulumi run (PULUMI_BACKEND_URL or `pulumi login`, PULUMI_CONFIG_PASSPHRASE).

The plugin: an inline program has no Pulumi.yaml to name it in, so the engine finds it installed
(`pulumi plugin install resource influxdb-tokens ...`) or on PATH; this script puts
--plugin-dir (default: ./node_modules/pulumi-influxdb-tokens/bin, if it exists) first on PATH.
"""

import argparse
import json
import os
import sys

import pulumi
import pulumi_influxdb_tokens as tokens
from pulumi import automation as auto

HERE = os.path.dirname(os.path.abspath(__file__))


def program() -> None:
    """The tokens one environment's services need; the stack name is the environment."""
    config = pulumi.Config()
    environment = pulumi.get_stack()
    org = config.get("org") or "my-org"
    bucket = config.get("telemetryBucket") or "telemetry"
    database = config.get("database") or "sensors"

    # Telegraf writes one bucket; the name is resolved to the bucket's ID before the token is created.
    telegraf = tokens.Authorization(
        "telegraf",
        org=org,
        description=f"telegraf writes {bucket} ({environment})",
        permissions=[
            tokens.AuthorizationPermissionArgs(
                action="write",
                resource=tokens.AuthorizationResourceArgs(type="buckets", name=bucket),
            )
        ],
    )
    # Grafana reads the same bucket and nothing else.
    grafana = tokens.Authorization(
        "grafana",
        org=org,
        description=f"grafana reads {bucket} ({environment})",
        permissions=[
            tokens.AuthorizationPermissionArgs(
                action="read",
                resource=tokens.AuthorizationResourceArgs(type="buckets", name=bucket),
            )
        ],
    )
    # InfluxDB 3 Clustered / Cloud Dedicated: an ingest token for one database.
    ingest = tokens.DatabaseToken(
        "ingest",
        description=f"ingest writes {database} ({environment})",
        permissions=[tokens.DatabaseTokenPermissionArgs(action="write", resource=database)],
    )

    # The token values are secret outputs (the schema marks them so): ciphertext in state.
    pulumi.export("telegrafId", telegraf.id)
    pulumi.export("telegrafToken", telegraf.token)
    pulumi.export("grafanaId", grafana.id)
    pulumi.export("grafanaToken", grafana.token)
    pulumi.export("ingestId", ingest.id)
    pulumi.export("ingestToken", ingest.access_token)


def main() -> int:
    parser = argparse.ArgumentParser(description="Bootstrap one environment's InfluxDB tokens.")
    parser.add_argument("command", choices=["up", "preview", "destroy"])
    parser.add_argument("--stack", default="dev", help="the environment (default: dev)")
    parser.add_argument("--org", help="organization name (stack config org; default my-org)")
    parser.add_argument("--bucket", help="the bucket telegraf writes (stack config telemetryBucket)")
    parser.add_argument("--database", help="the InfluxDB 3 database (stack config database)")
    parser.add_argument(
        "--work-dir",
        default=os.path.join(HERE, ".work"),
        help="where the project and stack settings live (default: .work beside this script)",
    )
    parser.add_argument(
        "--plugin-dir",
        default=os.path.join(HERE, "node_modules", "pulumi-influxdb-tokens", "bin"),
        help="a folder holding pulumi-resource-influxdb-tokens, put first on PATH if it exists",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    args = parser.parse_args()

    if os.path.isdir(args.plugin_dir):
        os.environ["PATH"] = os.pathsep.join([args.plugin_dir, os.environ.get("PATH", "")])
    os.makedirs(args.work_dir, exist_ok=True)

    stack = auto.create_or_select_stack(
        stack_name=args.stack,
        project_name="influxdb-tokens-python-bootstrap",
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=args.work_dir),
    )
    settings = {"org": args.org, "telemetryBucket": args.bucket, "database": args.database}
    stack.set_all_config({key: auto.ConfigValue(value) for key, value in settings.items() if value})

    # Progress on stderr, so that --json leaves stdout to the summary.
    def progress(line: str) -> None:
        print(line, file=sys.stderr)

    if args.command == "preview":
        result = stack.preview(on_output=progress)
        summary = {"changes": result.change_summary}
    elif args.command == "destroy":
        result = stack.destroy(on_output=progress)
        summary = {"result": result.summary.result, "changes": result.summary.resource_changes}
    else:
        result = stack.up(on_output=progress)
        summary = {
            "result": result.summary.result,
            "changes": result.summary.resource_changes,
            "outputs": {key: {"value": value.value, "secret": value.secret} for key, value in result.outputs.items()},
        }
        if not args.json:
            for key, value in result.outputs.items():
                print(f"{key}: {'[secret]' if value.secret else value.value}")
    if args.json:
        json.dump(summary, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
