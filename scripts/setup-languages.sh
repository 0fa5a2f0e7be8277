#!/usr/bin/env bash
# Builds the toolchain for Pulumi programs in languages other than TypeScript, once, into the
# same cache as the CLI (scripts/setup-pulumi.sh), and prints one KEY=path line per tool on stdout:
#
#   PULUMI_BIN=<folder>     the CLI's bin folder (from setup-pulumi.sh; built first if needed)
#   YAML_HOST_BIN=<file>    pulumi-language-yaml, the Pulumi YAML language host
#   SDKGEN=<file>           tools/sdkgen: package schema -> Python, Go and Node SDKs
#   PYTHON_VENV=<folder>    a virtualenv with PyPI `pulumi` (Automation API, generated SDKs)
#
# and warms Go's module and build caches for programs using github.com/pulumi/pulumi/sdk/v3
# (the Automation API's `auto` package), so tests compile them offline in seconds.
#
# Where things go (${PIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-influxdb-tokens}):
#   pulumi-language-yaml-<ver>-<key>/   the YAML host as built
#   sdkgen-<key>/sdkgen
#   python-pulumi-<ver>-<key>/          the virtualenv
# Each <key> hashes that tool's own pins and build recipe only, so changing one tool (or the
# rest of this script) does not rebuild the others. Runs are serialised with flock.
#
# The YAML host is also copied next to the CLI: YAML is one of the engine's "bundled" language
# plugins, found beside the running `pulumi` without any PATH change, while a copy found only on
# PATH makes every run warn "using pulumi-language-yaml from $PATH". YAML_HOST_BIN is that copy.
# With PIT_USE_PATH_PULUMI=1 (a Pulumi install of the user's, which normally bundles its own
# YAML host) nothing is written into the user's folder: a host already there is used, otherwise
# YAML_HOST_BIN is the cached build, whose folder must then be put on PATH.
#
# Why build at all: no Pulumi binary can be downloaded on the project's machines, but the Go
# module proxy serves the source and PyPI serves the Python SDK. Measured cold on 2 cores (empty Go
# build cache, modules already downloaded, other builds running): YAML host 93 s, sdkgen 111 s
# (20 s once the CLI is built: the same dependency graph), venv 15 s, Go sdk/v3 packages 159 s;
# 6 min 18 s in all. Warm: 2-3 s.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
yaml_version=v1.25.0
python_pulumi=3.272.0
cache=${PIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-influxdb-tokens}

