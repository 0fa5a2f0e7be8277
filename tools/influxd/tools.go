//go:build tools

// Package tools pins InfluxDB OSS and InfluxData's pkg-config wrapper as
// dependencies of this module, so that `go build` of
// github.com/influxdata/influxdb/v2/cmd/influxd and
// github.com/influxdata/pkg-config resolves from go.sum. The wrapper builds
// Flux's Rust library with cargo when it is used as PKG_CONFIG.
package tools

import (
	_ "github.com/influxdata/influxdb/v2/cmd/influxd"
	_ "github.com/influxdata/pkg-config"
)
