//go:build tools

// The last release whose sdk/v3 module still contains the Node.js language host; later releases
// moved it into a module of its own (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3),
// which is untagged and so not fetchable by version.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
