package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

const (
	nativeID     = "8b1e2f3a-4c5d-4e6f-9a0b-1c2d3e4f5a6b"
	confID       = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
	confSecret   = "very-secret-client-password"
	transferAll  = "urn:globus:auth:scope:transfer.api.globus.org:all"
	groupsAll    = "urn:globus:auth:scope:groups.api.globus.org:all"
	authIdentity = "urn:globus:auth:scope:auth.globus.org:view_identities"
)

// newOAuthFake starts a spec-validating fake Globus Auth whose OAuth2
// endpoints belong to the client clientID (with secret, when not empty).
func newOAuthFake(t *testing.T, clientID, secret string) (*fakeAuth, *oauthServer) {
	t.Helper()
	f := newFakeAuth(t)
	s := newOAuthServer(clientID, secret)
	s.register(f.URL(), f.mux)
	return f, s
}

var verifierRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

func s256(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// TestNativeAppLoginEndToEnd runs the whole PKCE login: authorize URL,
// code, tokens, refresh with rotation, revocation.
func TestNativeAppLoginEndToEnd(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, nativeID, "")
	c, err := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	if err != nil {
		t.Fatal(err)
	}
	flow, err := c.StartFlow(auth.AuthorizeParams{
		Scopes:                      []string{"openid", "profile", transferAll},
		RefreshTokens:               true,
		State:                       "st-42",
		PrefillNamedGrant:           "my laptop",
		SessionRequiredIdentities:   []string{idIdentity, idClient},
		SessionRequiredSingleDomain: []string{"example.org"},
		SessionRequiredPolicies:     []string{idPolicy},
		SessionRequiredMFA:          true,
		SessionMessage:              "please log in again",
		Prompt:                      "login",
	})
	if err != nil {
		t.Fatal(err)
	}

	// The verifier follows RFC 7636 and the challenge is its real S256.
	v := flow.PKCE().Verifier()
	if !verifierRE.MatchString(v) {
		t.Errorf("verifier %q breaks RFC 7636", v)
	}
	if flow.PKCE().Challenge() != s256(v) {
		t.Errorf("challenge is not S256 of the verifier")
	}

	u, err := url.Parse(flow.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"client_id":                      nativeID,
		"redirect_uri":                   f.URL() + "/v2/web/auth-code",
		"scope":                          "openid profile " + transferAll,
		"state":                          "st-42",
		"response_type":                  "code",
		"code_challenge":                 s256(v),
		"code_challenge_method":          "S256",
		"access_type":                    "offline",
		"prefill_named_grant":            "my laptop",
		"session_required_identities":    idIdentity + "," + idClient,
		"session_required_single_domain": "example.org",
		"session_required_policies":      idPolicy,
		"session_required_mfa":           "true",
		"session_message":                "please log in again",
		"prompt":                         "login",
	}
	q := u.Query()
	for k, w := range want {
		if q.Get(k) != w {
			t.Errorf("authorize URL %s = %q, want %q", k, q.Get(k), w)
		}
	}
	if len(q) != len(want) {
		t.Errorf("authorize URL has %d parameters, want %d: %v", len(q), len(want), q)
	}
	if strings.Contains(flow.AuthorizeURL(), v) {
		t.Error("the authorize URL carries the verifier")
	}

	code, state, err := srv.Authorize(flow.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	if state != flow.State() {
		t.Errorf("state %q came back, sent %q", state, flow.State())
	}
	before := time.Now()
	tokens, err := flow.ExchangeCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	form := srv.grantForms()[0]
	if form.Get("code_verifier") != v || form.Get("client_id") != nativeID || form.Get("grant_type") != "authorization_code" {
		t.Errorf("exchange form = %v", form)
	}

	byRS := tokens.ByResourceServer()
	if len(byRS) != 2 {
		t.Fatalf("ByResourceServer has %d entries: %v", len(byRS), tokens)
	}
	tr, ok := byRS["transfer.api.globus.org"]
	if !ok || tr.Scope != transferAll || !strings.HasPrefix(tr.RefreshToken.Reveal(), "rt-") || !strings.HasPrefix(tr.AccessToken.Reveal(), "at-") {
		t.Fatalf("transfer token = %+v", tr)
	}
	if d := tr.ExpiresAt.Sub(before); d < 172800*time.Second || d > 172800*time.Second+5*time.Second {
		t.Errorf("ExpiresAt is %v after the request, want expires_in (48h)", d)
	}
	if !tr.ExpiresAt.Equal(tokens.ReceivedAt.Add(172800 * time.Second)) {
		t.Errorf("ExpiresAt %v is not ReceivedAt + expires_in", tr.ExpiresAt)
	}
	if a, err := tokens.ByScopes("profile openid"); err != nil || a.ResourceServer != "auth.globus.org" {
		t.Errorf("ByScopes(profile openid) = %v, %v", a, err)
	}
	var sle *auth.ScopeLookupError
	if _, err := tokens.ByScopes("openid", transferAll); !errors.As(err, &sle) {
		t.Errorf("scopes of two tokens: err = %v", err)
	}
	if _, err := tokens.ByScopes("email"); !errors.As(err, &sle) {
		t.Errorf("missing scope: err = %v", err)
	}

	// A code works once.
	_, err = flow.ExchangeCode(ctx, code)
	apiErr := asAPIError(t, err)
	if apiErr.Code != "invalid_grant" || apiErr.Message != "the code is unknown or already used" || !auth.IsInvalidGrant(err) {
		t.Errorf("reused code: %v", err)
	}

	// Refresh rotates the refresh token.
	refreshed, err := c.Refresh(ctx, tr.RefreshToken.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	nt := refreshed.ByResourceServer()["transfer.api.globus.org"]
	if nt.AccessToken == tr.AccessToken || nt.RefreshToken == tr.RefreshToken || nt.RefreshToken == "" {
		t.Errorf("refresh gave %+v", nt)
	}
	if _, err := c.Refresh(ctx, tr.RefreshToken.Reveal()); !auth.IsInvalidGrant(err) {
		t.Errorf("a spent refresh token still works: %v", err)
	}

	// A RefreshTokenAuthorizer drives the same client.
	a := authorizers.NewRefreshTokenAuthorizer(nt.RefreshToken.Reveal(), c)
	h := http.Header{}
	if err := a.SetAuthorizationHeader(ctx, h); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.Get("Authorization"), "Bearer at-") {
		t.Errorf("authorizer header = %q", h.Get("Authorization"))
	}

	// Revocation makes a refresh token useless.
	rt := byRS["auth.globus.org"].RefreshToken
	if err := c.Revoke(ctx, rt.Reveal()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(ctx, rt.Reveal()); !auth.IsInvalidGrant(err) {
		t.Errorf("revoked refresh token still works: %v", err)
	}
}

// TestNativeAppWrongVerifier checks that a code can only be redeemed with
// the verifier of the flow that asked for it.
func TestNativeAppWrongVerifier(t *testing.T) {
	f, srv := newOAuthFake(t, nativeID, "")
	c, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	a, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
	b, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
	if a.PKCE().Verifier() == b.PKCE().Verifier() {
		t.Fatal("two flows share a verifier")
	}
	code, _, err := srv.Authorize(a.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.ExchangeCode(context.Background(), code)
	if !auth.IsInvalidGrant(err) {
		t.Fatalf("a foreign verifier was accepted: %v", err)
	}
}

// TestNativeAppResumedFlow finishes a login in a "second process" that
// rebuilt the flow from the stored verifier.
func TestNativeAppResumedFlow(t *testing.T) {
	f, srv := newOAuthFake(t, nativeID, "")
	c, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	first, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, RedirectURI: "http://localhost:8910/cb"})
	code, _, err := srv.Authorize(first.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	stored := first.PKCE().Verifier()

	pk, err := auth.PKCEFromVerifier(stored)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, RedirectURI: "http://localhost:8910/cb", PKCE: pk})
	if second.AuthorizeURL() != first.AuthorizeURL() {
		t.Errorf("the rebuilt flow differs:\n%s\n%s", second.AuthorizeURL(), first.AuthorizeURL())
	}
	toks, err := second.ExchangeCode(context.Background(), "  "+code+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if toks.ResourceServers()[0] != "auth.globus.org" {
		t.Errorf("resource servers = %v", toks.ResourceServers())
	}
}

func TestAuthorizeDefaultsAndOverrides(t *testing.T) {
	c, _ := auth.NewNativeAppClient(nativeID)
	flow, err := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, Extra: url.Values{"prompt": {"consent"}, "foo": {"bar"}}})
	if err != nil {
		t.Fatal(err)
	}
	first := flow.AuthorizeURL()
	u, _ := url.Parse(first)
	q := u.Query()
	if u.Host != "auth.globus.org" || q.Get("redirect_uri") != auth.DefaultRedirectURI || q.Get("state") != auth.DefaultState ||
		q.Get("access_type") != "online" || q.Get("prompt") != "consent" || q.Get("foo") != "bar" || q.Has("session_required_mfa") {
		t.Errorf("authorize URL = %s", u)
	}
	// The URL carries the flow's PKCE challenge: asking again gives the
	// same URL, not one with a new challenge.
	if again := flow.AuthorizeURL(); again != first {
		t.Errorf("AuthorizeURL changed between two calls:\n%s\n%s", first, again)
	}
}

