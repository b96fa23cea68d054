package auth_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/globus-go/globus/auth"
)

// TestFormsCarryRealSecrets captures every form the login clients send
// and checks that code, code_verifier, refresh_token and token hold the
// real values: the request types keep plain strings, so that the generated
// form encoder (which formats each field with fmt) sends them as they are,
// while tokens in answers are globus.Secret and print redacted.
func TestFormsCarryRealSecrets(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, nativeID, "")
	c, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	flow, err := c.StartFlow(auth.AuthorizeParams{Scopes: []string{transferAll}, RefreshTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := srv.Authorize(flow.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	toks, err := flow.ExchangeCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	rt := toks.ByResourceServer()["transfer.api.globus.org"].RefreshToken
	refreshed, err := c.Refresh(ctx, rt.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	rt2 := refreshed.ByResourceServer()["transfer.api.globus.org"].RefreshToken
	if err := c.Revoke(ctx, rt2.Reveal()); err != nil {
		t.Fatal(err)
	}

	forms := srv.grantForms()
	if len(forms) != 2 {
		t.Fatalf("%d token forms, want 2", len(forms))
	}
	want := []map[string]string{
		{"grant_type": "authorization_code", "code": code, "code_verifier": flow.PKCE().Verifier(), "client_id": nativeID,
			"redirect_uri": flow.RedirectURI()},
		{"grant_type": "refresh_token", "refresh_token": rt.Reveal(), "client_id": nativeID},
	}
	for i, w := range want {
		for k, v := range w {
			if got := forms[i].Get(k); got != v {
				t.Errorf("form %d: %s = %q, want %q", i, k, got, v)
			}
		}
	}
	var revoke url.Values
	for _, h := range f.requests() {
		if h.Path == "/v2/oauth2/token/revoke" {
			revoke, _ = url.ParseQuery(string(h.Body))
		}
	}
	if revoke.Get("token") != rt2.Reveal() || revoke.Get("client_id") != nativeID {
		t.Errorf("revoke form = %v", revoke)
	}
	for _, h := range f.requests() {
		if strings.Contains(string(h.Body), "REDACTED") {
			t.Errorf("%s sent a redacted value: %s", h.Path, h.Body)
		}
	}

	// The confidential grants: dependent token and introspection.
	cf, csrv := newOAuthFake(t, confID, confSecret)
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(cf.URL()))
	if _, err := cc.DependentTokens(ctx, "upstream-token", auth.DependentTokenOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cc.Introspect(ctx, "at-introspected", auth.IncludeIdentitySet); err != nil {
		t.Fatal(err)
	}
	cforms := csrv.grantForms()
	if len(cforms) != 2 || cforms[0].Get("token") != "upstream-token" || cforms[1].Get("token") != "at-introspected" ||
		cforms[1].Get("include") != "identity_set" {
		t.Errorf("confidential forms = %v", cforms)
	}
}
