package auth_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/globus-go/globus/auth"
)

// transferWithData is the Transfer scope with two collections' data_access
// scopes as dependent scopes, written as Globus Auth expects.
const transferWithData = transferAll + "[*https://auth.globus.org/scopes/c0ffee00-0000-4000-8000-00000000000a/data_access" +
	" *https://auth.globus.org/scopes/c0ffee00-0000-4000-8000-00000000000b/data_access]"

func TestDependentScopesInBrackets(t *testing.T) {
	ctx := context.Background()
	f, srv := newOAuthFake(t, confID, confSecret)
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()))

	toks, err := cc.ClientCredentials(ctx, transferWithData, authIdentity)
	if err != nil {
		t.Fatalf("client credentials with dependent scopes: %v", err)
	}
	if got := srv.grantForms()[0].Get("scope"); got != transferWithData+" "+authIdentity {
		t.Errorf("scope sent = %q", got)
	}
	for _, want := range []string{transferWithData, transferAll, transferWithData + " " + transferAll} {
		td, err := toks.ByScopes(want)
		if err != nil || td.ResourceServer != "transfer.api.globus.org" {
			t.Errorf("ByScopes(%q) = %v, %v", want, td, err)
		}
	}
	var sle *auth.ScopeLookupError
	if _, err := toks.ByScopes(transferWithData, authIdentity); !errors.As(err, &sle) {
		t.Errorf("scopes of two tokens: err = %v", err)
	}

	nc, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	flow, err := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{transferWithData, "openid"}})
	if err != nil {
		t.Fatalf("StartFlow with dependent scopes: %v", err)
	}
	u, _ := url.Parse(flow.AuthorizeURL())
	if got := u.Query().Get("scope"); got != transferWithData+" openid" {
		t.Errorf("authorize URL scope = %q", got)
	}
}

func TestMalformedScopes(t *testing.T) {
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret)
	nc, _ := auth.NewNativeAppClient(nativeID)
	for _, bad := range []string{
		"", " ", "a b", "a\tb", " a", "a ", "a\n",
		"a[b", "a[*b *c", "a[b[c]", "a]", "a[b]]", "[b]", "a[b][c]", "a[[b]]", "a[b] [c]",
	} {
		var ue *auth.UsageError
		var se *auth.ScopeSyntaxError
		_, err := cc.ClientCredentials(context.Background(), bad)
		if !errors.As(err, &ue) {
			t.Errorf("ClientCredentials(%q): err = %v (%T), want *auth.UsageError", bad, err, err)
		}
		if bad != "" && bad != " " && !errors.As(err, &se) {
			t.Errorf("ClientCredentials(%q): err = %v, want a *auth.ScopeSyntaxError inside", bad, err)
		}
		if _, err := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{bad}}); !errors.As(err, &ue) {
			t.Errorf("StartFlow(%q): err = %v (%T), want *auth.UsageError", bad, err, err)
		}
	}
	for _, bad := range []string{"a[b", "a]", "[b]"} {
		toks := auth.NewOAuthTokenResponse(nil, time.Time{})
		var se *auth.ScopeSyntaxError
		if _, err := toks.ByScopes(bad); !errors.As(err, &se) {
			t.Errorf("ByScopes(%q): err = %v (%T), want *auth.ScopeSyntaxError", bad, err, err)
		}
	}
}

// TestSplitScopes checks that whitespace separates scopes only outside
// brackets, and that unbalanced brackets are a *auth.ScopeSyntaxError.
func TestSplitScopes(t *testing.T) {
	parts, err := auth.SplitScopes(" a[*b *c]  d\te[f[g h]] ")
	if err != nil || !slices.Equal(parts, []string{"a[*b *c]", "d", "e[f[g h]]"}) {
		t.Errorf("SplitScopes = %q, %v", parts, err)
	}
	for _, bad := range []string{"a[b", "a]b", "a[b]]"} {
		var se *auth.ScopeSyntaxError
		if _, err := auth.SplitScopes(bad); !errors.As(err, &se) {
			t.Errorf("SplitScopes(%q): err = %v, want a *auth.ScopeSyntaxError", bad, err)
		}
	}
	if m := auth.MissingScopes("openid email a", []string{"a[*x]", "openid", "b"}); !slices.Equal(m, []string{"b"}) {
		t.Errorf("MissingScopes = %q", m)
	}
	if got := auth.BaseScope("a[*b c]"); got != "a" {
		t.Errorf("BaseScope = %q, want a", got)
	}
}