func TestAuthorizeParamsFromError(t *testing.T) {
	var p auth.AuthorizeParams
	p.Scopes = []string{"openid"}
	p.ApplyAuthorizationParameters(&globus.AuthorizationParameters{
		SessionMessage: "need MFA", SessionRequiredMFA: true, SessionRequiredPolicies: []string{idPolicy},
		SessionRequiredIdentities: []string{idIdentity}, SessionRequiredSingleDomain: []string{"example.org"},
		RequiredScopes: []string{transferAll, "openid"}, Prompt: "login",
	})
	if !p.SessionRequiredMFA || p.SessionMessage != "need MFA" || p.Prompt != "login" || len(p.Scopes) != 2 ||
		p.SessionRequiredPolicies[0] != idPolicy || p.SessionRequiredIdentities[0] != idIdentity || p.SessionRequiredSingleDomain[0] != "example.org" {
		t.Errorf("params = %+v", p)
	}
	p.ApplyAuthorizationParameters(nil)
}

func TestFlowUsageErrors(t *testing.T) {
	nc, _ := auth.NewNativeAppClient(nativeID)
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret)
	var ue *auth.UsageError
	for name, fn := range map[string]func() error{
		"no scopes":    func() error { _, err := nc.StartFlow(auth.AuthorizeParams{}); return err },
		"blank scope":  func() error { _, err := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{""}}); return err },
		"spaced scope": func() error { _, err := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{"a b"}}); return err },
		"relative redirect": func() error {
			_, err := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, RedirectURI: "/cb"})
			return err
		},
		"confidential no RU": func() error { _, err := cc.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}}); return err },
		"empty code": func() error {
			f, _ := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
			_, err := f.ExchangeCode(context.Background(), " ")
			return err
		},
		"empty refresh": func() error { _, err := nc.Refresh(context.Background(), ""); return err },
		"empty revoke":  func() error { return nc.Revoke(context.Background(), "") },
		"no cc scopes":  func() error { _, err := cc.ClientCredentials(context.Background()); return err },
		"empty dep token": func() error {
			_, err := cc.DependentTokens(context.Background(), "", auth.DependentTokenOptions{})
			return err
		},
		"empty introspect":   func() error { _, err := cc.Introspect(context.Background(), ""); return err },
		"bad include":        func() error { _, err := cc.Introspect(context.Background(), "t", "a,b"); return err },
		"empty client ID":    func() error { _, err := auth.NewNativeAppClient(" "); return err },
		"empty secret":       func() error { _, err := auth.NewConfidentialAppClient(confID, ""); return err },
		"instance no name":   func() error { _, err := nc.CreateNativeAppInstance(context.Background(), nativeID, ""); return err },
		"instance no tmpl":   func() error { _, err := nc.CreateNativeAppInstance(context.Background(), "", "x"); return err },
		"verifier too short": func() error { _, err := auth.PKCEFromVerifier(strings.Repeat("a", 42)); return wrapUsage(err) },
	} {
		err := fn()
		if !errors.As(err, &ue) {
			t.Errorf("%s: err = %v (%T), want *auth.UsageError", name, err, err)
		}
	}
}