log() { echo "setup-languages: $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
hash12() { sha256sum | cut -c1-12; }

# Go (its version from tools/pulumi/cli/go.mod) and flock, each with what to install: scripts/prerequisites.sh.
# Go is needed on every run: it checks the cached binaries (go version -m) and warms sdk/v3.
source "$repo/scripts/prerequisites.sh"
pit_require setup-languages go flock

# The CLI first: its own script caches and locks it. Its last stdout line is its bin folder.
cli_bin=$(bash "$repo/scripts/setup-pulumi.sh" | tail -n1)
[[ -x $cli_bin/pulumi ]] || die "setup-pulumi.sh printed '$cli_bin', which holds no pulumi"

mkdir -p "$cache"
exec 9>"$cache/languages.lock"
if ! flock -n 9; then
  log "another setup-languages is running; waiting for it"
  flock 9
fi

# `go version -m` lists the module versions linked into a Go binary: the check that a cached
# binary is the one the pins describe, for tools that have no --version of their own ("mod" is
# the module holding the main package, "dep" every other).
links() { go version -m "$1" 2>/dev/null | grep -qE "^[[:space:]]+(mod|dep)[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)"; }

# Runs one build step with its output in a log file, and shows the log's tail if it fails.
build_step() {
  local logfile=$1
  shift
  if ! "$@" >>"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "failed: $* (full log: $logfile)"
  fi
}

# A fresh build folder beside <dir>, renamed into place once its binary checks out. We hold the
# lock, so any other <dir>.tmp.* is left by an interrupted run and can go.
new_tmp() {
  rm -rf "$1".tmp.* "$1.log"
  tmp=$1.tmp.$$
  mkdir -p "$tmp"
}

# --- 1. Pulumi YAML language host --------------------------------------------------------------
yaml_mod=$repo/tools/pulumi/language-yaml
yaml_pkg=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
yaml_flags=(-trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version")
yaml_key=$(cat "$yaml_mod"/go.mod "$yaml_mod"/go.sum "$yaml_mod"/tools.go <(echo "${yaml_flags[*]} $yaml_pkg") | hash12)
yaml_dir=$cache/pulumi-language-yaml-$yaml_version-$yaml_key
yaml_ok() { [[ -x $1 ]] && links "$1" github.com/pulumi/pulumi-yaml "$yaml_version"; }

if ! yaml_ok "$yaml_dir/pulumi-language-yaml"; then
  start=$SECONDS
  new_tmp "$yaml_dir"
  log "building the Pulumi YAML language host $yaml_version from the Go module proxy (first run only: 93 s measured on 2 cores from an empty Go build cache, up to 3 min on a busy machine; log: $yaml_dir.log)..."
  (cd "$yaml_mod" && build_step "$yaml_dir.log" go build "${yaml_flags[@]}" -o "$tmp/pulumi-language-yaml" "$yaml_pkg")
  yaml_ok "$tmp/pulumi-language-yaml" || die "the new build in $tmp does not link pulumi-yaml $yaml_version"
  rm -rf "$yaml_dir" "$yaml_dir.log" && mv "$tmp" "$yaml_dir"
  log "YAML language host built in $((SECONDS - start)) s: $yaml_dir"
fi

yaml_host=$yaml_dir/pulumi-language-yaml
if [[ ${PIT_USE_PATH_PULUMI:-} == 1 && $cli_bin != "$cache"/* ]]; then
  if [[ -x $cli_bin/pulumi-language-yaml ]]; then
    yaml_host=$cli_bin/pulumi-language-yaml
    log "using the YAML language host of the Pulumi install at $cli_bin"
  else
    log "no pulumi-language-yaml beside $cli_bin/pulumi: put $yaml_dir on PATH to use ours"
  fi
else
  # Beside the CLI (see the header). Copied, not linked: the engine resolves symlinks of PATH
  # entries but compares the bundled candidate by its own path. A rename is atomic, so a test
  # already running the previous copy is not disturbed.
  if ! cmp -s "$yaml_host" "$cli_bin/pulumi-language-yaml"; then
    cp "$yaml_host" "$cli_bin/.pulumi-language-yaml.$$"
    chmod 755 "$cli_bin/.pulumi-language-yaml.$$"
    mv -f "$cli_bin/.pulumi-language-yaml.$$" "$cli_bin/pulumi-language-yaml"
  fi
  yaml_host=$cli_bin/pulumi-language-yaml
fi

# --- 2. sdkgen ----------------------------------------------------------------------------------
sdkgen_mod=$repo/tools/sdkgen
sdkgen_flags=(-trimpath -ldflags "-s -w")
sdkgen_key=$(cat "$sdkgen_mod"/go.mod "$sdkgen_mod"/go.sum "$sdkgen_mod"/*.go <(echo "${sdkgen_flags[*]}") | hash12)
sdkgen_dir=$cache/sdkgen-$sdkgen_key
sdkgen_ok() { [[ -x $1 ]] && links "$1" github.com/pulumi/pulumi/pkg/v3 v3.274.1; }

if ! sdkgen_ok "$sdkgen_dir/sdkgen"; then
  start=$SECONDS
  new_tmp "$sdkgen_dir"
  log "building sdkgen (pulumi/pkg/v3 v3.274.1 code generators; first run only: 111 s measured on 2 cores, 20 s after the CLI's build; log: $sdkgen_dir.log)..."
  (cd "$sdkgen_mod" && build_step "$sdkgen_dir.log" go build "${sdkgen_flags[@]}" -o "$tmp/sdkgen" .)
  sdkgen_ok "$tmp/sdkgen" || die "the new build in $tmp does not link pulumi/pkg/v3 v3.274.1"
  rm -rf "$sdkgen_dir" "$sdkgen_dir.log" && mv "$tmp" "$sdkgen_dir"
  log "sdkgen built in $((SECONDS - start)) s: $sdkgen_dir"
fi

# --- 3. Python virtualenv with PyPI pulumi -----------------------------------------------------
# Everything pinned, transitive dependencies included (the set pip resolved for pulumi 3.272.0),
# so a rebuild months later gets the same environment. setuptools >= 70.1 builds wheels without
# the `wheel` package: generated SDKs (setup.py) then install offline with
# `pip install --no-index --no-build-isolation <folder>`.
python_pins="pulumi==$python_pulumi
setuptools==80.9.0
debugpy==1.8.22
dill==0.4.1
googleapis-common-protos==1.76.0
grpcio==1.85.3
opentelemetry-api==1.45.2
opentelemetry-exporter-otlp-common==0.66b2
opentelemetry-exporter-otlp-proto-common==1.45.2
opentelemetry-exporter-otlp-proto-grpc==1.45.2
opentelemetry-instrumentation==0.66b2
opentelemetry-instrumentation-grpc==0.66b2
opentelemetry-proto==1.45.2
opentelemetry-sdk==1.45.2
opentelemetry-semantic-conventions==0.66b2
packaging==26.4
protobuf==6.33.6
PyYAML==6.0.4
semver==3.1.2
typing_extensions==4.16.0
wrapt==2.5.2"
python=${PIT_PYTHON:-python3}
pit_require setup-languages python
# pulumi 3.272 declares Requires-Python >= 3.10.
py_id=$("$python" -c 'import os, sys
assert sys.version_info >= (3, 10), "Python %s is older than 3.10, which pulumi %s needs" % (sys.version.split()[0], sys.argv[1])
print(sys.version.split()[0], os.path.realpath(sys.executable))' "$python_pulumi" 2>&1) || die "$python: $py_id"
venv_recipe="$python -m venv; pip install --no-input -r pins"
venv_key=$(printf '%s\n%s\n%s\n' "$py_id" "$python_pins" "$venv_recipe" | hash12)
venv=$cache/python-pulumi-$python_pulumi-$venv_key
venv_ok() {
  [[ -f $venv/.pit-complete ]] &&
    [[ $("$venv/bin/python" -c 'import importlib.metadata as m, pulumi.automation; print(m.version("pulumi"))' 2>/dev/null) == "$python_pulumi" ]]
}

if ! venv_ok; then
  start=$SECONDS
  # A venv records its own absolute path (pyvenv.cfg, script shebangs), so it is built in place
  # and marked complete at the end instead of being renamed into place.
  rm -rf "$venv"
  log "creating a Python virtualenv with pulumi $python_pulumi from PyPI ($py_id; first run only: 15 s measured)..."
  build_step "$cache/python-venv-$venv_key.log" "$python" -m venv "$venv"
  printf '%s\n' "$python_pins" >"$venv/pit-requirements.txt"
  build_step "$cache/python-venv-$venv_key.log" \
    "$venv/bin/python" -m pip install --no-input --disable-pip-version-check -r "$venv/pit-requirements.txt"
  touch "$venv/.pit-complete"
  venv_ok || die "the new virtualenv $venv does not import pulumi $python_pulumi (log: $cache/python-venv-$venv_key.log)"
  rm -f "$cache/python-venv-$venv_key.log"
  log "virtualenv ready in $((SECONDS - start)) s: $venv"
fi

# --- 4. Go: sdk/v3 (Automation API) in the module and build caches ------------------------------
# The Go inline-program fixture's go.mod/go.sum pin sdk/v3 for every Go program the tests build
# (the generated Go SDK requires the same release), so its dependency graph is the one to compile:
# Go's build cache is keyed by exact versions, and an sdk/v3 build under another graph would not
# be reused. -trimpath as in the tests: there a package's cache key then leaves out its folder, so
# a generated SDK in a fresh temporary folder is a cache hit, and flags must match to share the
# cache. Go's own cache decides what is stale; a warm run takes about a second.
go_mod=$repo/test/integration/languages/fixtures/go-inline
start=$SECONDS
(cd "$go_mod" && build_step "$cache/go-sdk.log" go mod download &&
  build_step "$cache/go-sdk.log" env GOFLAGS="${GOFLAGS:-} -mod=readonly" \
    go build -trimpath github.com/pulumi/pulumi/sdk/v3/go/auto github.com/pulumi/pulumi/sdk/v3/go/pulumi \
    github.com/pulumi/pulumi/sdk/v3/go/pulumi/config)
rm -f "$cache/go-sdk.log"
((SECONDS - start < 10)) || log "Go sdk/v3 (auto) compiled into the build cache in $((SECONDS - start)) s"

flock -u 9
log "ready: pulumi-language-yaml $yaml_version, sdkgen (pkg/v3 v3.274.1), Python pulumi $python_pulumi, Go sdk/v3 v3.274.1"
echo "PULUMI_BIN=$cli_bin"
echo "YAML_HOST_BIN=$yaml_host"
echo "SDKGEN=$sdkgen_dir/sdkgen"
echo "PYTHON_VENV=$venv"
