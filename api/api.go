// Package api embeds the OpenAPI documents that describe Globus Auth and
// Globus Transfer as globus-go sees them.
//
// The documents are the source of the generated clients in gen/. They are
// embedded here so that test tooling, such as the fake Globus in
// integration/fakeglobus, can validate traffic against them. The SDK's
// clients do not import this package, so kin-openapi and the documents never
// become a runtime dependency of the SDK.
package api

import _ "embed"

// AuthYAML is the OpenAPI 3.0 document for Globus Auth (auth.yaml).
//
//go:embed auth.yaml
var AuthYAML []byte

// TransferYAML is the OpenAPI 3.0 document for Globus Transfer v0.10
// (transfer.yaml).
//
//go:embed transfer.yaml
var TransferYAML []byte