// wrapUsage turns an InvalidVerifierError into a UsageError for the table
// above, and fails loudly for anything else.
func wrapUsage(err error) error {
	var ive *auth.InvalidVerifierError
	if errors.As(err, &ive) {
		return &auth.UsageError{Op: "verifier", Problem: ive.Error()}
	}
	return err
}

func TestPKCEFromVerifier(t *testing.T) {
	for _, bad := range []string{"", strings.Repeat("a", 42), strings.Repeat("a", 129), strings.Repeat("a", 42) + "+", strings.Repeat("é", 30)} {
		var ive *auth.InvalidVerifierError
		if _, err := auth.PKCEFromVerifier(bad); !errors.As(err, &ive) {
			t.Errorf("PKCEFromVerifier(%q) err = %v", bad, err)
		} else if strings.Contains(err.Error(), bad) && bad != "" {
			t.Errorf("the error shows the verifier: %v", err)
		}
	}
	// RFC 7636, appendix B.
	p, err := auth.PKCEFromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
	if err != nil {
		t.Fatal(err)
	}
	if p.Challenge() != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Errorf("challenge = %s", p.Challenge())
	}
	for _, ok := range []string{strings.Repeat("a", 43), strings.Repeat("Zz0-._~", 19)[:128]} {
		if _, err := auth.PKCEFromVerifier(ok); err != nil {
			t.Errorf("PKCEFromVerifier(%q): %v", ok, err)
		}
	}
	seen := map[string]bool{}
	for range 50 {
		p, err := auth.NewPKCE()
		if err != nil {
			t.Fatal(err)
		}
		if !verifierRE.MatchString(p.Verifier()) || seen[p.Verifier()] {
			t.Fatalf("bad or repeated verifier %q", p.Verifier())
		}
		seen[p.Verifier()] = true
	}
}

