package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
)

// loginClient is the part shared by [NativeAppClient] and
// [ConfidentialAppClient]: a generated client whose requests go through the
// shared HTTP layer, authenticated as the app itself.
type loginClient struct {
	clientID string
	// public is true for native apps, which send client_id in the form
	// instead of authenticating.
	public bool
	api    *authapi.ClientWithResponses
	cfg    *httpx.Config
	log    *slog.Logger

	// verifier caches the id_token verifier after its first successful
	// construction, and oidc the OpenID configuration it was built from;
	// verifierMu serializes the fetches. keysRefreshedAt is when the keys
	// were last fetched again because a token named an unknown key (at most
	// once per KeyRefreshInterval).
	verifierMu      sync.Mutex
	verifier        *IDTokenVerifier
	oidc            *authapi.OpenIDConfiguration
	keysRefreshedAt time.Time
}

// KeyRefreshInterval is the least time between two fetches of the Globus
// Auth signing keys made because an id_token named a key the cached set
// lacks (after Globus Auth rotates its keys).
const KeyRefreshInterval = time.Minute

func newLoginClient(clientID string, self authorizers.Authorizer, public bool, opts []Option) (*loginClient, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, &UsageError{Op: "new login client", Problem: "client ID is empty"}
	}
	// The app's own credentials always win over a WithAuthorizer option.
	cfg, err := config(opts)
	if err != nil {
		return nil, err
	}
	cfg.Authorizer = self
	api, err := authapi.NewClientWithResponses(cfg.BaseURL, authapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &loginClient{clientID: clientID, public: public, api: api, cfg: cfg, log: log}, nil
}

// ClientID returns the app's client ID.
func (c *loginClient) ClientID() string { return c.clientID }

// BaseURL returns the Globus Auth base URL the client talks to.
func (c *loginClient) BaseURL() string { return c.cfg.BaseURL }

// API returns the generated Auth client that this login client uses, with
// the app's own credentials attached: HTTP Basic for a confidential app,
// none for a native app.
func (c *loginClient) API() *authapi.ClientWithResponses { return c.api }

// formClientID returns the client_id form value for public clients.
func (c *loginClient) formClientID() *string {
	if !c.public {
		return nil
	}
	id := c.clientID
	return &id
}

// tokens sends one token request and wraps the answer. dependent says
// whether the grant answers with a list. An answer with status 400 or more
// arrives as a *globus.APIError from the HTTP layer; any other status but
// 200 is an *UnexpectedResponseError.
func (c *loginClient) tokens(ctx context.Context, form authapi.TokenRequest, dependent bool) (*OAuthTokenResponse, error) {
	form.ClientId = c.formClientID()
	// Only the client-credentials grant may be sent twice: a second code
	// exchange fails, and a second refresh may find the token already
	// rotated. The mark is set here, per grant, so that none is inherited
	// from the caller's context (a Transfer submission renewing its token).
	ctx, call := httpx.Start(ctx, "oauth2Token")
	call.Idempotent = form.GrantType == authapi.GrantTypeClientCredentials
	call.AddSecret(deref(form.RefreshToken), deref(form.Code), deref(form.CodeVerifier))
	sent := time.Now().Round(0)
	resp, err := expect200(func() (*http.Response, error) { return c.api.Oauth2TokenWithFormdataBody(ctx, form) },
		authapi.ParseOauth2TokenResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: "the token endpoint's answer is not JSON tokens"}
	}
	out := &OAuthTokenResponse{ReceivedAt: sent, lc: c}
	isList := bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte("["))
	switch {
	case dependent && isList:
		toks, err := resp.JSON200.AsDependentTokenResponse()
		if err != nil {
			return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: "the dependent tokens do not decode: " + err.Error()}
		}
		if toks == nil {
			toks = []authapi.Token{}
		}
		out.Dependent = toks
	case !dependent && !isList:
		tr, err := resp.JSON200.AsTokenResponse()
		if err != nil || tr.AccessToken == "" {
			return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: "the token endpoint's answer is not a token object"}
		}
		out.Response = &tr
	default:
		return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: fmt.Sprintf(
			"a %s grant was answered with a %s", form.GrantType, map[bool]string{true: "list", false: "single token object"}[isList])}
	}
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
		return nil, &UsageError{Op: "Refresh", Problem: "refresh token is empty"}
	}
	return c.tokens(ctx, authapi.TokenRequest{GrantType: authapi.GrantTypeRefreshToken, RefreshToken: &refreshToken}, false)
}

