package authorizers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/internal/nilcheck"
)

// ErrNoRefreshToken is wrapped by the [*RenewalError] of a
// [RefreshTokenAuthorizer] built with an empty refresh token.
var ErrNoRefreshToken = errors.New("authorizers: no refresh token")

// ErrNoClient is wrapped by the [*RenewalError] of a renewing authorizer
// built with a nil login client.
var ErrNoClient = errors.New("authorizers: no login client")

// RefreshTokenAuthorizer sends access tokens that it gets by trading a
// refresh token at the Globus Auth token endpoint (grant_type=refresh_token),
// renewing them as described for [RenewingAuthorizer].
//
// When a response carries a new refresh token (rotation), it replaces the
// old one for every later renewal and reaches [WithOnRefresh]'s function in
// TokenData.RefreshToken before any caller uses the new access token. When a
// response carries none, the old refresh token stays in use and is reported
// in TokenData.RefreshToken.
type RefreshTokenAuthorizer struct {
	r            *RenewingAuthorizer
	client       LoginClient
	refreshToken atomic.Pointer[string]
}

// NewRefreshTokenAuthorizer returns an authorizer that trades refreshToken
// for access tokens through client; *auth.NativeAppClient and
// *auth.ConfidentialAppClient both fit. It does no I/O: the first call that
// needs a token fetches it. An empty refreshToken or a nil client is reported
// then, as a [*RenewalError] wrapping [ErrNoRefreshToken] or [ErrNoClient].
func NewRefreshTokenAuthorizer(refreshToken string, client LoginClient, opts ...Option) *RefreshTokenAuthorizer {
	o := buildOptions(opts)
	if o.hasInitial {
		o.initial.RefreshToken = globus.Secret(refreshToken)
	}
	a := &RefreshTokenAuthorizer{client: client}
	a.refreshToken.Store(&refreshToken)
	a.r = newRenewing(kindRefreshToken, a.fetch, o)
	return a
}

func (a *RefreshTokenAuthorizer) fetch(ctx context.Context) (TokenData, error) {
	if nilcheck.Nil(a.client) {
		return TokenData{}, ErrNoClient
	}
	rt := a.currentRefreshToken()
	if rt == "" {
		return TokenData{}, ErrNoRefreshToken
	}
	td, err := a.client.RefreshTokens(ctx, rt)
	if err != nil {
		return TokenData{}, err
	}
	switch rotated := td.RefreshToken.Reveal(); {
	case rotated == "":
		td.RefreshToken = globus.Secret(rt)
	case rotated != rt:
		// Only one fetch runs at a time, so nothing else writes here now.
		a.refreshToken.Store(&rotated)
	}
	return td, nil
}

// SetAuthorizationHeader sets h's Authorization header to a valid bearer
// token, renewing it first when needed. See
// [RenewingAuthorizer.SetAuthorizationHeader].
//
// A zero or nil RefreshTokenAuthorizer, which has no login client, returns a
// [*RenewalError] wrapping [ErrNoClient].
func (a *RefreshTokenAuthorizer) SetAuthorizationHeader(ctx context.Context, h http.Header) error {
	if a == nil || a.r == nil {
		return &RenewalError{Err: ErrNoClient}
	}
	return a.r.SetAuthorizationHeader(ctx, h)
}

// HandleMissingAuthorization drops the rejected access token and reports
// true. See [RenewingAuthorizer.HandleMissingAuthorization].
func (a *RefreshTokenAuthorizer) HandleMissingAuthorization(ctx context.Context, rejected string) bool {
	if a == nil || a.r == nil {
		return false
	}
	return a.r.HandleMissingAuthorization(ctx, rejected)
}

// Token returns the current valid token, renewing it first when needed. Its
// RefreshToken is the refresh token now in use.
func (a *RefreshTokenAuthorizer) Token(ctx context.Context) (TokenData, error) {
	if a == nil || a.r == nil {
		return TokenData{}, &RenewalError{Err: ErrNoClient}
	}
	return a.r.Token(ctx)
}

// currentRefreshToken returns the refresh token in use, or "" for a zero
// or nil authorizer.
func (a *RefreshTokenAuthorizer) currentRefreshToken() string {
	if a == nil {
		return ""
	}
	if p := a.refreshToken.Load(); p != nil {
		return *p
	}
	return ""
}

// engine returns the renewing engine, nil for a zero or nil authorizer.
func (a *RefreshTokenAuthorizer) engine() *RenewingAuthorizer {
	if a == nil {
		return nil
	}
	return a.r
}

// Format prints the authorizer with both tokens redacted, for every verb.
func (a *RefreshTokenAuthorizer) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, a.engine().describe(kindRefreshToken, "refresh_token: "+globus.Secret(a.currentRefreshToken()).String()+", "))
}
