package authorizers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/globus-go/globus/internal/nilcheck"
)

// ErrNoScopes is wrapped by the [*RenewalError] of a
// [ClientCredentialsAuthorizer] built without any scope.
var ErrNoScopes = errors.New("authorizers: no scopes to request")

// MultipleResourceServersError reports a client-credentials answer with
// tokens for more than one resource server (other_tokens was not empty). A
// [ClientCredentialsAuthorizer] sends one token, so its scopes must all
// belong to one resource server; build one authorizer per resource server.
type MultipleResourceServersError struct {
	// ResourceServers lists every resource server in the answer, the
	// top-level one first.
	ResourceServers []string
}

// Error names the resource servers; it contains no token.
func (e *MultipleResourceServersError) Error() string {
	return "authorizers: the token response has tokens for " + strconv.Itoa(len(e.ResourceServers)) +
		" resource servers (" + strings.Join(e.ResourceServers, ", ") +
		"); a ClientCredentialsAuthorizer needs scopes of exactly one resource server"
}

// ClientCredentialsAuthorizer sends access tokens that a confidential client
// gets with its own credentials (grant_type=client_credentials), renewing
// them as described for [RenewingAuthorizer]. Such tokens come without a
// refresh token.
type ClientCredentialsAuthorizer struct {
	r      *RenewingAuthorizer
	client ConfidentialClient
	scopes []string
}

// NewClientCredentialsAuthorizer returns an authorizer that gets tokens for
// scopes through client, such as an *auth.ConfidentialAppClient, which sends
// them joined by single spaces. The scopes must all belong to one resource
// server. It does no I/O: the first call that needs a token fetches it. A nil
// client or no scopes is reported then, as a [*RenewalError] wrapping
// [ErrNoClient] or [ErrNoScopes]; an answer for several resource servers
// gives a [*RenewalError] wrapping a [*MultipleResourceServersError].
func NewClientCredentialsAuthorizer(client ConfidentialClient, scopes []string, opts ...Option) *ClientCredentialsAuthorizer {
	a := &ClientCredentialsAuthorizer{
		client: client,
		scopes: slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return strings.TrimSpace(s) == "" }),
	}
	a.r = newRenewing(kindClientCredentials, a.fetch, buildOptions(opts))
	return a
}

func (a *ClientCredentialsAuthorizer) fetch(ctx context.Context) (TokenData, error) {
	if nilcheck.Nil(a.client) {
		return TokenData{}, ErrNoClient
	}
	if len(a.scopes) == 0 {
		return TokenData{}, ErrNoScopes
	}
	toks, err := a.client.ClientCredentialsTokens(ctx, slices.Clone(a.scopes))
	if err != nil {
		return TokenData{}, err
	}
	switch len(toks) {
	case 0:
		return TokenData{}, fmt.Errorf("%w: the answer holds no token", ErrInvalidToken)
	case 1:
		return toks[0], nil
	}
	servers := make([]string, len(toks))
	for i, t := range toks {
		servers[i] = t.ResourceServer
	}
	return TokenData{}, &MultipleResourceServersError{ResourceServers: servers}
}

// Scopes returns a copy of the scopes the authorizer asks for.
func (a *ClientCredentialsAuthorizer) Scopes() []string {
	if a == nil {
		return nil
	}
	return slices.Clone(a.scopes)
}

// SetAuthorizationHeader sets h's Authorization header to a valid bearer
// token, fetching a new one first when needed. See
// [RenewingAuthorizer.SetAuthorizationHeader].
//
// A zero or nil ClientCredentialsAuthorizer, which has no client, returns a
// [*RenewalError] wrapping [ErrNoClient].
func (a *ClientCredentialsAuthorizer) SetAuthorizationHeader(ctx context.Context, h http.Header) error {
	if a == nil || a.r == nil {
		return &RenewalError{Err: ErrNoClient}
	}
	return a.r.SetAuthorizationHeader(ctx, h)
}

// HandleMissingAuthorization drops the rejected access token and reports
// true. See [RenewingAuthorizer.HandleMissingAuthorization].
func (a *ClientCredentialsAuthorizer) HandleMissingAuthorization(ctx context.Context, rejected string) bool {
	if a == nil || a.r == nil {
		return false
	}
	return a.r.HandleMissingAuthorization(ctx, rejected)
}

// Token returns the current valid token, fetching a new one first when
// needed.
func (a *ClientCredentialsAuthorizer) Token(ctx context.Context) (TokenData, error) {
	if a == nil || a.r == nil {
		return TokenData{}, &RenewalError{Err: ErrNoClient}
	}
	return a.r.Token(ctx)
}

// Format prints the authorizer with its token redacted, for every verb. Its
// receiver is a value, so that a copy of the authorizer prints redacted too.
func (a ClientCredentialsAuthorizer) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, a.r.describe(kindClientCredentials, fmt.Sprintf("scopes: %q, ", a.scopes)))
}
