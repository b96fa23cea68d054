package fakeglobus_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/integration/fakeglobus"
)

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-chars"

func TestClientCredentials(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	st, body := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{
		"grant_type": {"client_credentials"},
		"scope":      {fakeglobus.TransferScope + " openid"},
	})
	if st != http.StatusOK {
		t.Fatalf("status %d: %v", st, body)
	}
	// As Globus answers: the auth.globus.org token, with the id_token, on
	// top, whatever the order of the scopes; the others in other_tokens.
	m := body.(map[string]any)
	if m["resource_server"] != fakeglobus.AuthResourceServer || m["refresh_token"] != nil || m["id_token"] == nil {
		t.Errorf("top token %v", m)
	}
	others := m["other_tokens"].([]any)
	if len(others) != 1 || others[0].(map[string]any)["resource_server"] != fakeglobus.TransferResourceServer {
		t.Fatalf("other_tokens %v", others)
	}
	transfer := others[0].(map[string]any)
	if st, _ := e.doToken(str(transfer["access_token"]), "GET", "/submission_id", nil); st != http.StatusOK {
		t.Errorf("transfer with the new token: %d", st)
	}
	// The Auth token is not good for Transfer.
	if st, _ := e.doToken(str(m["access_token"]), "GET", "/submission_id", nil); st != http.StatusUnauthorized {
		t.Errorf("transfer with an auth token: %d", st)
	}

	st, body = e.form("/v2/oauth2/token", clientID, "wrong", url.Values{"grant_type": {"client_credentials"}})
	if st != http.StatusUnauthorized || body.(map[string]any)["error"] != "invalid_client" {
		t.Errorf("bad secret: %d %v", st, body)
	}
	st, body = e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"nonsense"}})
	if st != http.StatusBadRequest || body.(map[string]any)["error"] != "invalid_scope" {
		t.Errorf("bad scope: %d %v", st, body)
	}
	// A native client cannot use client credentials.
	st, _ = e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"client_credentials"}})
	if st != http.StatusUnauthorized {
		t.Errorf("native client credentials: %d", st)
	}
}

func TestAllowedScopes(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.AddClient(fakeglobus.Client{ID: "narrow", Secret: "x", Scopes: []string{"openid"}}))
	st, _ := e.form("/v2/oauth2/token", "narrow", "x", url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}})
	if st != http.StatusBadRequest {
		t.Errorf("disallowed scope: %d", st)
	}
	if err := e.s.AddClient(fakeglobus.Client{ID: "narrow"}); !errors.Is(err, fakeglobus.ErrExists) {
		t.Errorf("duplicate client: %v", err)
	}
	if err := e.s.AddClient(fakeglobus.Client{ID: "x", Scopes: []string{"bogus"}}); !errors.Is(err, fakeglobus.ErrInvalid) {
		t.Errorf("bogus scope: %v", err)
	}
}

// login runs the authorization-code grant for the native client.
func (e *env) login(scopes ...string) map[string]any {
	e.t.Helper()
	code, err := e.s.IssueCode(nativeID, "https://app.example/cb", scopes, fakeglobus.VerifierChallenge(verifier))
	must(e.t, err)
	st, body := e.form("/v2/oauth2/token", nativeID, "", url.Values{
		"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"https://app.example/cb"}, "code_verifier": {verifier},
	})
	if st != http.StatusOK {
		e.t.Fatalf("code exchange: %d %v", st, body)
	}
	return body.(map[string]any)
}

func TestAuthorizationCodePKCE(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	if _, err := e.s.IssueCode(nativeID, "https://app.example/cb", []string{fakeglobus.TransferScope}, ""); !errors.Is(err, fakeglobus.ErrInvalid) {
		t.Errorf("native code without challenge: %v", err)
	}
	if _, err := e.s.IssueCode("nobody", "https://app.example/cb", []string{fakeglobus.TransferScope}, "x"); !errors.Is(err, fakeglobus.ErrNotFound) {
		t.Errorf("unknown client: %v", err)
	}
	challenge := fakeglobus.VerifierChallenge(verifier)
	cases := []struct {
		name     string
		redirect string
		verifier string
	}{
		{"wrong verifier", "https://app.example/cb", strings.Repeat("a", 43)},
		{"short verifier", "https://app.example/cb", "short"},
		{"no verifier", "https://app.example/cb", ""},
		{"wrong redirect", "https://evil.example/cb", verifier},
	}
	for _, c := range cases {
		code, err := e.s.IssueCode(nativeID, "https://app.example/cb", []string{fakeglobus.TransferScope}, challenge)
		must(t, err)
		st, body := e.form("/v2/oauth2/token", nativeID, "", url.Values{
			"grant_type": {"authorization_code"}, "code": {code},
			"redirect_uri": {c.redirect}, "code_verifier": {c.verifier},
		})
		if st != http.StatusBadRequest || body.(map[string]any)["error"] != "invalid_grant" {
			t.Errorf("%s: %d %v", c.name, st, body)
		}
	}

	code, err := e.s.IssueCode(nativeID, "https://app.example/cb", []string{fakeglobus.TransferScope, "openid"}, challenge)
	must(t, err)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"https://app.example/cb"}, "code_verifier": {verifier}}
	st, body := e.form("/v2/oauth2/token", nativeID, "", form)
	if st != http.StatusOK {
		t.Fatalf("exchange: %d %v", st, body)
	}
	m := body.(map[string]any)
	if str(m["refresh_token"]) == "" || len(m["other_tokens"].([]any)) != 1 {
		t.Errorf("tokens %v", m)
	}
	// A code works once.
	if st, _ := e.form("/v2/oauth2/token", nativeID, "", form); st != http.StatusBadRequest {
		t.Errorf("code reuse: %d", st)
	}
}

