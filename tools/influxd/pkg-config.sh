#!/bin/sh
# PKG_CONFIG for `go build` of influxd (set by scripts/setup-influxd.sh).
#
# Flux's cgo package asks pkg-config for `flux`. InfluxData's pkg-config wrapper
# (github.com/influxdata/pkg-config, built by the setup script) answers by building
# libflux with cargo. It copies Flux's read-only module source into "$GOCACHE/pkgconfig"
# and builds there, so cargo's target dir lands under GOCACHE. Point GOCACHE, for
# the wrapper only, at our build cache so the Rust build stays out of the shared Go
# build cache. PKG_CONFIG must be a single executable path, hence this script.
set -eu
: "${PIT_INFLUXDATA_PKG_CONFIG:?set by scripts/setup-influxd.sh: path of the built InfluxData pkg-config wrapper}"
: "${PIT_FLUX_BUILD_DIR:?set by scripts/setup-influxd.sh: where libflux is built}"
GOCACHE="$PIT_FLUX_BUILD_DIR"
export GOCACHE
exec "$PIT_INFLUXDATA_PKG_CONFIG" "$@"
