//go:build tools

// Package tools pins the Pulumi YAML language host as a dependency of this module so that
// `go build github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml` resolves from go.sum.
// Its dependencies stay at the versions pulumi-yaml v1.25.0 itself requires (pkg/sdk v3.206.0):
// the host talks to our newer CLI over gRPC, which is versioned, so no need to lift them.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
