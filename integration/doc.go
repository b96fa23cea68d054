// Package integration holds the SDK's end-to-end tests: the auth,
// authorizers and transfer packages working together against the fake
// Globus of package integration/fakeglobus, which checks every request and
// response against api/*.yaml.
//
// The tests cover the everyday workflow (client credentials, mkdir, paged
// ls, transfer, TaskWait, events, delete), a token that expires while
// TaskWait polls, refresh-token rotation across many renewals of a native
// app login, and a thousand calls under injected faults. The package has no
// code of its own; run it with
//
//	go test -race ./integration/...
package integration
