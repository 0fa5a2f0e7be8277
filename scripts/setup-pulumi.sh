#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host from the Go module proxy,
# once, into a cache folder outside the repository, and prints the folder that
# holds them as the last line of stdout. Reuses the build while the pins
# (tools/pulumi/*/go.mod, go.sum) and this script are unchanged.
#
# Why build: no Pulumi binary can be downloaded on the project's machines, but
# the Go module proxy serves Pulumi's source. See README "Toolchain".
#
# A user who already has a Pulumi CLI on PATH (>= 3.139, the first with
# configure() for dynamic providers) keeps it: set PIT_USE_PATH_PULUMI=1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cli_version=v3.274.1
host_version=v3.68.0
cache=${PIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-influxdb-tokens}

log() { echo "setup-pulumi: $*" >&2; }

if [[ ${PIT_USE_PATH_PULUMI:-} == 1 ]] && command -v pulumi >/dev/null; then
  log "using $(command -v pulumi) ($(pulumi version)) from PATH"
  dirname "$(command -v pulumi)"
  exit 0
fi

key=$(cat "$repo"/tools/pulumi/cli/go.{mod,sum} "$repo"/tools/pulumi/language-nodejs/go.{mod,sum} "$0" |
  sha256sum | cut -c1-12)
# The key as above without the lines ending in "# prerequisites": they check the machine (scripts/prerequisites.sh) and change nothing built. # prerequisites
key=$(cat "$repo"/tools/pulumi/cli/go.{mod,sum} "$repo"/tools/pulumi/language-nodejs/go.{mod,sum} <(grep -v '# prerequisites$' "$0") | sha256sum | cut -c1-12) # prerequisites
bin="$cache/pulumi-$cli_version-$key/bin"

check() {
  [[ -x $bin/pulumi && -x $bin/pulumi-language-nodejs ]] &&
    [[ $("$bin/pulumi" version 2>/dev/null) == "$cli_version" ]]
}

if ! check; then
  source "$repo/scripts/prerequisites.sh" && pit_require setup-pulumi go flock && pit_build_note pulumi setup-pulumi # prerequisites
  command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI (go.dev/doc/install)"; exit 1; }
  mkdir -p "$cache"
  exec 9>"$cache/pulumi.lock"
  flock 9 # another run (a parallel test worker, CI) may be building right now
  if ! check; then
    tmp="$bin.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
    start=$SECONDS
    log "building Pulumi CLI $cli_version from the Go module proxy (first run only: ~4 min on 2 cores)..."
    (cd "$repo/tools/pulumi/cli" &&
      go build -trimpath -ldflags "$ldflags=$cli_version" -o "$tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    log "CLI built in $((SECONDS - start)) s; building the Node.js language host ($host_version, ~1 min)..."
    (cd "$repo/tools/pulumi/language-nodejs" &&
      go build -trimpath -ldflags "$ldflags=$host_version" -o "$tmp/pulumi-language-nodejs" \
        github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
    rm -rf "$bin" && mkdir -p "$(dirname "$bin")" && mv "$tmp" "$bin"
    log "done in $((SECONDS - start)) s: $bin"
  fi
  flock -u 9
fi

check || { log "the build at $bin does not report $cli_version"; exit 1; }
# Next to the CLI, the engine treats our launcher as a bundled plugin: found without the
# "using pulumi-resource-pulumi-nodejs from $PATH" warning on every run.
install -m 755 "$repo/tools/pulumi/bin/pulumi-resource-pulumi-nodejs" "$bin/"
log "Pulumi CLI $cli_version and language host $host_version ready"
echo "$bin"
