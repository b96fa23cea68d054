package secretstest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/transfer"
)

// Every secret the test hands to the SDK, or that the fake services hand
// back, contains marker; nothing else does. So any output holding marker
// shows a secret.
const marker = "SENTINEL"

const (
	clientSecret  = "SENTINEL-CLIENT-SECRET"
	wrongSecret   = "SENTINEL-WRONG-CLIENT-SECRET"
	authCode      = "SENTINEL-AUTHORIZATION-CODE"
	codeVerifier  = "SENTINEL-CODE-VERIFIER-0123456789abcdefghijklmnopqrstuvwxyz"
	refreshToken  = "SENTINEL-REFRESH-TOKEN"
	revokedToken  = "SENTINEL-REVOKED-REFRESH-TOKEN"
	staticToken   = "SENTINEL-STATIC-ACCESS-TOKEN"
	basicPassword = "SENTINEL-BASIC-PASSWORD"
	urlPassword   = "SENTINEL-URL-PASSWORD"

	nativeID = "0c4b1a2e-0000-4000-8000-00000000aaaa"
	confID   = "0c4b1a2e-0000-4000-8000-00000000bbbb"

	transferScope = "urn:globus:auth:scope:transfer.api.globus.org:all"
	endpointID    = "0f1e2d3c-0000-4000-8000-000000000001"
)

// encodedForms are other spellings of the secrets that a leak could take.
var encodedForms = []string{
	base64.StdEncoding.EncodeToString([]byte(confID + ":" + clientSecret)),
	base64.StdEncoding.EncodeToString([]byte(confID + ":" + wrongSecret)),
	base64.StdEncoding.EncodeToString([]byte("user:" + basicPassword)),
	base64.RawURLEncoding.EncodeToString([]byte(codeVerifier)),
}

// fakeGlobus is a Globus Auth token endpoint and a Transfer ls endpoint
// that hand out and accept sentinel tokens.
type fakeGlobus struct {
	t              *testing.T
	auth, transfer *httptest.Server
	issued         atomic.Int64 // access tokens issued
	accepted       sync.Map     // access tokens Transfer accepts
	taskCalls      atomic.Int64
	key            *rsa.PrivateKey

	mu       sync.Mutex
	idTokens []string // every id_token handed out: secrets too
}

func newFakeGlobus(t *testing.T) *fakeGlobus {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeGlobus{t: t, key: key}
	f.auth = httptest.NewServer(http.HandlerFunc(f.serveAuth))
	f.transfer = httptest.NewServer(http.HandlerFunc(f.serveTransfer))
	t.Cleanup(func() {
		f.auth.Close()
		f.transfer.Close()
	})
	return f
}

// newAccess issues a fresh sentinel access token; Transfer accepts it only
// when accept is true.
func (f *fakeGlobus) newAccess(accept bool) string {
	tok := fmt.Sprintf("SENTINEL-ACCESS-TOKEN-%d", f.issued.Add(1))
	if accept {
		f.accepted.Store(tok, true)
	}
	return tok
}

func (f *fakeGlobus) token(rs, scope string, refresh bool, accept bool) map[string]any {
	m := map[string]any{"access_token": f.newAccess(accept), "expires_in": 3600, "resource_server": rs,
		"scope": scope, "token_type": "Bearer"}
	if refresh {
		m["refresh_token"] = fmt.Sprintf("SENTINEL-ROTATED-REFRESH-%d", f.issued.Load())
	}
	return m
}

// idToken signs an id_token for audience, and remembers it as a secret.
func (f *fakeGlobus) idToken(t *testing.T, audience string) string {
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS512, jwt.MapClaims{"iss": f.auth.URL, "aud": audience,
		"sub": "5f6a0b1c-0000-4000-8000-000000000001", "exp": now.Add(time.Hour).Unix(), "iat": now.Unix(),
		"preferred_username": "ada@example.org", "email": "ada@example.org"})
	tok.Header["kid"] = "k1"
	signed, err := tok.SignedString(f.key)
	if err != nil {
		t.Error(err)
	}
	f.mu.Lock()
	f.idTokens = append(f.idTokens, signed)
	f.mu.Unlock()
	return signed
}

func (f *fakeGlobus) secretIDTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.idTokens...)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	testsupport.WriteJSON(w, status, map[string]any{"error": code, "error_description": desc})
}