func TestRefreshRotation(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	tok := e.login(fakeglobus.TransferScope)
	rt := str(tok["refresh_token"])
	seen := map[string]bool{rt: true}
	for i := 0; i < 5; i++ {
		st, body := e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		if st != http.StatusOK {
			t.Fatalf("refresh %d: %d %v", i, st, body)
		}
		m := body.(map[string]any)
		next := str(m["refresh_token"])
		if next == "" || seen[next] {
			t.Fatalf("refresh %d: refresh token not rotated", i)
		}
		seen[next] = true
		if st, _ := e.doToken(str(m["access_token"]), "GET", "/submission_id", nil); st != http.StatusOK {
			t.Errorf("refreshed token: %d", st)
		}
		// The used refresh token is dead now.
		st, body = e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		if st != http.StatusBadRequest || body.(map[string]any)["error"] != "invalid_grant" {
			t.Fatalf("old refresh token: %d %v", st, body)
		}
		rt = next
	}
	// Another client cannot use it.
	st, _ := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
	if st != http.StatusBadRequest {
		t.Errorf("foreign client refresh: %d", st)
	}
}

func TestRefreshWithoutRotation(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{DisableRefreshRotation: true})
	rt := str(e.login(fakeglobus.TransferScope)["refresh_token"])
	for i := 0; i < 3; i++ {
		st, body := e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		if st != http.StatusOK || str(body.(map[string]any)["refresh_token"]) != rt {
			t.Fatalf("refresh %d: %d %v", i, st, body)
		}
	}
}

func TestDependentTokens(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	const rs = "5b5a1b9e-0000-4000-8000-0000000000a5"
	must(t, e.s.AddClient(fakeglobus.Client{ID: rs, Secret: "rs-secret", DependentScopes: []string{fakeglobus.TransferScope}}))
	user, err := e.s.IssueToken(nativeID, "https://auth.globus.org/scopes/"+rs+"/all")
	must(t, err)
	st, body := e.form("/v2/oauth2/token", rs, "rs-secret", url.Values{
		"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {user}, "access_type": {"offline"},
	})
	if st != http.StatusOK {
		t.Fatalf("dependent: %d %v", st, body)
	}
	list := body.([]any)
	if len(list) != 1 {
		t.Fatalf("dependent tokens %v", list)
	}
	dep := list[0].(map[string]any)
	if dep["resource_server"] != fakeglobus.TransferResourceServer || str(dep["refresh_token"]) == "" {
		t.Errorf("dependent token %v", dep)
	}
	if st, _ := e.doToken(str(dep["access_token"]), "GET", "/submission_id", nil); st != http.StatusOK {
		t.Errorf("dependent token on transfer: %d", st)
	}
	// A token for another audience is refused.
	st, _ = e.form("/v2/oauth2/token", rs, "rs-secret", url.Values{
		"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {e.token},
	})
	if st != http.StatusBadRequest {
		t.Errorf("foreign audience: %d", st)
	}
}

