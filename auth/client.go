package auth

import (
	"context"
	"fmt"

	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
)

// Client calls the Globus Auth API as a user or service holding a token:
// identities, identity providers, projects, policies, clients, scopes,
// consents and userinfo. Every operation of the API is one method, named
// after its operationId ([Client.GetIdentities], [Client.GetProjects], ...),
// that returns the decoded document. Path parameters are strings; an empty,
// "." or ".." value is refused with a *[globus.UsageError] and nothing is
// sent. An answer with status 400 or more is returned as a
// *[globus.APIError], and a successful answer that cannot be read as the
// document as a *[globus.ResponseError]. Tokens and client secrets in
// answers have type [globus.Secret], which prints redacted; read them with
// Reveal. [Client.Raw] gives the generated low-level client, for headers or
// raw bodies.
//
// Give it an authorizer with [WithAuthorizer], for example a
// [authorizers.RefreshTokenAuthorizer] or an
// [authorizers.AccessTokenAuthorizer] for a token with the
// urn:globus:auth:scope:auth.globus.org:view_identities scope.
//
// Make a Client with [NewClient]; a zero or nil Client answers every call
// with a *[globus.UsageError].
type Client struct {
	api authapi.ClientInterface
	cfg *httpx.Config
}

// NewClient returns a Globus Auth API client. It does no I/O.
func NewClient(opts ...Option) (*Client, error) {
	cfg, err := config(opts)
	if err != nil {
		return nil, err
	}
	api, err := authapi.NewClient(cfg.BaseURL, authapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	return &Client{api: api, cfg: cfg}, nil
}

// BaseURL returns the Globus Auth base URL the client talks to, or "" for
// a client not made by [NewClient].
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return baseURL(c.cfg)
}

// Raw returns the generated low-level client that c sends its requests
// through, for callers that need the answer's headers or raw body. Its
// methods return the *http.Response unread (close its Body). Requests go
// through the same pipeline as c's own methods: authorization, retries,
// and errors, so that answers with status 400 or more still arrive as a
// *[globus.APIError] error, with no response. The raw methods take path
// parameters as [globus.PathSegment], which refuses "", "." and "..".
//
// The token, code and verifier fields of the token forms are
// [globus.Secret]s, which the raw typed form methods (such as
// Oauth2TokenWithFormdataBody) would format redacted: send forms through
// c's own methods, which encode the real values, or through the raw
// ...WithBody methods with a body you encode.
//
// For a Client not made by [NewClient], Raw returns a client whose every
// request fails with a *[globus.UsageError].
func (c *Client) Raw() authapi.ClientInterface {
	if c == nil || c.api == nil {
		return unusableAPI("auth.Client.Raw")
	}
	return c.api
}

// unusableAPI returns a raw client whose every request fails with a
// *globus.UsageError naming op.
func unusableAPI(op string) authapi.ClientInterface {
	raw, _ := authapi.NewClient("https://invalid.invalid/", authapi.WithHTTPClient(httpx.Unusable{Op: op}))
	return raw
}

// start begins the call of operation op: it refuses a nil or zero client
// and a nil context with a *globus.UsageError, and otherwise returns the
// context that carries the call's record (one the caller prepared with
// httpx.Start for the same operation, or a new one).
func (c *Client) start(ctx context.Context, op string) (context.Context, *httpx.Call, error) {
	return httpx.Begin(ctx, "auth.Client", c != nil && c.api != nil, op)
}

// Format prints the client as auth.Client{base_url: ..., authorizer: ...}
// for every verb; the authorizer is named, never shown.
func (c Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "auth.Client{base_url: %q, authorizer: %s}", baseURL(c.cfg), authorizerName(c.cfg))
}

func baseURL(cfg *httpx.Config) string {
	if cfg == nil {
		return ""
	}
	return cfg.BaseURL
}

func authorizerName(cfg *httpx.Config) string {
	if cfg == nil || cfg.Authorizer == nil {
		return "none"
	}
	return fmt.Sprintf("%T", cfg.Authorizer)
}
