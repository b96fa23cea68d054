package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
)

// loginClient is the part shared by [NativeAppClient] and
// [ConfidentialAppClient]: an auth [Client] whose requests go through the
// shared HTTP layer, authenticated as the app itself. Its methods accept a
// nil receiver (the loginClient of a zero NativeAppClient) and answer with
// a *globus.UsageError.
type loginClient struct {
	clientID string
	// public is true for native apps, which send client_id in the form
	// instead of authenticating.
	public bool
	api    *Client
	cfg    *httpx.Config
	log    *slog.Logger

	// verifier caches the id_token verifier after its first successful
	// construction, and oidc the OpenID configuration it was built from;
	// verifierMu serializes the fetches. keysRefreshedAt is when the keys
	// were last fetched again because a token named an unknown key, and
	// keyRefreshEvery the least time between two such fetches.
	verifierMu      sync.Mutex
	verifier        *IDTokenVerifier
	oidc            *authapi.OpenIDConfiguration
	keysRefreshedAt time.Time
	keyRefreshEvery time.Duration
}

// KeyRefreshInterval is the least time between two fetches of the Globus
// Auth signing keys made because an id_token named a key the cached set
// lacks (after Globus Auth rotates its keys).
const KeyRefreshInterval = time.Minute

func newLoginClient(clientID string, self authorizers.Authorizer, public bool, opts []Option) (*loginClient, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, &globus.UsageError{Op: "auth.newLoginClient", Problem: "client ID is empty"}
	}
	// The app's own credentials always win over a WithAuthorizer option.
	cfg, err := config(opts)
	if err != nil {
		return nil, err
	}
	cfg.Authorizer = self
	raw, err := authapi.NewClient(cfg.BaseURL, authapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	api := &Client{api: raw, cfg: cfg}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &loginClient{clientID: clientID, public: public, api: api, cfg: cfg, log: log, keyRefreshEvery: KeyRefreshInterval}, nil
}

// ClientID returns the app's client ID, or "" for a client not made by its
// constructor.
func (c *loginClient) ClientID() string {
	if c == nil {
		return ""
	}
	return c.clientID
}

// BaseURL returns the Globus Auth base URL the client talks to, or "" for
// a client not made by its constructor.
func (c *loginClient) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.cfg.BaseURL
}

// API returns the auth [Client] that this login client uses, with the app's
// own credentials attached: HTTP Basic for a confidential app, none for a
// native app. For a client not made by its constructor it returns nil,
// whose methods answer with a *globus.UsageError.
func (c *loginClient) API() *Client {
	if c == nil {
		return nil
	}
	return c.api
}

// check returns a *globus.UsageError naming op when c was not made by a
// constructor.
func (c *loginClient) check(op string) error {
	if c == nil {
		return &globus.UsageError{Op: "auth." + op, Problem: "the login client was not made by NewNativeAppClient or NewConfidentialAppClient"}
	}
	return nil
}

// sendTwiceOK prepares the Call of the operation op, about to be made with
// ctx, as idempotent: the retry layer may send it again. A nil ctx is
// returned as it is, for the call to refuse.
func sendTwiceOK(ctx context.Context, op string) context.Context {
	if ctx == nil {
		return nil
	}
	ctx, call := httpx.Start(ctx, op)
	call.Idempotent = true
	return ctx
}

// formClientID returns the client_id form value: the client ID for public
// clients, which authenticate with it, and "" (not sent) for others.
func (c *loginClient) formClientID() string {
	if !c.public {
		return ""
	}
	return c.clientID
}

// tokens sends one token request of the login client. An answer with
// status 400 or more arrives as a *globus.APIError from the HTTP layer; a
// success that is not the JSON tokens the grant promises is a
// *globus.ResponseError.
func (c *loginClient) tokens(ctx context.Context, op string, form authapi.TokenRequest) (*OAuthTokenResponse, error) {
	if err := c.check(op); err != nil {
		return nil, err
	}
	form.ClientID = c.formClientID()
	out, err := c.api.Oauth2Token(ctx, form)
	if err != nil {
		return nil, err
	}
	out.lc = c
	c.log.LogAttrs(ctx, slog.LevelDebug, "globus auth: token grant",
		slog.String("grant_type", string(form.GrantType)), slog.Any("resource_servers", out.ResourceServers()))
	return out, nil
}

// RefreshTokens trades refreshToken for a new token of its resource server
// (the refresh_token grant); it is what [authorizers.LoginClient] needs.
// The token's RefreshToken is the rotated refresh token when the answer
// carried one, which callers that keep refresh tokens must store, and
// empty otherwise. Most programs use a [authorizers.RefreshTokenAuthorizer].
func (c *loginClient) RefreshTokens(ctx context.Context, refreshToken string) (authorizers.TokenData, error) {
	if err := c.check("RefreshTokens"); err != nil {
		return authorizers.TokenData{}, err
	}
	r, err := c.Refresh(ctx, refreshToken)
	if err != nil {
		return authorizers.TokenData{}, err
	}
	return r.tokenData(r.Tokens()[0]), nil
}