// TestConfidentialAuthorizationCode runs the web-app login, without and
// with PKCE, authenticating with HTTP Basic.
func TestConfidentialAuthorizationCode(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, confID, confSecret)
	c, err := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))
	if err != nil {
		t.Fatal(err)
	}
	for _, withPKCE := range []bool{false, true} {
		p := auth.AuthorizeParams{Scopes: []string{"openid", "email"}, RedirectURI: "https://portal.example.org/cb", State: "csrf-1"}
		if withPKCE {
			p.PKCE, _ = auth.NewPKCE()
		}
		flow, err := c.StartFlow(p)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(flow.AuthorizeURL())
		if u.Query().Has("code_challenge") != withPKCE {
			t.Errorf("pkce=%t: authorize URL %s", withPKCE, u)
		}
		code, _, err := srv.Authorize(flow.AuthorizeURL())
		if err != nil {
			t.Fatal(err)
		}
		toks, err := flow.ExchangeCode(ctx, code)
		if err != nil {
			t.Fatalf("pkce=%t: %v", withPKCE, err)
		}
		if td := toks.ByResourceServer()["auth.globus.org"]; td.Scope != "openid email" || td.RefreshToken != "" {
			t.Errorf("token = %+v", td)
		}
	}
	for _, h := range f.requests() {
		if h.Path == "/v2/oauth2/token" && !strings.HasPrefix(h.Auth, "Basic ") {
			t.Errorf("token request without Basic auth: %q", h.Auth)
		}
	}

	bad, _ := auth.NewConfidentialAppClient(confID, "wrong-secret", auth.WithBaseURL(f.URL()))
	_, err = bad.ClientCredentials(ctx, "openid")
	if apiErr := asAPIError(t, err); apiErr.StatusCode != 401 || apiErr.Code != "invalid_client" {
		t.Errorf("wrong secret: %v", err)
	}
}

