//go:build tools

// Package tools pins the Node.js language host. v3.68.0 is the last sdk/v3
// release that holds it as a package; its later, separate module is not served here.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