func (f *fakeGlobus) serveAuth(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, 400, "invalid_request", "bad form")
		return
	}
	if user, pass, ok := r.BasicAuth(); ok && (user != confID || pass != clientSecret) {
		oauthError(w, 401, "invalid_client", "Client authentication failed")
		return
	}
	confidential := r.Header.Get("Authorization") != ""
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		testsupport.WriteJSON(w, 200, map[string]any{"issuer": f.auth.URL, "jwks_uri": f.auth.URL + "/jwk.json",
			"id_token_signing_alg_values_supported": []string{"RS512"}})
		return
	case "/jwk.json":
		pub := f.key.PublicKey
		testsupport.WriteJSON(w, 200, map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "k1", "alg": "RS512", "use": "sig",
			"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}}})
		return
	case "/v2/oauth2/token":
	case "/v2/oauth2/token/revoke":
		testsupport.WriteJSON(w, 200, map[string]any{"active": false})
		return
	case "/v2/oauth2/token/introspect":
		testsupport.WriteJSON(w, 200, map[string]any{"active": true, "scope": transferScope, "client_id": nativeID, "token_type": "Bearer"})
		return
	default:
		testsupport.WriteJSON(w, 404, map[string]any{"errors": []any{map[string]any{"code": "NOT_FOUND", "status": "404", "detail": "no such page"}}})
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if r.PostForm.Get("code") != authCode || (!confidential && r.PostForm.Get("code_verifier") != codeVerifier) {
			oauthError(w, 400, "invalid_grant", "The authorization code is invalid")
			return
		}
		tok := f.token("auth.globus.org", "openid", true, false)
		// The id_token is always for the native app, so that the
		// confidential app's check of it fails.
		tok["id_token"] = f.idToken(f.t, nativeID)
		tok["other_tokens"] = []any{f.token("transfer.api.globus.org", transferScope, true, true)}
		testsupport.WriteJSON(w, 200, tok)
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		if rt == revokedToken || !strings.HasPrefix(rt, marker) {
			oauthError(w, 400, "invalid_grant", "The refresh token is invalid")
			return
		}
		// The first token from the original refresh token is refused by
		// Transfer, so that the 401 path renews it.
		testsupport.WriteJSON(w, 200, f.token("transfer.api.globus.org", transferScope, true, rt != refreshToken))
	case "client_credentials":
		if !confidential {
			oauthError(w, 401, "invalid_client", "no client authentication")
			return
		}
		testsupport.WriteJSON(w, 200, f.token("transfer.api.globus.org", r.PostForm.Get("scope"), false, true))
	case "urn:globus:auth:grant_type:dependent_token":
		if _, ok := f.accepted.Load(r.PostForm.Get("token")); !ok {
			testsupport.WriteJSON(w, 403, map[string]any{"error": "dependent_consent_required",
				"error_description": "The user must consent", "errors": []any{map[string]any{
					"code": "DEPENDENT_CONSENT_REQUIRED", "status": "403", "unapproved_scopes": []string{transferScope}}}})
			return
		}
		testsupport.WriteJSON(w, 200, []any{f.token("transfer.api.globus.org", transferScope, true, true)})
	default:
		oauthError(w, 400, "unsupported_grant_type", "unknown grant")
	}
}

func (f *fakeGlobus) serveTransfer(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if _, ok := f.accepted.Load(tok); !ok {
		testsupport.WriteJSON(w, 401, map[string]any{"code": "AuthenticationFailed", "message": "Token is not active", "request_id": "req-401"})
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/ls"):
		testsupport.WriteJSON(w, 200, map[string]any{"DATA_TYPE": "file_list", "DATA": []any{map[string]any{"name": "a", "type": "file", "size": 1}}})
	case strings.Contains(r.URL.Path, "/task/"):
		if f.taskCalls.Add(1) == 1 {
			testsupport.WriteJSON(w, 503, map[string]any{"code": "ServiceUnavailable", "message": "try later", "request_id": "req-503"})
			return
		}
		testsupport.WriteJSON(w, 404, map[string]any{"code": "ClientError.NotFound", "message": "no such task", "request_id": "req-404"})
	default:
		testsupport.WriteJSON(w, 404, map[string]any{"code": "ClientError.NotFound", "message": "no such path", "request_id": "req-x"})
	}
}

// collector gathers everything the test will search for secrets.
type collector struct {
	t     *testing.T
	items []string // "what: output"
}

