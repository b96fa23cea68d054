package auth

import (
	"log/slog"
	"net/http"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/httpx"
)

// DefaultBaseURL is the Globus Auth service that clients use unless
// [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://auth.globus.org"

// Option configures a client of this package. The same options, built by the
// same code, configure the transfer package's clients.
type Option = httpx.Option

// WithBaseURL sets the Globus Auth base URL. Default: [DefaultBaseURL].
func WithBaseURL(url string) Option { return httpx.WithBaseURL(url) }

// WithHTTPClient sets the client that sends requests. Default: a client with
// sane connection timeouts that drops credentials on cross-host redirects
// (see [authorizers.DefaultHTTPClient]). A nil c, including a nil
// *http.Client, means the default.
func WithHTTPClient(c authorizers.Doer) Option {
	if hc, ok := c.(*http.Client); ok && hc == nil {
		c = nil
	}
	return httpx.WithHTTPClient(c)
}

// WithAuthorizer sets the authorizer that authenticates each request and
// renews its token after a 401, retrying the request once. Default: none.
// Login clients authenticate themselves and ignore this option.
func WithAuthorizer(a authorizers.Authorizer) Option { return httpx.WithAuthorizer(a) }

// WithRetryPolicy replaces the retry policy. Default: up to 5 retries of
// 429, 500, 502, 503 and 504 answers and of connection failures, with capped
// exponential backoff and full jitter, sleeping at most 10 s at a time.
func WithRetryPolicy(p RetryPolicy) Option { return httpx.WithRetryPolicy(p) }

// WithoutRetries turns retries off.
func WithoutRetries() Option { return httpx.WithoutRetries() }

// WithLogger sends debug logs of each attempt to l. Logs never contain
// tokens, secrets or bodies. Default: no logging.
func WithLogger(l *slog.Logger) Option { return httpx.WithLogger(l) }

// WithInsecureHTTP allows credentials to be sent over plain http to hosts
// other than loopback. Default: refused, with an error wrapping
// [authorizers.ErrInsecureTransport].
func WithInsecureHTTP() Option { return httpx.WithInsecureHTTP() }

// RetryPolicy says which failed attempts are retried and how long to wait.
type RetryPolicy = httpx.RetryPolicy
