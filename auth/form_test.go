package auth_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/oapi-codegen/runtime"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
)

// TestFormsCarryRealSecrets captures every form the login clients send
// and checks that code, code_verifier, refresh_token and token hold the
// real values, not the redacted text a globus.Secret prints as.
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
	refreshed, err := c.Refresh(ctx, rt)
	if err != nil {
		t.Fatal(err)
	}
	rt2 := refreshed.ByResourceServer()["transfer.api.globus.org"].RefreshToken
	if err := c.Revoke(ctx, rt2); err != nil {
		t.Fatal(err)
	}

	forms := srv.grantForms()
	if len(forms) != 2 {
		t.Fatalf("%d token forms, want 2", len(forms))
	}
	want := []map[string]string{
		{"grant_type": "authorization_code", "code": code, "code_verifier": flow.PKCE().Verifier(), "client_id": nativeID,
			"redirect_uri": flow.RedirectURI()},
		{"grant_type": "refresh_token", "refresh_token": rt, "client_id": nativeID},
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
	if revoke.Get("token") != rt2 || revoke.Get("client_id") != nativeID {
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

func TestEncodeForm(t *testing.T) {
	code, verifier := globus.Secret("the-code"), globus.Secret("the-verifier")
	req := authapi.TokenRequest{GrantType: authapi.GrantTypeAuthorizationCode, Code: &code, CodeVerifier: &verifier,
		RedirectUri: ptr("https://app.example.org/cb")}
	for _, body := range []any{req, &req} {
		got, err := auth.EncodeForm(body)
		if err != nil {
			t.Fatal(err)
		}
		want := url.Values{"grant_type": {"authorization_code"}, "code": {"the-code"}, "code_verifier": {"the-verifier"},
			"redirect_uri": {"https://app.example.org/cb"}}
		if got.Encode() != want.Encode() {
			t.Errorf("EncodeForm = %v, want %v", got, want)
		}
	}
	got, err := auth.EncodeForm(authapi.TokenRevokeRequest{Token: "tok"})
	if err != nil || got.Encode() != "token=tok" {
		t.Errorf("revoke form = %v, %v", got, err)
	}
	var ue *auth.UsageError
	for _, bad := range []any{nil, "x", 3, (*authapi.TokenRequest)(nil), struct {
		M map[string]string `json:"m"`
	}{M: map[string]string{"a": "b"}}} {
		if _, err := auth.EncodeForm(bad); !errors.As(err, &ue) {
			t.Errorf("EncodeForm(%T): err = %v, want *auth.UsageError", bad, err)
		}
	}
}

// TestGeneratedFormEncoderRedacts pins down why the login clients use
// EncodeForm: the generated ...WithFormdataBody methods encode through
// runtime.MarshalForm, which formats each field with fmt and so sends a
// globus.Secret redacted. If a runtime upgrade changes this, the
// documentation of EncodeForm must change too.
func TestGeneratedFormEncoderRedacts(t *testing.T) {
	code := globus.Secret("the-code")
	vals, err := runtime.MarshalForm(authapi.TokenRequest{GrantType: authapi.GrantTypeAuthorizationCode, Code: &code}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if vals.Get("code") != globus.Redacted {
		t.Errorf("runtime.MarshalForm sent code=%q; EncodeForm's warning about the generated form methods is out of date", vals.Get("code"))
	}
}