// value records every printed and logged form of v. Values are checked as
// the SDK hands them out (pointers for the clients, authorizers, flows and
// token responses), as fmt and slog see them, and again as copies of what
// the pointers point to, where a copy is allowed.
func (c *collector) value(what string, v any, logger *slog.Logger) {
	c.t.Helper()
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		c.add(what+" "+f, fmt.Sprintf(f, v))
	}
	logger.Debug("value", "what", what, "v", v)
}

// err records every form of err and of each error it wraps.
func (c *collector) err(what string, err error, logger *slog.Logger) {
	c.t.Helper()
	if err == nil {
		c.t.Fatalf("%s: want an error, got none", what)
	}
	logger.Debug("error", "what", what, "err", err)
	for e := err; e != nil; e = errors.Unwrap(e) {
		c.add(what+" Error()", e.Error())
		c.value(what+fmt.Sprintf(" (%T)", e), e, logger)
	}
}

func (c *collector) add(what, out string) {
	c.items = append(c.items, what+": "+out)
}

// check fails for every collected output and log line that shows a secret:
// one holding marker, an encoded form, or one of extra; and for every one
// in which a LogValue method panicked.
func (c *collector) check(logs string, extra ...string) {
	c.t.Helper()
	all := append(append([]string(nil), c.items...), strings.Split(logs, "\n")...)
	for _, out := range all {
		if strings.Contains(out, "LogValue panicked") {
			c.t.Errorf("a LogValue method panicked: %s", out)
		}
		if strings.Contains(out, marker) {
			c.t.Errorf("secret shown: %s", out)
			continue
		}
		for _, enc := range append(encodedForms, extra...) {
			if strings.Contains(out, enc) {
				c.t.Errorf("encoded secret shown: %s", out)
			}
		}
	}
}

// lockedBuffer is an io.Writer safe for the authorizers' goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestNoSecretInOutput(t *testing.T) {
	handlers := map[string]func(io.Writer, *slog.HandlerOptions) slog.Handler{
		"text": func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewTextHandler(w, o) },
		"json": func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewJSONHandler(w, o) },
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			var logs lockedBuffer
			logger := slog.New(h(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := &collector{t: t}
			f := newFakeGlobus(t)
			driveEverything(t, f, c, logger)
			// The SDK's own debug records must all have been written, so
			// that the check below covers them.
			for _, msg := range []string{"globus: response", "globus: retrying", "globus: request failed", "globus auth: token grant",
				"authorizers: renewing token", "authorizers: token renewed", "authorizers: token dropped after 401",
				"authorizers: token renewal failed"} {
				if !strings.Contains(logs.String(), msg) {
					t.Errorf("no debug record %q was logged", msg)
				}
			}
			idTokens := f.secretIDTokens()
			if len(idTokens) < 2 {
				t.Fatalf("%d id_tokens handed out; want at least 2", len(idTokens))
			}
			c.check(logs.String(), idTokens...)
		})
	}
}

