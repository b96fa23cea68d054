package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/internal/testsupport"
)

// TestFormsCarryRealSecrets captures every form the login clients send
// and checks that code, code_verifier, refresh_token and token hold the
// real values: those fields are globus.Secret, which prints redacted, and
// the SDK's form encoder sends what they hold.
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

// TestEchoedFormSecretsAreScrubbed has the token endpoint repeat the refresh
// token it was sent in its error: the error the caller gets does not.
func TestEchoedFormSecretsAreScrubbed(t *testing.T) {
	const rt = "rt-echoed-SENTINEL"
	f := newFakeAuth(t)
	f.handle("POST /v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		testsupport.WriteJSON(w, http.StatusBadRequest, `{"error":"invalid_grant","error_description":"unknown token `+r.PostForm.Get("refresh_token")+`"}`)
	})
	c, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	_, err := c.Refresh(context.Background(), rt)
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "invalid_grant" {
		t.Fatalf("err = %v; want the invalid_grant APIError", err)
	}
	if strings.Contains(err.Error(), rt) || strings.Contains(apiErr.Message, rt) || strings.Contains(string(apiErr.Body), rt) {
		t.Errorf("the echoed refresh token reached the error: %v", err)
	}
	if !strings.Contains(apiErr.Message, globus.Redacted) {
		t.Errorf("message %q does not show where the token was", apiErr.Message)
	}
}
