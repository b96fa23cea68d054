package globus

// Regenerate the typed clients from the OpenAPI documents in api/.
// Run "go generate ./..." at the module root after changing a spec.

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/authapi/config.yaml api/auth.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/transferapi/config.yaml api/transfer.yaml