func driveEverything(t *testing.T, f *fakeGlobus, c *collector, logger *slog.Logger) {
	ctx := context.Background()
	fast := globus.RetryPolicy{BaseDelay: time.Millisecond, MaxSleep: 2 * time.Millisecond}
	authOpts := []auth.Option{auth.WithBaseURL(f.auth.URL), auth.WithLogger(logger), auth.WithRetryPolicy(auth.RetryPolicy(fast))}
	transferOpts := func(a authorizers.Authorizer) []transfer.Option {
		return []transfer.Option{transfer.WithBaseURL(f.transfer.URL + "/v0.10"), transfer.WithLogger(logger),
			transfer.WithAuthorizer(a), transfer.WithRetryPolicy(transfer.RetryPolicy(fast))}
	}

	// A native app: PKCE login, code exchange, refresh, bad inputs.
	native, err := auth.NewNativeAppClient(nativeID, authOpts...)
	if err != nil {
		t.Fatal(err)
	}
	c.value("NativeAppClient", native, logger)
	c.value("NativeAppClient.API", native.API(), logger)
	pk, err := auth.PKCEFromVerifier(codeVerifier)
	if err != nil {
		t.Fatal(err)
	}
	c.value("PKCE", pk, logger)
	c.value("PKCE copy", *pk, logger)
	_, err = auth.PKCEFromVerifier(codeVerifier + " SENTINEL!")
	c.err("PKCEFromVerifier", err, logger)
	flow, err := native.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid", transferScope}, RefreshTokens: true, PKCE: pk})
	if err != nil {
		t.Fatal(err)
	}
	c.value("AuthorizationCodeFlow", flow, logger)
	c.value("AuthorizationCodeFlow copy", *flow, logger)
	c.add("AuthorizeURL", flow.AuthorizeURL())
	_, err = flow.ExchangeCode(ctx, "not-the-code")
	c.err("ExchangeCode(wrong)", err, logger)
	tokens, err := flow.ExchangeCode(ctx, authCode)
	if err != nil {
		t.Fatal(err)
	}
	c.value("OAuthTokenResponse", tokens, logger)
	c.value("OAuthTokenResponse copy", *tokens, logger)
	generatedTypes(t, c, tokens, logger)
	idt, err := tokens.DecodeIDToken(ctx)
	if err != nil {
		t.Fatalf("DecodeIDToken: %v", err)
	}
	c.value("IDToken", idt, logger)
	for rs, td := range tokens.ByResourceServer() {
		c.value("TokenData "+rs, td, logger)
		c.value("*TokenData "+rs, &td, logger)
	}
	td, err := tokens.ByScopes(transferScope)
	if err != nil {
		t.Fatal(err)
	}
	c.value("ByScopes", td, logger)
	_, err = tokens.ByScopes("no:such:scope")
	c.err("ByScopes(missing)", err, logger)
	_, err = native.Refresh(ctx, revokedToken)
	c.err("Refresh(revoked)", err, logger)
	refreshed, err := native.Refresh(ctx, td.RefreshToken.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	c.value("Refresh result", refreshed, logger)
	c.value("Refresh result copy", *refreshed, logger)
	c.err("Revoke(empty)", native.Revoke(ctx, ""), logger)
	if err := native.Revoke(ctx, td.AccessToken.Reveal()); err != nil {
		t.Fatal(err)
	}

	// A refresh-token authorizer behind a Transfer client: its first token
	// is refused with 401, so it renews and rotates.
	var stored []authorizers.TokenData
	var storedMu sync.Mutex
	rta := authorizers.NewRefreshTokenAuthorizer(refreshToken, native, authorizers.WithLogger(logger),
		authorizers.WithOnRefresh(func(td authorizers.TokenData) {
			storedMu.Lock()
			stored = append(stored, td)
			storedMu.Unlock()
			logger.Debug("on refresh", "token", td)
		}))
	tc, err := transfer.NewClient(transferOpts(rta)...)
	if err != nil {
		t.Fatal(err)
	}
	c.value("transfer.Client", tc, logger)
	c.value("RefreshTokenAuthorizer (fresh)", rta, logger)
	if _, err := tc.OperationLs(ctx, endpointID, nil); err != nil {
		t.Fatalf("ls with a renewed token: %v", err)
	}
	c.value("RefreshTokenAuthorizer (rotated)", rta, logger)
	storedMu.Lock()
	if len(stored) != 2 {
		t.Fatalf("%d renewals; want 2 (first token refused)", len(stored))
	}
	for i, td := range stored {
		c.value(fmt.Sprintf("stored TokenData %d", i), td, logger)
	}
	storedMu.Unlock()
	_, err = tc.GetTask(ctx, "11111111-2222-4333-8444-555555555555", nil)
	c.err("GetTask (503 then 404)", err, logger)
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Fatalf("GetTask: %v", err)
	}
	c.value("APIError", apiErr, logger)

	// A revoked refresh token: the authorizer's renewal fails.
	bad := authorizers.NewRefreshTokenAuthorizer(revokedToken, native, authorizers.WithLogger(logger))
	c.value("RefreshTokenAuthorizer (revoked)", bad, logger)
	c.err("RefreshTokenAuthorizer renewal", bad.SetAuthorizationHeader(ctx, http.Header{}), logger)
	badTC, err := transfer.NewClient(transferOpts(bad)...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = badTC.OperationLs(ctx, endpointID, nil)
	c.err("ls with a revoked refresh token", err, logger)

	// A confidential app: client credentials, dependent tokens,
	// introspection, revocation, a wrong secret.
	conf, err := auth.NewConfidentialAppClient(confID, clientSecret, authOpts...)
	if err != nil {
		t.Fatal(err)
	}
	c.value("ConfidentialAppClient", conf, logger)
	c.value("ConfidentialAppClient copy", *conf, logger)
	c.value("ConfidentialAppClient.API", conf.API(), logger)
	cc, err := conf.ClientCredentials(ctx, transferScope)
	if err != nil {
		t.Fatal(err)
	}
	c.value("ClientCredentials result", cc, logger)
	c.value("ClientCredentials result copy", *cc, logger)
	dep, err := conf.DependentTokens(ctx, cc.Response.AccessToken.Reveal(), auth.DependentTokenOptions{RefreshTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	c.value("DependentTokens result", dep, logger)
	c.value("DependentTokens result copy", *dep, logger)
	for i, tok := range dep.Dependent {
		c.value(fmt.Sprintf("authapi.Token (dependent %d)", i), tok, logger)
		c.value(fmt.Sprintf("*authapi.Token (dependent %d)", i), &tok, logger)
	}
	_, err = conf.DependentTokens(ctx, staticToken, auth.DependentTokenOptions{})
	c.err("DependentTokens(no consent)", err, logger)
	if _, ok := auth.IsDependentConsentRequired(err); !ok {
		t.Fatalf("DependentTokens: %v", err)
	}
	intro, err := conf.Introspect(ctx, cc.Response.AccessToken.Reveal(), auth.IncludeIdentitySet)
	if err != nil {
		t.Fatal(err)
	}
	c.value("Introspect result", intro, logger)
	if err := conf.Revoke(ctx, cc.Response.AccessToken.Reveal()); err != nil {
		t.Fatal(err)
	}
	confFlow, err := conf.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, RedirectURI: "https://app.example.org/callback"})
	if err != nil {
		t.Fatal(err)
	}
	c.value("confidential AuthorizationCodeFlow", confFlow, logger)
	confTokens, err := confFlow.ExchangeCode(ctx, authCode)
	if err != nil {
		t.Fatal(err)
	}
	_, err = confTokens.DecodeIDToken(ctx)
	c.err("DecodeIDToken(wrong audience)", err, logger)
	var idErr *auth.IDTokenError
	if !errors.As(err, &idErr) {
		t.Fatalf("DecodeIDToken(wrong audience): %v", err)
	}
	wrong, err := auth.NewConfidentialAppClient(confID, wrongSecret, authOpts...)
	if err != nil {
		t.Fatal(err)
	}
	c.value("ConfidentialAppClient (wrong secret)", wrong, logger)
	_, err = wrong.ClientCredentials(ctx, transferScope)
	c.err("ClientCredentials(wrong secret)", err, logger)
	_, err = auth.NewConfidentialAppClient(confID, "", authOpts...)
	c.err("NewConfidentialAppClient(no secret)", err, logger)

	// A client-credentials authorizer behind a Transfer client, and one
	// whose client has the wrong secret.
	cca := authorizers.NewClientCredentialsAuthorizer(conf, []string{transferScope}, authorizers.WithLogger(logger))
	ccTC, err := transfer.NewClient(transferOpts(cca)...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ccTC.OperationLs(ctx, endpointID, nil); err != nil {
		t.Fatal(err)
	}
	c.value("ClientCredentialsAuthorizer", cca, logger)
	c.value("ClientCredentialsAuthorizer copy", *cca, logger)
	tok, err := cca.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.value("ClientCredentialsAuthorizer.Token", tok, logger)
	ccaWrong := authorizers.NewClientCredentialsAuthorizer(wrong, []string{transferScope}, authorizers.WithLogger(logger))
	c.err("ClientCredentialsAuthorizer(wrong secret)", ccaWrong.SetAuthorizationHeader(ctx, http.Header{}), logger)
	c.value("ClientCredentialsAuthorizer (failed)", ccaWrong, logger)

	// Static and generic authorizers, an auth.Client, plain http.
	static := authorizers.NewAccessTokenAuthorizer(staticToken)
	c.value("AccessTokenAuthorizer", static, logger)
	c.value("AccessTokenAuthorizer copy", *static, logger)
	basic := authorizers.NewBasicAuthorizer("user", basicPassword)
	c.value("BasicAuthorizer", basic, logger)
	c.value("BasicAuthorizer copy", *basic, logger)
	ren := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		return authorizers.TokenData{}, errors.New("no token today")
	}, authorizers.WithAccessToken(staticToken, time.Now().Add(-time.Hour)), authorizers.WithLogger(logger))
	c.value("RenewingAuthorizer", ren, logger)
	c.err("RenewingAuthorizer renewal", ren.SetAuthorizationHeader(ctx, http.Header{}), logger)
	ac, err := auth.NewClient(auth.WithBaseURL(f.auth.URL), auth.WithLogger(logger), auth.WithAuthorizer(static))
	if err != nil {
		t.Fatal(err)
	}
	c.value("auth.Client", ac, logger)
	_, err = ac.GetIdentities(ctx, nil)
	c.err("auth.Client call answered 404", err, logger)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	gone, err := transfer.NewClient(transfer.WithBaseURL(closed.URL+"/v0.10"), transfer.WithAuthorizer(static),
		transfer.WithLogger(logger), transfer.WithRetryPolicy(transfer.RetryPolicy{MaxRetries: 1, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = gone.OperationLs(ctx, endpointID, nil)
	c.err("ls against a closed port", err, logger)
	plain, err := transfer.NewClient(transfer.WithBaseURL("http://transfer.example.test/v0.10"), transfer.WithAuthorizer(static),
		transfer.WithLogger(logger), transfer.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	_, err = plain.OperationLs(ctx, endpointID, nil)
	c.err("bearer over plain http", err, logger)
	if !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("plain http: %v", err)
	}

	// Base URLs with a password in them, each rejected for some reason,
	// some of them before they even parse.
	for _, u := range []string{
		"https://user:" + urlPassword + "@transfer.example.org/v0.10",
		"ftp://user:" + urlPassword + "@transfer.example.org/v0.10",
		"https://user:" + urlPassword + "@transfer.example.org/v0.10?x=1",
		"https://:" + urlPassword + "@/v0.10",
		"user:" + urlPassword + "@transfer.example.org",
		"https://user:" + urlPassword + "%zz@transfer.example.org/v0.10",
		"https://user:" + urlPassword + " @transfer.example.org/v0.10",
		"https://user:" + urlPassword + "@transfer.example.org:port/v0.10",
		"https://user:" + urlPassword + "@[::1/v0.10",
		"://user:" + urlPassword + "@transfer.example.org/v0.10",
	} {
		_, err := transfer.NewClient(transfer.WithBaseURL(u), transfer.WithLogger(logger))
		c.err("transfer.NewClient(base URL with a password)", err, logger)
		_, err = auth.NewNativeAppClient(nativeID, auth.WithBaseURL(u), auth.WithLogger(logger))
		c.err("auth.NewNativeAppClient(base URL with a password)", err, logger)
		_, err = auth.NewConfidentialAppClient(confID, clientSecret, auth.WithBaseURL(u), auth.WithLogger(logger))
		c.err("auth.NewConfidentialAppClient(base URL with a password)", err, logger)
	}
}

// generatedTypes records the generated token types that users reach
// through OAuthTokenResponse.Response and .Dependent and through
// LoginClient.OAuth2RefreshToken: the answer as received (with access,
// refresh and id tokens), each of its tokens, and token-endpoint forms
// holding every kind of secret. Each is checked with every verb of fmt and
// through the test's slog handler, which encodes it with encoding/json: a
// globus.Secret encodes redacted, so a nested token does not show.
func generatedTypes(t *testing.T, c *collector, tokens *auth.OAuthTokenResponse, logger *slog.Logger) {
	t.Helper()
	resp := tokens.Response
	if resp == nil || resp.RefreshToken == "" || resp.IDToken == "" || !strings.Contains(resp.AccessToken.Reveal(), marker) {
		t.Fatalf("the login answer lacks the sentinel tokens this check needs")
	}
	c.value("*authapi.TokenResponse", resp, logger)
	c.value("authapi.TokenResponse", *resp, logger)
	for i, tok := range tokens.Tokens() {
		c.value(fmt.Sprintf("authapi.Token %d", i), tok, logger)
		c.value(fmt.Sprintf("*authapi.Token %d", i), &tok, logger)
	}
	// The token forms hold their secrets as globus.Secret too (the SDK
	// encodes them with httpx.EncodeForm, which sends the real value).
	rt, code, verifier := globus.Secret(refreshToken), globus.Secret(authCode), globus.Secret(codeVerifier)
	form := authapi.TokenRequest{GrantType: authapi.GrantTypeRefreshToken, RefreshToken: rt, Code: code, CodeVerifier: verifier, Token: rt}
	c.value("authapi.TokenRequest", form, logger)
	c.value("*authapi.TokenRequest", &form, logger)
	c.value("authapi.TokenRevokeRequest", authapi.TokenRevokeRequest{Token: rt}, logger)
	c.value("authapi.TokenIntrospectRequest", authapi.TokenIntrospectRequest{Token: rt}, logger)
}
