package auth

import (
	"fmt"
	"log/slog"

	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
	"github.com/globus-go/globus/internal/redact"
)

// Client calls the Globus Auth API as a user or service holding a token:
// identities, identity providers, projects, policies, clients, scopes,
// consents and userinfo. Every operation of the API is a method of the
// embedded generated client (GetIdentitiesWithResponse and so on); an
// answer with status 400 or more is returned as a *globus.APIError. Tokens
// and client secrets in answers have type [globus.Secret], which prints
// redacted; read them with Reveal.
//
// Give it an authorizer with [WithAuthorizer], for example a
// [authorizers.RefreshTokenAuthorizer] or an
// [authorizers.AccessTokenAuthorizer] for a token with the
// urn:globus:auth:scope:auth.globus.org:view_identities scope.
type Client struct {
	*authapi.ClientWithResponses

	cfg *httpx.Config
}

// NewClient returns a Globus Auth API client. It does no I/O.
func NewClient(opts ...Option) (*Client, error) {
	cfg, err := config(opts)
	if err != nil {
		return nil, err
	}
	api, err := authapi.NewClientWithResponses(cfg.BaseURL, authapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	return &Client{ClientWithResponses: api, cfg: cfg}, nil
}

// BaseURL returns the Globus Auth base URL the client talks to.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// String names the client; it holds no secret of its own, and its
// authorizer is not shown.
func (c Client) String() string {
	return fmt.Sprintf("auth.Client{base_url: %q, authorizer: %s}", c.cfg.BaseURL, authorizerName(c.cfg))
}

// GoString is like String, for %#v.
func (c Client) GoString() string { return c.String() }

// Format makes every verb print the String form.
func (c Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c) }

// LogValue implements [slog.LogValuer].
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.cfg.BaseURL), slog.String("authorizer", authorizerName(c.cfg)))
}

func authorizerName(cfg *httpx.Config) string {
	if cfg.Authorizer == nil {
		return "none"
	}
	return fmt.Sprintf("%T", cfg.Authorizer)
}
