// Package app logs a program in once and keeps its tokens: the Go form of
// the Python SDK's GlobusApp (UserApp and ClientApp).
//
// A UserApp acts for a person through a native client. Declare the scopes
// the program needs, once per resource server, and attach its authorizers
// to the clients:
//
//	a, err := app.NewUserApp("my-tool", clientID,
//		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll))
//	...
//	defer a.Close()
//	if err := a.Login(ctx); err != nil { ... } // only when needed
//	authz, err := a.Authorizer(transfer.ResourceServer)
//	tc, err := transfer.NewClient(transfer.WithAuthorizer(authz))
//
// Login does nothing when the stored tokens carry every declared scope and
// are valid or renewable; otherwise it runs a login flow: the local-server
// flow (the browser comes back to a loopback listener) when a browser can
// be opened, else the command-line flow (the user pastes the code). See
// LoginFlow. Tokens are kept by default in the JSON file that the Python
// SDK's GlobusApp uses for the same client ID and app name
// (DefaultTokenPath), so a Go tool and a Python tool share one login, and
// they are renewed through that storage (tokenstorage), so that processes
// sharing it never spend a refresh token another has rotated.
//
// When Globus answers that the user must consent again or log in with
// another session (a *globus.APIError with authorization parameters),
// UserApp.LoginFor logs in with exactly those requirements, and with
// WithAutoLogin(true), UserApp.Do does it by itself, once per call.
// UserApp.Logout revokes and forgets every stored token.
//
// A ClientApp acts as a confidential client itself (client credentials),
// with the same storage and authorizers, and no login flow.
//
// Secrets (tokens, the client secret, the PKCE verifier, the code) are
// never printed, logged or put in an error.
package app
