package authorizers

import (
	"log/slog"
	"time"

	"github.com/globus-go/globus"
)

// Defaults of the renewing authorizers' options.
const (
	// DefaultExpiryMargin is how long before ExpiresAt a token stops being
	// used. See [WithExpiryMargin].
	DefaultExpiryMargin = 60 * time.Second
	// DefaultRefreshAhead is the length of the window before the margin in
	// which a token is renewed in the background. See [WithRefreshAhead].
	DefaultRefreshAhead = 4 * time.Minute
	// DefaultRenewalTimeout bounds one token request. See
	// [WithRenewalTimeout].
	DefaultRenewalTimeout = 60 * time.Second
	// backgroundRetryDelay is how long a failed background renewal waits
	// before the next caller may start another one. Callers that need a new
	// token (inside the margin) never wait for it.
	backgroundRetryDelay = 10 * time.Second
)

// Option configures a renewing authorizer: [NewRenewingAuthorizer],
// [NewRefreshTokenAuthorizer] or [NewClientCredentialsAuthorizer].
type Option func(*options)

type options struct {
	initial        TokenData
	hasInitial     bool
	onRefresh      func(TokenData)
	margin         time.Duration
	ahead          time.Duration
	renewalTimeout time.Duration
	logger         *slog.Logger
}

func buildOptions(opts []Option) options {
	o := options{
		margin:         DefaultExpiryMargin,
		ahead:          DefaultRefreshAhead,
		renewalTimeout: DefaultRenewalTimeout,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// WithAccessToken gives the authorizer a token it already has, such as one
// stored by an earlier run. It is used, without any request, until it enters
// the expiry margin; then it is renewed like any other. An empty accessToken
// is ignored; a zero expiresAt counts as already expired. By default a
// renewing authorizer starts without a token and fetches one at first use.
// on_refresh is not called for this token.
func WithAccessToken(accessToken string, expiresAt time.Time) Option {
	return func(o *options) {
		if accessToken == "" {
			return
		}
		o.initial = TokenData{AccessToken: globus.Secret(accessToken), ExpiresAt: expiresAt.Round(0), TokenType: "Bearer"}
		o.hasInitial = true
	}
}

// WithOnRefresh sets a function called once for each new token, for example
// to store a rotated refresh token. It runs outside the authorizer's locks
// and has returned before any caller is given the new token, so what it
// stores is never older than what is in use. By default nothing is called.
//
// fn may call HandleMissingAuthorization, String or LogValue, but not
// SetAuthorizationHeader or Token: while fn runs, the authorizer may have no
// valid token, and such a call would wait for the very renewal that is
// running fn, until its context ends.
//
// fn runs on a goroutine of the authorizer. If it panics, the renewal fails
// with a [*RenewalError] and the new token is not used.
func WithOnRefresh(fn func(TokenData)) Option {
	return func(o *options) { o.onRefresh = fn }
}

// WithExpiryMargin sets how long before its ExpiresAt a token stops being
// used: a token is valid while now < ExpiresAt − d. The default is
// [DefaultExpiryMargin] (60 s), which leaves room for clock skew and for a
// request to reach the server. A negative d counts as 0. A token that lives
// shorter than the margin is handed to the callers that waited for it, but
// every later call fetches again; Globus tokens live for hours.
func WithExpiryMargin(d time.Duration) Option {
	return func(o *options) { o.margin = max(d, 0) }
}

// WithRefreshAhead sets the length of the window just before the expiry
// margin in which the first caller starts one renewal in the background,
// while every caller keeps using the still-valid token. The default is
// [DefaultRefreshAhead] (4 min). 0 (or less) turns background renewal off:
// tokens are then renewed only once they enter the margin, and callers wait
// for it.
func WithRefreshAhead(d time.Duration) Option {
	return func(o *options) { o.ahead = max(d, 0) }
}

// WithRenewalTimeout bounds each token request. The request runs detached
// from the context of the caller that started it (so that other waiters
// still get its result when that caller gives up), and this timeout is what
// stops it instead. The default is [DefaultRenewalTimeout] (60 s); d <= 0
// restores it.
func WithRenewalTimeout(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			d = DefaultRenewalTimeout
		}
		o.renewalTimeout = d
	}
}

// WithLogger sets where the authorizer writes debug records about renewals
// (started, finished, failed, token dropped after a 401). Records never
// contain a token. By default nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}