// Revoke revokes an access or refresh token, for example at logout.
// Revoking a token that is already invalid succeeds. Only an answer with
// status 200 counts as success: any other is an error, a *globus.APIError
// for status 400 and more and an *UnexpectedResponseError otherwise (a
// redirect, for example, which a login client never follows).
func (c *loginClient) Revoke(ctx context.Context, token string) error {
	if token == "" {
		return &UsageError{Op: "Revoke", Problem: "token to revoke is empty"}
	}
	form := authapi.TokenRevokeRequest{Token: token, ClientId: c.formClientID()}
	_, err := expect200(func() (*http.Response, error) {
		ctx, call := httpx.Start(ctx, "oauth2RevokeToken")
		call.Idempotent = true
		call.AddSecret(token)
		return c.api.Oauth2RevokeTokenWithFormdataBody(ctx, form)
	}, authapi.ParseOauth2RevokeTokenResponse)
	return err
}

// OpenIDConfiguration fetches the OpenID Connect discovery document of
// Globus Auth.
func (c *loginClient) OpenIDConfiguration(ctx context.Context) (*authapi.OpenIDConfiguration, error) {
	resp, err := expect200(func() (*http.Response, error) { return c.api.GetOpenidConfiguration(ctx) },
		authapi.ParseGetOpenidConfigurationResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: "the OpenID configuration is not JSON"}
	}
	return resp.JSON200, nil
}

// JWKs fetches the key set that signs id_tokens.
func (c *loginClient) JWKs(ctx context.Context) (*authapi.JWKSet, error) {
	resp, err := expect200(func() (*http.Response, error) { return c.api.GetJwk(ctx) }, authapi.ParseGetJwkResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, &UnexpectedResponseError{StatusCode: resp.StatusCode(), Reason: "the key set is not JSON"}
	}
	return resp.JSON200, nil
}

// IDTokenVerifier returns a verifier for id_tokens issued to this app,
// built from the OpenID configuration and key set of Globus Auth. The first
// successful call fetches both; later calls reuse them, until
// [OAuthTokenResponse.DecodeIDToken] meets an unknown key id and fetches
// the keys again.
func (c *loginClient) IDTokenVerifier(ctx context.Context) (*IDTokenVerifier, error) {
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
// keys were already fetched again less than KeyRefreshInterval ago.
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
	if !c.keysRefreshedAt.IsZero() && time.Since(c.keysRefreshedAt) < KeyRefreshInterval {
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

// UnexpectedResponseError reports an HTTP answer with a status below 400
// that the SDK cannot use: one whose status is not 200 (a redirect, or
// another success status), or one whose body is not what the operation
// promises. Answers with status 400 or more are *globus.APIError instead.
type UnexpectedResponseError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Reason says what was wrong with the answer.
	Reason string
}

// Error describes the problem.
func (e *UnexpectedResponseError) Error() string {
	return fmt.Sprintf("auth: unexpected answer (HTTP %d): %s", e.StatusCode, e.Reason)
}

// expect200 sends a request with send and decodes the answer with parse, a
// Parse function of the generated client. An answer whose status is not
// 200 is an *UnexpectedResponseError (statuses of 400 and more never get
// here: the HTTP layer turns them into a *globus.APIError), and so is a
// body that does not decode.
func expect200[R any](send func() (*http.Response, error), parse func(*http.Response) (R, error)) (R, error) {
	var zero R
	rsp, err := send()
	if err != nil {
		return zero, err
	}
	if rsp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(rsp.Body, 64<<10))
		_ = rsp.Body.Close()
		return zero, &UnexpectedResponseError{StatusCode: rsp.StatusCode,
			Reason: fmt.Sprintf("the status is %d %s, not 200 OK", rsp.StatusCode, http.StatusText(rsp.StatusCode))}
	}
	out, err := parse(rsp)
	if err != nil {
		return zero, &UnexpectedResponseError{StatusCode: rsp.StatusCode, Reason: "the body does not decode: " + err.Error()}
	}
	return out, nil
}
