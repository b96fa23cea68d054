package authorizers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/redact"
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
		o.initial.RefreshToken = refreshToken
	}
	a := &RefreshTokenAuthorizer{client: client}
	a.refreshToken.Store(&refreshToken)
	a.r = newRenewing(kindRefreshToken, a.fetch, o)
	return a
}

func (a *RefreshTokenAuthorizer) fetch(ctx context.Context) (TokenData, error) {
	if isNil(a.client) {
		return TokenData{}, ErrNoClient
	}
	rt := a.currentRefreshToken()
	if rt == "" {
		return TokenData{}, ErrNoRefreshToken
	}
	sentAt := time.Now()
	resp, err := a.client.OAuth2RefreshToken(ctx, rt)
	if err != nil {
		return TokenData{}, err
	}
	if err := checkTokenResponse(resp); err != nil {
		return TokenData{}, err
	}
	td := TokenDataFromResponse(resp, sentAt)
	if td.RefreshToken == "" {
		td.RefreshToken = rt
	} else if td.RefreshToken != rt {
		// Only one fetch runs at a time, so nothing else writes here now.
		a.refreshToken.Store(&td.RefreshToken)
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
func (a *RefreshTokenAuthorizer) HandleMissingAuthorization(ctx context.Context) bool {
	if a == nil || a.r == nil {
		return false
	}
	return a.r.HandleMissingAuthorization(ctx)
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

// String describes the authorizer; both tokens are redacted.
func (a *RefreshTokenAuthorizer) String() string {
	return a.engine().describe(kindRefreshToken, "refresh_token: "+redact.OrEmpty(a.currentRefreshToken())+", ")
}

// GoString is like String, for %#v.
func (a *RefreshTokenAuthorizer) GoString() string { return "&authorizers." + a.String() }

// Format makes every verb, %+v included, print the redacted form.
func (a *RefreshTokenAuthorizer) Format(f fmt.State, verb rune) { redact.Format(f, verb, a) }

// LogValue implements [slog.LogValuer] without either token.
func (a *RefreshTokenAuthorizer) LogValue() slog.Value {
	return a.engine().logAttrs(kindRefreshToken, slog.String("refresh_token", redact.OrEmpty(a.currentRefreshToken())))
}

// checkTokenResponse rejects a token response that cannot give a usable
// token, before it is converted.
func checkTokenResponse(resp *authapi.TokenResponse) error {
	switch {
	case resp == nil:
		return fmt.Errorf("%w: empty response", ErrInvalidToken)
	case resp.AccessToken == "":
		return fmt.Errorf("%w: no access_token", ErrInvalidToken)
	case resp.ExpiresIn <= 0:
		return fmt.Errorf("%w: expires_in is %d", ErrInvalidToken, resp.ExpiresIn)
	}
	return nil
}
