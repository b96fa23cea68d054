// Package httpx is the request pipeline that every client of the SDK
// shares: the client configuration, and one ordered chain of stages that
// each request goes through (see [Config.Doer]).
//
// The auth and transfer packages wrap [Option] in option types of their
// own, so that an option of one service cannot configure the other, and
// hand [Config.Doer] to the generated client.
package httpx

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// DefaultMaxBodySize is the longest successful answer body that a client
// reads unless told otherwise: 128 MiB, several times the largest real
// answer (a Transfer listing of 100,000 entries is about 30 MiB).
const DefaultMaxBodySize int64 = 128 << 20

// Config holds the settings of one client. Build it with [NewConfig].
type Config struct {
	// BaseURL is the root URL of the service, such as
	// "https://transfer.api.globus.org/v0.10".
	BaseURL string
	// Transport sends each attempt. Nil means [DefaultTransport]. The
	// pipeline never follows redirects, whatever the transport.
	Transport http.RoundTripper
	// Authorizer sets the Authorization header of each request. Nil sends
	// requests without one.
	Authorizer authorizers.Authorizer
	// Retry says when and how failed requests are retried.
	Retry globus.RetryPolicy
	// Logger receives debug logs of attempts and retries. Nil discards them.
	Logger *slog.Logger
	// AllowInsecureHTTP lets credentials go over plain http to hosts that
	// are not loopback.
	AllowInsecureHTTP bool
	// MaxBodySize is the longest successful answer body that is read; 0
	// means DefaultMaxBodySize.
	MaxBodySize int64
}

// Option changes a [Config].
type Option func(*Config)

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
	if err := c.Retry.Validate(); err != nil {
		return nil, err
	}
	if c.MaxBodySize < 0 {
		return nil, fmt.Errorf("globus: %w: the body size limit %d is negative", globus.ErrInvalidOption, c.MaxBodySize)
	}
	if c.MaxBodySize == 0 {
		c.MaxBodySize = DefaultMaxBodySize
	}
	c.Retry = c.Retry.WithDefaults()
	return c, nil
}

func checkBaseURL(raw string) error {
	u, perr := url.Parse(raw)
	shown := shownURL(raw, u, perr)
	bad := func(why string) error {
		return fmt.Errorf("globus: %w %s: %s", globus.ErrInvalidBaseURL, shown, why)
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
