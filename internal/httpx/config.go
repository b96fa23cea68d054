// Package httpx is the HTTP layer that every client of the SDK shares: the
// client options, retries with backoff, the SDK's identifying headers, and
// the conversion of unsuccessful answers into [globus.APIError].
//
// The auth and transfer packages expose its options as their own:
//
//	type Option = httpx.Option
//	func WithAuthorizer(a authorizers.Authorizer) Option { return httpx.WithAuthorizer(a) }
//
// and hand [Config.Doer] to the generated client.
package httpx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/globus-go/globus/authorizers"
)

// Config holds the settings shared by every client. Build it with
// [NewConfig].
type Config struct {
	// BaseURL is the root URL of the service, such as
	// "https://transfer.api.globus.org/v0.10".
	BaseURL string
	// HTTPClient sends the requests. Nil, or a nil pointer such as a nil
	// *http.Client, means [authorizers.DefaultHTTPClient].
	HTTPClient authorizers.Doer
	// Authorizer sets the Authorization header of each request. Nil sends
	// requests without one.
	Authorizer authorizers.Authorizer
	// Retry says when and how failed requests are retried.
	Retry RetryPolicy
	// Logger receives debug logs of attempts and retries. Nil discards them.
	Logger *slog.Logger
	// AllowInsecureHTTP lets credentials go over plain http to hosts that
	// are not loopback. See [authorizers.AllowInsecureHTTP].
	AllowInsecureHTTP bool

	// sleep and jitter, when set, replace the retry layer's waiting and
	// randomness; tests use them.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(max time.Duration) time.Duration
}

// Option changes a [Config].
type Option func(*Config)

// WithBaseURL sets the root URL of the service, for example to reach a test
// server. It must be an absolute http or https URL without query, fragment
// or user information.
func WithBaseURL(u string) Option {
	return func(c *Config) { c.BaseURL = u }
}

// WithHTTPClient sets the client that sends the requests; an *http.Client
// fits. Nil, including a nil *http.Client, restores the default.
func WithHTTPClient(d authorizers.Doer) Option {
	return func(c *Config) { c.HTTPClient = d }
}

// WithAuthorizer sets the authorizer that sets the Authorization header of
// each request and renews the token after a 401 (see [authorizers.NewDoer]).
func WithAuthorizer(a authorizers.Authorizer) Option {
	return func(c *Config) { c.Authorizer = a }
}

// WithRetryPolicy replaces the retry policy. Zero fields of p take their
// defaults; see [RetryPolicy].
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Config) { c.Retry = p }
}

// WithSkipCodePrefixes sets the error codes that are never retried, even on
// a retryable status. See [RetryPolicy.SkipCodePrefixes].
func WithSkipCodePrefixes(prefixes ...string) Option {
	return func(c *Config) { c.Retry.SkipCodePrefixes = prefixes }
}

// WithoutRetries turns retries off: every request is sent once (apart from
// the single retry after a 401 that a renewing authorizer asks for).
func WithoutRetries() Option {
	return func(c *Config) { c.Retry.MaxRetries = -1 }
}

// WithLogger sets the logger for debug logs. Logs name the method, the URL
// without its query, the status, the attempt and the sleep before the next
// attempt; they never hold headers or bodies.
func WithLogger(l *slog.Logger) Option {
	return func(c *Config) { c.Logger = l }
}

// WithInsecureHTTP lets credentials go over plain http to any host. By
// default they go over http only to loopback addresses.
func WithInsecureHTTP() Option {
	return func(c *Config) { c.AllowInsecureHTTP = true }
}

// ErrInvalidBaseURL is returned (wrapped) by [NewConfig] for a base URL it
// cannot use.
var ErrInvalidBaseURL = errors.New("invalid base URL")

// NewConfig applies opts over the defaults, with defaultBaseURL as the base
// URL, and checks the result.
func NewConfig(defaultBaseURL string, opts ...Option) (*Config, error) {
	c := &Config{BaseURL: defaultBaseURL}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if err := checkBaseURL(c.BaseURL); err != nil {
		return nil, err
	}
	if err := c.Retry.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func checkBaseURL(raw string) error {
	u, perr := url.Parse(raw)
	shown := shownURL(raw, u, perr)
	bad := func(why string) error {
		return fmt.Errorf("globus: %w %s: %s", ErrInvalidBaseURL, shown, why)
	}
	if raw == "" {
		return bad("it is empty")
	}
	if perr != nil {
		// The text of a *url.Error quotes the whole input, and its inner
		// error may quote a piece of it; say why only when the URL holds no
		// user information, which is then shown in full anyway.
		why := "it is not a valid URL"
		var ue *url.Error
		if !strings.Contains(raw, "@") && errors.As(perr, &ue) {
			why += " (" + ue.Err.Error() + ")"
		}
		return bad(why)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("the scheme must be http or https")
	case u.Host == "":
		return bad("it has no host")
	case u.User != nil:
		return bad("it must not hold user information")
	case u.RawQuery != "" || u.ForceQuery:
		return bad("it must not have a query")
	case u.Fragment != "":
		return bad("it must not have a fragment")
	}
	return nil
}

// shownURL is how an error names the base URL raw: quoted in full when it
// cannot hold a password, with the password replaced when it parsed, and not
// at all otherwise.
func shownURL(raw string, u *url.URL, err error) string {
	switch {
	case !strings.Contains(raw, "@"):
		return strconv.Quote(raw)
	case err == nil && u.User != nil && u.Opaque == "":
		return strconv.Quote(u.Redacted())
	default:
		return "(not shown: it may hold a password)"
	}
}

// Doer returns the Doer to hand to a generated client. From the outside in,
// it:
//
//  1. turns every answer with status 400 or more into a *[globus.APIError]
//     (so the generated methods return a typed error, and no response);
//  2. sets the User-Agent, X-Globus-Client-Info and Accept headers;
//  3. retries according to c.Retry, each attempt with its own timeout;
//  4. sets the Authorization header and retries once after a 401
//     ([authorizers.NewDoer]), when c.Authorizer is set; the attempts of
//     step 3 share that one renewal ([authorizers.WithRenewalAllowance]),
//     so a call renews its token at most once however often it is retried;
//  5. sends the request with c.HTTPClient.
func (c *Config) Doer() authorizers.Doer {
	next := c.HTTPClient
	if isNilDoer(next) {
		next = authorizers.DefaultHTTPClient()
	}
	next = markTransport(next)
	if c.Authorizer != nil {
		var opts []authorizers.DoerOption
		if c.AllowInsecureHTTP {
			opts = append(opts, authorizers.AllowInsecureHTTP())
		}
		next = authorizers.NewDoer(c.Authorizer, next, opts...)
	}
	logger := c.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	rd := newRetryDoer(c.Retry.withDefaults(), next, logger)
	if c.sleep != nil {
		rd.sleep = c.sleep
	}
	if c.jitter != nil {
		rd.jitter = c.jitter
	}
	next = headerDoer{next: rd}
	return errorDoer{next: next}
}

// isNilDoer reports whether d is nil or holds a nil pointer (or other nil
// value), such as a nil *http.Client passed to [WithHTTPClient]: sending
// with it would panic, so it counts as unset.
func isNilDoer(d authorizers.Doer) bool {
	if d == nil {
		return true
	}
	v := reflect.ValueOf(d)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Interface, reflect.Slice, reflect.Chan:
		return v.IsNil()
	}
	return false
}