// Refresh trades refreshToken for new tokens (the refresh_token grant). The
// answer may carry a new refresh token that replaces the old one.
func (c *loginClient) Refresh(ctx context.Context, refreshToken string) (*OAuthTokenResponse, error) {
	if refreshToken == "" {
		return nil, &globus.UsageError{Op: "auth.Refresh", Problem: "refresh token is empty"}
	}
	return c.tokens(ctx, "Refresh", authapi.TokenRequest{GrantType: authapi.GrantTypeRefreshToken, RefreshToken: globus.Secret(refreshToken)})
}

// Revoke revokes an access or refresh token, for example at logout.
// Revoking a token that is already invalid succeeds. An answer with status
// 400 and more is a *globus.APIError; any other answer but a 2xx (a
// redirect, for example, which a login client never follows) is a
// *globus.ResponseError.
func (c *loginClient) Revoke(ctx context.Context, token string) error {
	if err := c.check("Revoke"); err != nil {
		return err
	}
	if token == "" {
		return &globus.UsageError{Op: "auth.Revoke", Problem: "token to revoke is empty"}
	}
	form := authapi.TokenRevokeRequest{Token: globus.Secret(token), ClientID: c.formClientID()}
	_, err := c.api.Oauth2RevokeToken(sendTwiceOK(ctx, "oauth2RevokeToken"), form)
	return err
}

// OpenIDConfiguration fetches the OpenID Connect discovery document of
// Globus Auth.
func (c *loginClient) OpenIDConfiguration(ctx context.Context) (*authapi.OpenIDConfiguration, error) {
	if err := c.check("OpenIDConfiguration"); err != nil {
		return nil, err
	}
	return c.api.GetOpenidConfiguration(ctx)
}

// JWKs fetches the key set that signs id_tokens.
func (c *loginClient) JWKs(ctx context.Context) (*authapi.JWKSet, error) {
	if err := c.check("JWKs"); err != nil {
		return nil, err
	}
	return c.api.GetJwk(ctx)
}

// IDTokenVerifier returns a verifier for id_tokens issued to this app,
// built from the OpenID configuration and key set of Globus Auth. The first
// successful call fetches both; later calls reuse them, until
// [OAuthTokenResponse.DecodeIDToken] meets an unknown key id and fetches
// the keys again.
func (c *loginClient) IDTokenVerifier(ctx context.Context) (*IDTokenVerifier, error) {
	if err := c.check("IDTokenVerifier"); err != nil {
		return nil, err
	}
	c.verifierMu.Lock()
	defer c.verifierMu.Unlock()
	if c.verifier != nil {
		return c.verifier, nil
	}
	cfg, err := c.OpenIDConfiguration(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: fetching the OpenID configuration: %w", err)
	}
	keys, err := c.JWKs(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: fetching the signing keys: %w", err)
	}
	v, err := NewIDTokenVerifier(c.clientID, cfg, keys)
	if err != nil {
		return nil, err
	}
	c.verifier, c.oidc = v, cfg
	return v, nil
}

// verifyIDToken verifies raw with the cached verifier. When the token
// names a key the cached set lacks, Globus Auth may have rotated its keys:
// the key set is fetched once more and the token checked again, unless the
// keys were already fetched again less than keyRefreshEvery ago.
func (c *loginClient) verifyIDToken(ctx context.Context, raw string) (*IDToken, error) {
	v, err := c.IDTokenVerifier(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := v.Verify(raw)
	if !errors.Is(err, ErrIDTokenUnknownKey) {
		return tok, err
	}
	fresh, ferr := c.refreshKeys(ctx, v)
	if ferr != nil {
		return nil, &IDTokenError{Kind: ErrIDTokenUnknownKey, Err: fmt.Errorf("fetching the signing keys again: %w", ferr)}
	}
	if fresh == nil {
		return nil, err
	}
	return fresh.Verify(raw)
}

// refreshKeys replaces the cached verifier old with one built from a fresh
// key set. It returns the verifier to try again with, or nil when there is
// none newer than old and it is too early to fetch the keys again.
func (c *loginClient) refreshKeys(ctx context.Context, old *IDTokenVerifier) (*IDTokenVerifier, error) {
	c.verifierMu.Lock()
	defer c.verifierMu.Unlock()
	if c.verifier != old {
		return c.verifier, nil // another caller fetched the keys meanwhile
	}
	if !c.keysRefreshedAt.IsZero() && time.Since(c.keysRefreshedAt) < c.keyRefreshEvery {
		return nil, nil
	}
	c.keysRefreshedAt = time.Now()
	keys, err := c.JWKs(ctx)
	if err != nil {
		return nil, err
	}
	v, err := NewIDTokenVerifier(c.clientID, c.oidc, keys)
	if err != nil {
		return nil, err
	}
	v.Leeway = old.Leeway
	c.log.LogAttrs(ctx, slog.LevelDebug, "globus auth: fetched the signing keys again after an unknown key id")
	c.verifier = v
	return v, nil
}
