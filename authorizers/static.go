package authorizers

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/internal/redact"
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
func (NullAuthorizer) HandleMissingAuthorization(context.Context) bool { return false }

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
	h.Set("Authorization", b.header)
	return nil
}

// HandleMissingAuthorization reports false: fixed credentials cannot be
// renewed.
func (*BasicAuthorizer) HandleMissingAuthorization(context.Context) bool { return false }

// String names the authorizer and its username; the password is redacted.
func (b BasicAuthorizer) String() string {
	return fmt.Sprintf("BasicAuthorizer{username: %q, password: %s}", b.username, redacted)
}

// GoString is like String, for %#v.
func (b BasicAuthorizer) GoString() string { return "authorizers." + b.String() }

// Format makes every verb, %+v included, print the redacted form.
func (b BasicAuthorizer) Format(f fmt.State, verb rune) { redact.Format(f, verb, b) }

// LogValue implements [slog.LogValuer] without the password.
func (b BasicAuthorizer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "basic"), slog.String("username", b.username), slog.String("password", redacted))
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
	h.Set("Authorization", a.header)
	return nil
}

// HandleMissingAuthorization reports false: a fixed token cannot be renewed.
func (*AccessTokenAuthorizer) HandleMissingAuthorization(context.Context) bool { return false }

// String names the authorizer; the token is redacted.
func (a AccessTokenAuthorizer) String() string {
	return "AccessTokenAuthorizer{access_token: " + redacted + "}"
}

// GoString is like String, for %#v.
func (a AccessTokenAuthorizer) GoString() string { return "authorizers." + a.String() }

// Format makes every verb, %+v included, print the redacted form.
func (a AccessTokenAuthorizer) Format(f fmt.State, verb rune) { redact.Format(f, verb, a) }

// LogValue implements [slog.LogValuer] without the token.
func (a AccessTokenAuthorizer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "access_token"), slog.String("access_token", redacted))
}