func TestClientCredentials(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, confID, confSecret)
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))
	toks, err := c.ClientCredentials(ctx, transferAll, authIdentity)
	if err != nil {
		t.Fatal(err)
	}
	if got := toks.ResourceServers(); len(got) != 2 || got[0] != "auth.globus.org" || got[1] != "transfer.api.globus.org" {
		t.Errorf("resource servers = %v", got)
	}
	if srv.grantForms()[0].Get("scope") != transferAll+" "+authIdentity {
		t.Errorf("scope sent = %q", srv.grantForms()[0].Get("scope"))
	}
	if tr, err := toks.ByScopes(transferAll); err != nil || tr.TokenType != "Bearer" {
		t.Errorf("ByScopes: %+v %v", tr, err)
	}

	a := authorizers.NewClientCredentialsAuthorizer(c, []string{transferAll})
	h := http.Header{}
	if err := a.SetAuthorizationHeader(ctx, h); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(h.Get("Authorization"), "-transfer.api.globus.org") {
		t.Errorf("authorizer header = %q", h.Get("Authorization"))
	}
}

func TestDependentTokens(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, confID, confSecret)
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))

	toks, err := c.DependentTokens(ctx, "upstream-token", auth.DependentTokenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if toks.Response != nil || len(toks.Dependent) != 2 {
		t.Fatalf("answer = %v", toks)
	}
	byRS := toks.ByResourceServer()
	if byRS["groups.api.globus.org"].Scope != groupsAll || byRS["transfer.api.globus.org"].RefreshToken != "" {
		t.Errorf("ByResourceServer = %v", byRS)
	}
	form := srv.grantForms()[0]
	if form.Get("grant_type") != "urn:globus:auth:grant_type:dependent_token" || form.Get("token") != "upstream-token" || form.Has("access_type") || form.Has("scope") {
		t.Errorf("form = %v", form)
	}

	toks, err = c.DependentTokens(ctx, "upstream-token", auth.DependentTokenOptions{Scopes: []string{transferAll}, RefreshTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	form = srv.grantForms()[1]
	if form.Get("access_type") != "offline" || form.Get("scope") != transferAll {
		t.Errorf("form = %v", form)
	}
	if td := toks.ByResourceServer()["transfer.api.globus.org"]; !strings.HasPrefix(td.RefreshToken.Reveal(), "rt-") {
		t.Errorf("no dependent refresh token: %+v", td)
	}
	if toks.IDToken() != "" {
		t.Error("dependent tokens have an id_token")
	}

	_, err = c.DependentTokens(ctx, "no-consent", auth.DependentTokenOptions{})
	scopes, ok := auth.IsDependentConsentRequired(err)
	if !ok || len(scopes) != 1 || scopes[0] != transferAll {
		t.Errorf("IsDependentConsentRequired = %v %t (err %v)", scopes, ok, err)
	}
	if apiErr := asAPIError(t, err); apiErr.Code != "dependent_consent_required" || apiErr.Message != "The user must consent again." {
		t.Errorf("APIError code/message = %q %q", apiErr.Code, apiErr.Message)
	}
	if _, ok := auth.IsDependentConsentRequired(errors.New("other")); ok {
		t.Error("a plain error counts as dependent consent required")
	}
	_, err = c.DependentTokens(ctx, "unknown-token", auth.DependentTokenOptions{})
	if _, ok := auth.IsDependentConsentRequired(err); ok || !auth.IsInvalidGrant(err) {
		t.Errorf("unknown token: %v", err)
	}
}

// TestGrantShapeMismatch checks that a token object where a list is
// expected, and the reverse, give a clear error instead of empty tokens.
func TestGrantShapeMismatch(t *testing.T) {
	f := newFakeAuth(t)
	f.handle("POST /v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Get("grant_type") == "client_credentials" {
			testsupport.WriteJSON(w, http.StatusOK, `[]`)
			return
		}
		testsupport.WriteJSON(w, http.StatusOK, `{"access_token":"a","expires_in":1,"resource_server":"r","scope":"s","token_type":"Bearer"}`)
	})
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))
	var ure *globus.ResponseError
	if _, err := c.ClientCredentials(context.Background(), "s"); !errors.As(err, &ure) {
		t.Errorf("list for client credentials: %v", err)
	}
	if _, err := c.DependentTokens(context.Background(), "t", auth.DependentTokenOptions{}); !errors.As(err, &ure) {
		t.Errorf("object for dependent tokens: %v", err)
	}
}

