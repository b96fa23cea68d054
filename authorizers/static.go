package authorizers

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/globus-go/globus"
)

// redacted replaces every secret in printed and logged output.
const redacted = globus.Redacted

// NullAuthorizer ensures a request carries no Authorization header. Use it
// for calls that must be anonymous. Its zero value is ready to use.
type NullAuthorizer struct{}

// SetAuthorizationHeader removes any Authorization header from h.
func (NullAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	h.Del("Authorization")
	return nil
}

// HandleMissingAuthorization reports false: there is nothing to renew.
func (NullAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }

// BasicAuthorizer sends HTTP Basic credentials, as confidential clients do
// at the Globus Auth token endpoint.
type BasicAuthorizer struct {
	username string
	header   string
}

// NewBasicAuthorizer returns an authorizer that sends
// "Basic " + base64(username + ":" + password).
func NewBasicAuthorizer(username, password string) *BasicAuthorizer {
	return &BasicAuthorizer{
		username: username,
		header:   "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password)),
	}
}

// SetAuthorizationHeader sets h's Authorization header to the Basic
// credentials.
func (b *BasicAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	if b == nil || b.header == "" {
		return &globus.UsageError{Op: "authorizers.BasicAuthorizer", Problem: "the authorizer is nil or was not made by NewBasicAuthorizer"}
	}
	h.Set("Authorization", b.header)
	return nil
}

// HandleMissingAuthorization reports false: fixed credentials cannot be
// renewed.
func (*BasicAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }

// Format prints the authorizer with its username and the password
// redacted, for every verb.
func (b BasicAuthorizer) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "authorizers.BasicAuthorizer{username: %q, password: %s}", b.username, redacted)
}

// AccessTokenAuthorizer sends one fixed bearer token. It cannot renew the
// token; use a [RefreshTokenAuthorizer] or [ClientCredentialsAuthorizer]
// for long-running programs.
type AccessTokenAuthorizer struct {
	header string
}

// NewAccessTokenAuthorizer returns an authorizer that sends
// "Bearer " + accessToken.
func NewAccessTokenAuthorizer(accessToken string) *AccessTokenAuthorizer {
	return &AccessTokenAuthorizer{header: "Bearer " + accessToken}
}

// SetAuthorizationHeader sets h's Authorization header to the bearer token.
func (a *AccessTokenAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	if a == nil || a.header == "" {
		return &globus.UsageError{Op: "authorizers.AccessTokenAuthorizer", Problem: "the authorizer is nil or was not made by NewAccessTokenAuthorizer"}
	}
	h.Set("Authorization", a.header)
	return nil
}

// HandleMissingAuthorization reports false: a fixed token cannot be renewed.
func (*AccessTokenAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }

// Format prints the authorizer with its token redacted, for every verb.
func (a AccessTokenAuthorizer) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, "authorizers.AccessTokenAuthorizer{access_token: "+redacted+"}")
}