func TestIntrospectAndRevoke(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	tok := e.login(fakeglobus.TransferScope)
	at := str(tok["access_token"])
	st, body := e.form("/v2/oauth2/token/introspect", clientID, clientSecret, url.Values{"token": {at}, "include": {"identity_set,session_info"}})
	m := body.(map[string]any)
	if st != http.StatusOK || m["active"] != true || m["sub"] != fakeglobus.DefaultUser.ID || m["client_id"] != nativeID {
		t.Fatalf("introspect: %d %v", st, m)
	}
	if ids := m["identity_set"].([]any); len(ids) != 1 {
		t.Errorf("identity_set %v", ids)
	}
	// Introspection needs a confidential client.
	if st, _ := e.form("/v2/oauth2/token/introspect", nativeID, "", url.Values{"token": {at}}); st != http.StatusUnauthorized {
		t.Errorf("native introspect: %d", st)
	}
	// Revoking the refresh token kills its access token too.
	st, _ = e.form("/v2/oauth2/token/revoke", nativeID, "", url.Values{"token": {str(tok["refresh_token"])}})
	if st != http.StatusOK {
		t.Fatalf("revoke: %d", st)
	}
	_, body = e.form("/v2/oauth2/token/introspect", clientID, clientSecret, url.Values{"token": {at}})
	if body.(map[string]any)["active"] != false {
		t.Errorf("revoked token still active: %v", body)
	}
	st, m = e.doToken(at, "GET", "/task_list", nil)
	if st != http.StatusUnauthorized || m["code"] != "AuthenticationFailed" || str(m["request_id"]) == "" || str(m["resource"]) == "" {
		t.Errorf("revoked token on transfer: %d %v", st, m)
	}
	// Server.Revoke does the same.
	if !e.s.Revoke(e.token) || e.s.Revoke("unknown") {
		t.Error("Revoke reports wrongly")
	}
	if st, _ := e.do("GET", "/task_list", nil); st != http.StatusUnauthorized {
		t.Errorf("after Revoke: %d", st)
	}
	if st, m := e.doToken("", "GET", "/task_list", nil); st != http.StatusUnauthorized || m["code"] != "AuthenticationFailed" {
		t.Errorf("no token: %d %v", st, m)
	}
}

func TestTokenExpiry(t *testing.T) {
	clock := &fakeglobus.ManualClock{}
	e := newEnv(t, fakeglobus.Options{Now: clock.Now, TokenLifetime: time.Hour})
	st, body := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}})
	if st != http.StatusOK || num(body.(map[string]any)["expires_in"]) != 3600 {
		t.Fatalf("token: %d %v", st, body)
	}
	at := str(body.(map[string]any)["access_token"])
	clock.Advance(59 * time.Minute)
	if st, _ := e.doToken(at, "GET", "/submission_id", nil); st != http.StatusOK {
		t.Errorf("before expiry: %d", st)
	}
	clock.Advance(time.Minute)
	if st, m := e.doToken(at, "GET", "/submission_id", nil); st != http.StatusUnauthorized || !strings.Contains(str(m["message"]), "expired") {
		t.Errorf("after expiry: %d %v", st, m)
	}
	// ExpireAll ends every token at once; new ones work again.
	fresh, err := e.s.IssueToken(clientID, fakeglobus.TransferScope)
	must(t, err)
	e.s.ExpireAll()
	if st, _ := e.doToken(fresh, "GET", "/submission_id", nil); st != http.StatusUnauthorized {
		t.Errorf("after ExpireAll: %d", st)
	}
	again, err := e.s.IssueToken(clientID, fakeglobus.TransferScope)
	must(t, err)
	if st, _ := e.doToken(again, "GET", "/submission_id", nil); st != http.StatusOK {
		t.Errorf("new token after ExpireAll: %d", st)
	}
	if e.s.TokensIssued() != 4 {
		t.Errorf("TokensIssued = %d, want 4", e.s.TokensIssued())
	}
}

