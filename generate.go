package globus

// Regenerate the typed clients from the OpenAPI documents in api/: the raw
// clients and models (oapi-codegen, run as a library by internal/sdkgen
// -raw, into gen/), the strict server interfaces and server models that
// the fake in integration/fakeglobus implements (gen/server/*, also -raw),
// then
// the operation methods of auth.Client and transfer.Client
// (internal/sdkgen).
// Run "go generate ./..." at the module root after changing a spec.

//go:generate go run ./internal/sdkgen -raw -config gen/authapi/config.yaml -spec api/auth.yaml
//go:generate go run ./internal/sdkgen -raw -config gen/transferapi/config.yaml -spec api/transfer.yaml
//go:generate go run ./internal/sdkgen -raw -config gen/server/authserver/config.yaml -spec api/auth.yaml
//go:generate go run ./internal/sdkgen -raw -config gen/server/transferserver/config.yaml -spec api/transfer.yaml
//go:generate go run ./internal/sdkgen -config gen/authapi/config.yaml -spec api/auth.yaml -package auth -out auth/operations.gen.go
//go:generate go run ./internal/sdkgen -config gen/transferapi/config.yaml -spec api/transfer.yaml -package transfer -out transfer/operations.gen.go
