// Package authorizers attaches Globus credentials to HTTP requests.
//
// It is the Go form of the Python SDK's GlobusAuthorizer family. An
// [Authorizer] sets a request's Authorization header and, when the server
// answers 401, says whether one retry with a fresh header may succeed.
//
// Static authorizers never change their header:
//
//   - [NullAuthorizer] sends no Authorization header at all.
//   - [BasicAuthorizer] sends HTTP Basic credentials.
//   - [AccessTokenAuthorizer] sends a fixed bearer token.
//
// Renewing authorizers fetch tokens themselves and renew them before they
// expire:
//
//   - [RefreshTokenAuthorizer] trades a refresh token for access tokens, and
//     keeps a rotated refresh token.
//   - [ClientCredentialsAuthorizer] asks for tokens with a confidential
//     client's own credentials.
//   - [RenewingAuthorizer] is the engine under both, usable with any fetch
//     function.
//
// Renewing authorizers are lazy (constructors do no I/O), single-flight (any
// number of concurrent callers cause one token request) and safe for
// concurrent use. They renew in the background shortly before expiry, so
// callers rarely wait.
//
// The package holds credentials; it opens no connection itself. An
// authorizer attaches in one of three ways: with the WithAuthorizer option
// of the auth and transfer packages, whose clients also retry a 401 once
// with a renewed token (once per call, however often they retry
// otherwise); to any [http.Client] through a [Transport], the
// RoundTripper that is also the authorization stage of those clients, with
// the same retry after a 401; or to any generated client as a request
// editor ([RequestEditor], assignable to any generated RequestEditorFn),
// which cannot retry. All three refuse to send a credential over plain
// http to a host that is not loopback ([ErrInsecureTransport]) unless told
// otherwise.
//
// For golang.org/x/oauth2, [TokenSource] turns an authorizer into an
// oauth2.TokenSource, and [FromTokenSource] turns any oauth2.TokenSource
// into an authorizer.
//
// No authorizer, [TokenData] or error of this package ever prints a
// secret: tokens are [globus.Secret]s, and the authorizers print redacted.
package authorizers
