#!/usr/bin/env bash
# Builds a real InfluxDB OSS v2.9.1 server (`influxd`) from source, once, for the
# tests that run against the real thing.
#
#   bash scripts/setup-influxd.sh        # progress on stderr; binary path = last stdout line
#
# The pins live in tools/influxd (go.mod/go.sum). The binary goes to
#   ${PIT_CACHE:-$HOME/.cache/pulumi-influxdb-tokens}/influxd-<hash>/influxd
# where <hash> covers the pins and the build scripts, so a change to either builds
# afresh and an unchanged checkout reuses the binary in well under a second.
# Concurrent runs are serialised with flock; the binary appears atomically.
#
# Flux (InfluxDB's query engine) links a Rust library. InfluxData's pkg-config
# wrapper, used as PKG_CONFIG, builds it with cargo during `go build`. Two changes
# make that work with the Rust toolchain here:
#   RUSTUP_TOOLCHAIN=stable  Flux pins an old Rust with cross targets we cannot install.
#   RUSTC_WRAPPER            tools/influxd/rustc-cap-lints.sh: newer rustc lints would
#                            otherwise fail flux-core's #![deny(warnings)].
# Needs: go, cargo (rustup, stable toolchain), a C compiler, pkg-config, flock.
# A cold build takes several minutes on 2 cores.
set -euo pipefail

VERSION=v2.9.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOD="$ROOT/tools/influxd"
CACHE="${PIT_CACHE:-$HOME/.cache/pulumi-influxdb-tokens}"

say() { printf 'setup-influxd: %s\n' "$*" >&2; }
die() {
  say "ERROR: $*"
  exit 1
}

for f in go.mod go.sum tools.go pkg-config.sh rustc-cap-lints.sh; do
  [[ -f "$MOD/$f" ]] || die "missing $MOD/$f"
done
HASH="$(cd "$MOD" && cat go.mod go.sum tools.go pkg-config.sh rustc-cap-lints.sh "$ROOT/scripts/setup-influxd.sh" |
  sha256sum | cut -c1-12)"
# The key as above without the lines ending in "# prerequisites": they check the machine (scripts/prerequisites.sh) and change nothing built. # prerequisites
HASH="$(cd "$MOD" && cat go.mod go.sum tools.go pkg-config.sh rustc-cap-lints.sh <(grep -v '# prerequisites$' "$ROOT/scripts/setup-influxd.sh") | sha256sum | cut -c1-12)" # prerequisites
OUT="$CACHE/influxd-$HASH"
BIN="$OUT/influxd"

# `influxd version` prints "InfluxDB v2.9.1 (git: none) build_date: ...".
check_version() {
  local got
  got="$("$1" version 2>&1)" || {
    say "'$1 version' failed: $got"
    return 1
  }
  [[ "$got" == "InfluxDB $VERSION "* ]] || {
    say "'$1 version' says '$got', expected InfluxDB $VERSION"
    return 1
  }
}

# Fast path, no lock: a finished binary is only ever renamed into place.
if [[ -x "$BIN" ]] && check_version "$BIN"; then
  say "reusing $BIN"
  printf '%s\n' "$BIN"
  exit 0
fi

source "$ROOT/scripts/prerequisites.sh" && pit_require setup-influxd go rust pkg-config cc flock && pit_build_note influxd setup-influxd # prerequisites
mkdir -p "$OUT" || die "cannot create $OUT"
exec 9>"$OUT.lock"
if ! flock -n 9; then
  say "another setup-influxd is building into $OUT; waiting for it"
  flock 9
fi
if [[ -x "$BIN" ]] && check_version "$BIN"; then
  say "reusing $BIN (built by the run we waited for)"
  printf '%s\n' "$BIN"
  exit 0
fi
rm -f "$BIN"

for tool in go cargo rustup pkg-config cc; do
  command -v "$tool" >/dev/null || die "'$tool' is not on PATH (needed to build influxd; see the header of $0)"
done
export RUSTUP_TOOLCHAIN=stable
rustc_version="$(rustc --version 2>&1)" || die "no stable Rust toolchain (RUSTUP_TOOLCHAIN=stable): $rustc_version"

