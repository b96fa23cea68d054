package transfer

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/httpx"
)

// DefaultBaseURL is the production Globus Transfer API, which clients use
// unless [WithBaseURL] or the environment says otherwise. It includes the
// API version path, [APIVersionPath].
const DefaultBaseURL = "https://transfer.api.globus.org" + APIVersionPath

// APIVersionPath is the path of the Transfer API version that this package
// speaks. A client's base URL includes it; the service URL of the
// environment ([globus.ServiceURL]) does not, as in the Python SDK, whose
// Transfer client adds it to each path.
const APIVersionPath = "/v0.10"

// Option configures a [Client]. Build options with the With functions of
// this package. It is a type of its own: an option of the auth package does
// not configure a Transfer client.
type Option struct {
	apply func(*httpx.Config)
	// setsBaseURL marks WithBaseURL, which makes the environment
	// variables irrelevant.
	setsBaseURL bool
}

// WithBaseURL sets the Transfer base URL, including the API version path
// ([APIVersionPath]), such as "https://transfer.api.globus.org/v0.10". It
// must be an absolute http or https URL without user information, query or
// fragment; [NewClient] returns an error wrapping
// [globus.ErrInvalidBaseURL] otherwise.
//
// Default: the Transfer service of the environment plus /v0.10, as in the
// Python and JavaScript SDKs. The service URL is
// GLOBUS_SDK_SERVICE_URL_TRANSFER when it is set and not empty, else that
// of the environment that GLOBUS_SDK_ENVIRONMENT names (see
// [globus.ServiceURL]; https://transfer.api.sandbox.globuscs.info/ for
// sandbox), else production's, giving [DefaultBaseURL]. Like the Python
// SDK's, GLOBUS_SDK_SERVICE_URL_TRANSFER names the service's root, without
// the version: one that already ends in /v0.10 is refused. An unknown
// environment or a malformed GLOBUS_SDK_SERVICE_URL_TRANSFER makes
// [NewClient] return a [*globus.EnvironmentError]. With WithBaseURL, the
// variables are not read at all.
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
// more. Default: none, so requests are anonymous.
func WithAuthorizer(a authorizers.Authorizer) Option {
	return Option{apply: func(c *httpx.Config) { c.Authorizer = a }}
}

// WithRetryPolicy replaces the retry policy. Default: RetryPolicy{}, every
// field at its default (see [RetryPolicy]): up to 5 retries of 429, 500,
// 502, 503 and 504 answers and of connection failures, with capped
// exponential backoff and full jitter, except for the ExternalError and
// EndpointError codes.
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
// in bytes. Default: 128 MiB, several times the largest real answer (a
// listing of 100,000 entries is about 30 MiB). A longer body fails the call
// with a *[globus.ResponseError] wrapping a *[globus.BodyTooLargeError].
// A negative n is refused by [NewClient] with an error wrapping
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
		var err error
		if base, err = environmentBaseURL(); err != nil {
			return nil, err
		}
	}
	return httpx.NewConfig(base, fs...)
}

// environmentBaseURL is the base URL of the environment's Transfer
// service: its service URL plus the API version.
func environmentBaseURL() (string, error) {
	u, err := globus.ServiceURL("transfer")
	if err != nil {
		return "", err
	}
	u = strings.TrimSuffix(u, "/")
	if strings.HasSuffix(u, APIVersionPath) {
		e := &globus.EnvironmentError{Variable: globus.ServiceURLVariablePrefix + "TRANSFER",
			Err: fmt.Errorf("%w: it must name the service root, without %s, which the client adds", globus.ErrInvalidBaseURL, APIVersionPath)}
		if !strings.Contains(u, "@") {
			e.Value = u
		}
		return "", e
	}
	return u + APIVersionPath, nil
}