func TestLoginWithAuthorizeURL(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	q := url.Values{
		"client_id": {nativeID}, "redirect_uri": {"http://localhost:8765/cb?x=1"},
		"scope": {fakeglobus.TransferScope + " openid"}, "state": {"st4te"}, "response_type": {"code"},
		"code_challenge": {fakeglobus.VerifierChallenge(verifier)}, "code_challenge_method": {"S256"},
		"access_type": {"online"},
	}
	authorize := e.s.AuthURL() + fakeglobus.AuthorizePath + "?" + q.Encode()
	loc, err := e.s.Login(authorize)
	must(t, err)
	u, err := url.Parse(loc)
	must(t, err)
	if u.Host != "localhost:8765" || u.Query().Get("state") != "st4te" || u.Query().Get("x") != "1" || u.Query().Get("code") == "" {
		t.Fatalf("redirect %s", loc)
	}
	st, body := e.form("/v2/oauth2/token", nativeID, "", url.Values{
		"grant_type": {"authorization_code"}, "code": {u.Query().Get("code")},
		"redirect_uri": {"http://localhost:8765/cb?x=1"}, "code_verifier": {verifier},
	})
	if st != http.StatusOK || body.(map[string]any)["refresh_token"] != nil {
		t.Errorf("online login: %d %v", st, body)
	}

	// The page itself answers with a redirect.
	noFollow := &http.Client{Transport: e.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(authorize)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "http://localhost:8765/cb?") {
		t.Errorf("authorize page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	q.Set("code_challenge_method", "plain")
	if _, err := e.s.Login(e.s.AuthURL() + fakeglobus.AuthorizePath + "?" + q.Encode()); !errors.Is(err, fakeglobus.ErrInvalid) {
		t.Errorf("plain challenge: %v", err)
	}
	if e.s.Requests("authorize") != 1 {
		t.Errorf("authorize visits %d", e.s.Requests("authorize"))
	}
}

// postForm posts vals to an Auth path with HTTP Basic (when secret is
// set), and returns the status, the Cache-Control header and the decoded
// answer.
func postForm(t *testing.T, e *env, path, id, secret string, vals url.Values) (int, string, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", e.s.AuthURL()+path, strings.NewReader(vals.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		req.SetBasicAuth(id, secret)
	}
	res, err := e.hc.Do(req)
	must(t, err)
	defer res.Body.Close()
	var out map[string]any
	must(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, res.Header.Get("Cache-Control"), out
}

func TestTokenEndpointNoStore(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	grant := url.Values{"grant_type": {"client_credentials"}}
	if st, cc, m := postForm(t, e, "/v2/oauth2/token", clientID, clientSecret, grant); st != http.StatusOK || cc != "no-store" {
		t.Errorf("token: %d, Cache-Control %q: %v", st, cc, m)
	}
	if st, cc, m := postForm(t, e, "/v2/oauth2/token", clientID, "wrong", grant); st != http.StatusUnauthorized || cc != "no-store" || m["error"] != "invalid_client" {
		t.Errorf("refused token: %d, Cache-Control %q: %v", st, cc, m)
	}
	// Only the token endpoint says so.
	if st, cc, m := postForm(t, e, "/v2/oauth2/token/introspect", clientID, clientSecret, url.Values{"token": {e.token}}); st != http.StatusOK || cc != "" || m["active"] != true {
		t.Errorf("introspect: %d, Cache-Control %q: %v", st, cc, m)
	}
}

func TestTokenEndpointReadsTheBodyOnly(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	// A scope in the query is not asked for: the client gets the default
	// scopes.
	st, _, m := postForm(t, e, "/v2/oauth2/token?scope="+url.QueryEscape(fakeglobus.TransferScope), clientID, clientSecret,
		url.Values{"grant_type": {"client_credentials"}})
	if st != http.StatusOK || m["scope"] != "openid profile email" {
		t.Errorf("scope in the query: %d %v", st, m)
	}
	// Nor does a client_id in the query authenticate a native app.
	st, _, m = postForm(t, e, "/v2/oauth2/token/revoke?client_id="+nativeID, "", "", url.Values{"token": {e.token}})
	if st != http.StatusUnauthorized || m["error_description"] != "no client authentication was given" {
		t.Errorf("client_id in the query: %d %v", st, m)
	}
}

func TestIdentityLookupDetails(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	tok, err := e.s.IssueToken(clientID, "openid")
	must(t, err)
	// provision is the word true, in any case; 1 is not.
	_, m := authGet(t, e, tok, "/v2/api/identities?usernames=one@example.org&provision=1")
	if ids := list(m, "identities"); len(ids) != 0 {
		t.Errorf("provision=1 provisioned %v", ids)
	}
	_, m = authGet(t, e, tok, "/v2/api/identities?usernames=one@example.org&provision=TRUE&include=identity_provider")
	if ids := list(m, "identities"); len(ids) != 1 || ids[0]["status"] != "unused" || ids[0]["name"] != nil {
		t.Errorf("provision=TRUE: %v", m)
	}
	inc, _ := m["included"].(map[string]any)
	if p := list(inc, "identity_providers"); len(p) != 1 || p[0]["id"] != fakeglobus.FakeIdentityProvider || p[0]["status"] != nil {
		t.Errorf("included providers: %v", m["included"])
	}
	// A provider document has no status (the Python SDK's recorded
	// answers have none), unlike an identity.
	_, m = authGet(t, e, tok, "/v2/api/identity_providers?domains=Example.org")
	if p := list(m, "identity_providers"); len(p) != 1 || p[0]["status"] != nil || p[0]["short_name"] != "fakeglobusid" {
		t.Errorf("identity_providers: %v", m)
	}
	// userinfo refuses with Auth's errors document, OAuth2 pair included.
	st, m := authGet(t, e, e.token, "/v2/oauth2/userinfo")
	if errs := list(m, "errors"); st != http.StatusForbidden || len(errs) != 1 || errs[0]["code"] != "FORBIDDEN" || m["error"] != "forbidden" {
		t.Errorf("userinfo with a Transfer token: %d %v", st, m)
	}
}