LOG="$OUT/build.log"
: >"$LOG"
start=$SECONDS
say "building InfluxDB OSS $VERSION into $OUT (cold build: several minutes; log: $LOG)"
say "using $(go version | cut -d' ' -f3-), $rustc_version"

# Runs a step with its output in the log; prints a heartbeat while it runs and
# the log's tail if it fails.
step() {
  local what="$1"
  shift
  say "$what"
  printf '\n== %s\n$ %s\n' "$what" "$*" >>"$LOG"
  "$@" >>"$LOG" 2>&1 &
  local pid=$! waited=0 rc=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if ((waited % 30 == 0)); then
      say "  ... still $what ($((SECONDS - start)) s so far; last: $(tail -n1 "$LOG" | cut -c1-100))"
    fi
  done
  wait "$pid" || rc=$?
  if ((rc != 0)); then
    say "FAILED: $what (exit $rc). Last lines of $LOG:"
    tail -n 40 "$LOG" >&2
    die "influxd build failed; see $LOG"
  fi
}

cd "$MOD"
step "downloading Go modules" go mod download
step "building InfluxData's pkg-config wrapper" \
  go build -trimpath -o "$OUT/influxdata-pkg-config" github.com/influxdata/pkg-config

export PKG_CONFIG="$MOD/pkg-config.sh"
export PIT_INFLUXDATA_PKG_CONFIG="$OUT/influxdata-pkg-config"
export PIT_FLUX_BUILD_DIR="$OUT/flux-build"
# Go's build cache keys a cgo package on CC and CGO_*FLAGS but not on what pkg-config
# prints, so a cached Flux cgo package keeps linking `-L<an earlier flux-build>/...`.
# Once that folder is gone (removed below, or an old cache folder deleted) the link
# fails with "cannot find -lflux-<id>". A new ID for each fresh flux-build folder,
# passed as a harmless -D, makes Go rebuild its cgo packages (and so run the wrapper,
# which builds libflux) exactly when the library has to be built again.
if [[ ! -s "$PIT_FLUX_BUILD_DIR/build-id" ]]; then
  rm -rf "$PIT_FLUX_BUILD_DIR"
  mkdir -p "$PIT_FLUX_BUILD_DIR"
  printf '%s_%s\n' "$(date -u +%Y%m%d%H%M%S)" "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" \
    >"$PIT_FLUX_BUILD_DIR/build-id"
fi
export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -DPIT_FLUX_BUILD_ID=$(<"$PIT_FLUX_BUILD_DIR/build-id")"
export RUSTC_WRAPPER="$MOD/rustc-cap-lints.sh"
export CGO_ENABLED=1
# Same tags as upstream's GNUmakefile (COMMON_TAGS) minus `assets`: no UI is embedded.
# main.version is stamped so `influxd version`, /health and X-Influxdb-Version say v2.9.1
# as a release build does (upstream's Makefile stamps it from the git tag).
step "building influxd (Flux's Rust core first, then Go; -v lists packages in the log)" \
  go build -v -trimpath -tags sqlite_foreign_keys,sqlite_json \
  -ldflags "-X main.version=$VERSION" \
  -o "$BIN.tmp" github.com/influxdata/influxdb/v2/cmd/influxd

check_version "$BIN.tmp" || die "the freshly built binary fails its version check; see $LOG"
mv -f "$BIN.tmp" "$BIN"
# libflux is linked into the binary now; its source copy and cargo target dir (~0.5 GB)
# would only serve a rebuild of this same hash, which a present binary never needs.
rm -rf "$PIT_FLUX_BUILD_DIR"
say "built $BIN ($(du -h "$BIN" | cut -f1)) in $((SECONDS - start)) s: $("$BIN" version)"
for old in "$CACHE"/influxd-*/; do
  [[ "${old%/}" == "$OUT" ]] || say "note: $old is an older build (other pins or scripts); delete it if no checkout needs it"
done
printf '%s\n' "$BIN"
