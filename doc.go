// Package globus is the root of globus-go, the Go SDK for Globus Auth and
// Globus Transfer.
//
// The SDK is split into small packages:
//
//   - [github.com/globus-go/globus/authorizers] attaches credentials to
//     requests and renews tokens (Null, Basic, AccessToken, RefreshToken and
//     ClientCredentials authorizers).
//   - [github.com/globus-go/globus/auth] holds the login flows (native and
//     confidential apps) and the Auth resource-server client.
//   - [github.com/globus-go/globus/transfer] holds the Transfer client, paging
//     iterators, the task-document builders and TaskWait.
//   - gen/authapi and gen/transferapi hold the clients that oapi-codegen
//     generates from the OpenAPI documents in api/. They are never edited by
//     hand: change the spec and run "go generate ./...".
//
// This package itself holds the few value types that both generated clients
// share: [Time] for Globus timestamps, [Int] for numbers that older responses
// send as strings, and [APIError], the one error type every client returns
// for an unsuccessful HTTP answer.
package globus
