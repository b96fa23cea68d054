package auth

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/httpx"
)

// DefaultBaseURL is the production Globus Auth service, which clients use
// unless [WithBaseURL] or the environment says otherwise.
const DefaultBaseURL = "https://auth.globus.org"

// Option configures a client of this package ([Client], [NativeAppClient],
// [ConfidentialAppClient]). Build options with the With functions of this
// package. It is a type of its own: an option of the transfer package does
// not configure an Auth client.
type Option struct {
	apply func(*httpx.Config)
	// setsBaseURL marks WithBaseURL, which makes the environment
	// variables irrelevant.
	setsBaseURL bool
}

// WithBaseURL sets the Globus Auth base URL. It must be an absolute http
// or https URL without user information, query or fragment; a client
// constructor returns an error wrapping [globus.ErrInvalidBaseURL]
// otherwise.
//
// Default: the Auth service of the environment, as in the Python and
// JavaScript SDKs: GLOBUS_SDK_SERVICE_URL_AUTH when it is set and not
// empty, else the Auth of the environment that GLOBUS_SDK_ENVIRONMENT
// names (see [globus.ServiceURL]; https://auth.sandbox.globuscs.info for
// sandbox), else [DefaultBaseURL]. The trailing slash of the service URL
// is dropped. An unknown environment or a malformed
// GLOBUS_SDK_SERVICE_URL_AUTH makes the constructor return a
// [*globus.EnvironmentError]. With WithBaseURL, the variables are not
// read at all.
func WithBaseURL(url string) Option {
	return Option{apply: func(c *httpx.Config) { c.BaseURL = url }, setsBaseURL: true}
}

// WithTransport sets the HTTP transport that sends each attempt, for
// example an *http.Transport with a proxy or custom TLS settings, or an
// instrumented RoundTripper. Default: a transport shared by all clients,
// with connection, TLS and header timeouts (httpx's DefaultTransport: 30 s,
// 10 s, 120 s). Nil means the default.
//
// The client never follows redirects, whatever the transport, and refuses
// an answer that the transport fetched from another host or scheme
// ([globus.ErrRedirectRefused]), so no credential reaches a host it was not
// meant for.
func WithTransport(rt http.RoundTripper) Option {
	return Option{apply: func(c *httpx.Config) { c.Transport = rt }}
}

// WithAuthorizer sets the authorizer that authenticates each request. After
// a 401 the client lets it renew its token and sends the request once
// more. Default: none, so requests are anonymous. Login clients
// authenticate as the app itself and ignore this option.
func WithAuthorizer(a authorizers.Authorizer) Option {
	return Option{apply: func(c *httpx.Config) { c.Authorizer = a }}
}

// WithRetryPolicy replaces the retry policy. Default: RetryPolicy{}, every
// field at its default (see [RetryPolicy]): up to 5 retries of 429, 500,
// 502, 503 and 504 answers and of connection failures, with capped
// exponential backoff and full jitter.
func WithRetryPolicy(p RetryPolicy) Option {
	return Option{apply: func(c *httpx.Config) { c.Retry = globus.RetryPolicy(p) }}
}

// WithoutRetries turns retries off: each request is sent once, apart from
// the single retry after a 401 that an authorizer may ask for.
func WithoutRetries() Option {
	return Option{apply: func(c *httpx.Config) { c.Retry.MaxRetries = -1 }}
}

// WithLogger sends debug logs of each attempt to l: method, URL without its
// query, status, attempt and sleep. Logs never contain headers, bodies,
// tokens or secrets. Default: no logging.
func WithLogger(l *slog.Logger) Option {
	return Option{apply: func(c *httpx.Config) { c.Logger = l }}
}

// WithInsecureHTTP allows credentials to be sent over plain http to hosts
// other than loopback. Default: refused, with an error wrapping
// [authorizers.ErrInsecureTransport].
func WithInsecureHTTP() Option {
	return Option{apply: func(c *httpx.Config) { c.AllowInsecureHTTP = true }}
}

// WithMaxBodySize sets the longest successful answer body the client reads,
// in bytes. Default: 128 MiB, several times the largest real answer . A longer body fails the call
// with a *[globus.ResponseError] wrapping a *[globus.BodyTooLargeError].
// A negative n is refused by a client constructor with an error wrapping
// [globus.ErrInvalidOption]; 0 means the default.
func WithMaxBodySize(n int64) Option {
	return Option{apply: func(c *httpx.Config) { c.MaxBodySize = n }}
}

// config applies opts over the defaults.
func config(opts []Option) (*httpx.Config, error) {
	fs := make([]httpx.Option, 0, len(opts))
	explicit := false
	for _, o := range opts {
		if o.apply != nil {
			fs = append(fs, o.apply)
		}
		explicit = explicit || o.setsBaseURL
	}
	base := DefaultBaseURL
	if !explicit {
		u, err := globus.ServiceURL("auth")
		if err != nil {
			return nil, err
		}
		base = strings.TrimSuffix(u, "/")
	}
	return httpx.NewConfig(base, fs...)
}