func TestIntrospect(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, confID, confSecret)
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))
	toks, err := c.ClientCredentials(ctx, transferAll)
	if err != nil {
		t.Fatal(err)
	}
	at := toks.ByResourceServer()["transfer.api.globus.org"].AccessToken
	info, err := c.Introspect(ctx, at.Reveal(), auth.IncludeIdentitySet, auth.IncludeSessionInfo)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.grantForms()[1].Get("include"); got != "identity_set,session_info" {
		t.Errorf("include sent = %q", got)
	}
	if !info.Active || info.Scope != transferAll || (info.IdentitySet)[0] != idIdentity ||
		info.SessionInfo.SessionID != "sess-1" || ((info.SessionInfo.Authentications)[idIdentity].Amr)[0] != "mfa" {
		t.Errorf("introspection = %+v", info)
	}
	if err := c.Revoke(ctx, at.Reveal()); err != nil {
		t.Fatal(err)
	}
	info, err = c.Introspect(ctx, at.Reveal())
	if err != nil || info.Active {
		t.Errorf("revoked token: active=%v err=%v", info != nil && info.Active, err)
	}
	if srv.grantForms()[2].Has("include") {
		t.Error("include sent without extras")
	}
}

func TestCreateChildClientAndInstance(t *testing.T) {
	ctx := context.Background()
	f := newFakeAuth(t)
	var bodies []string
	f.handle("POST /v2/api/clients", func(w http.ResponseWriter, r *http.Request) {
		b := f.requests()
		bodies = append(bodies, string(b[len(b)-1].Body))
		testsupport.WriteJSON(w, http.StatusOK, `{"client":`+clientJSON+`,"included":{"client_credential":`+credJSON+`}}`)
	})
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))
	ct := authapi.ClientTypePublicInstalledClient
	resp, err := cc.CreateChildClient(ctx, authapi.ClientCreate{Name: "child", ClientType: ct})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Client.ID != idClient || resp.Included.ClientCredential.ID != idCred {
		t.Errorf("answer = %+v", resp)
	}
	if h := f.requests()[0]; !strings.HasPrefix(h.Auth, "Basic ") || bodies[0] != `{"client":{"client_type":"public_installed_client","name":"child"}}` {
		t.Errorf("request auth %q body %s", h.Auth, bodies[0])
	}

	var ue *auth.UsageError
	bad := []authapi.ClientCreate{
		{Name: ""},
		{Name: "two\nlines", PublicClient: true},
		{Name: "both", PublicClient: true, ClientType: ct},
		{Name: "neither"},
		{Name: "weird", ClientType: authapi.ClientType("robot")},
		{Name: "half links", PublicClient: false, Links: authapi.ClientLinks{TermsAndConditions: "https://x"}},
		{Name: "project", PublicClient: false, Project: idProject},
	}
	for _, b := range bad {
		if _, err := cc.CreateChildClient(ctx, b); !errors.As(err, &ue) {
			t.Errorf("CreateChildClient(%q): %v", b.Name, err)
		}
	}

	nc, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	if _, err := nc.CreateNativeAppInstance(ctx, nativeID, "my laptop"); err != nil {
		t.Fatal(err)
	}
	last := f.requests()[len(f.requests())-1]
	if last.Auth != "" || bodies[len(bodies)-1] != `{"client":{"name":"my laptop","template_id":"`+nativeID+`"}}` {
		t.Errorf("instance request auth %q body %s", last.Auth, bodies[len(bodies)-1])
	}
}

// TestHugeExpiresIn checks that an absurd expires_in gives a far-future
// expiry, never one in the past.
func TestHugeExpiresIn(t *testing.T) {
	now := time.Now()
	r := auth.NewOAuthTokenResponse(&authapi.TokenResponse{AccessToken: "a", ExpiresIn: 1 << 62, ResourceServer: "r", Scope: "s", TokenType: "Bearer"}, now)
	if exp := r.ByResourceServer()["r"].ExpiresAt; !exp.After(now.Add(100 * 365 * 24 * time.Hour)) {
		t.Errorf("ExpiresAt = %v", exp)
	}
}
