package authorizers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

func TestTokenSourceOfRefreshTokenAuthorizer(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-1", lc)
	src := authorizers.TokenSource(a)
	before := time.Now()
	tok, err := src.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "at-1" || tok.TokenType != "Bearer" || tok.RefreshToken != "" {
		t.Errorf("token %q %q, refresh %q; want at-1, Bearer and no refresh token", tok.AccessToken, tok.TokenType, tok.RefreshToken)
	}
	if tok.Expiry.Before(before.Add(59*time.Minute)) || tok.Expiry.After(time.Now().Add(time.Hour)) {
		t.Errorf("expiry %v is not about an hour from now", tok.Expiry)
	}
	if tok.Extra("scope") != "urn:globus:auth:scope:transfer.api.globus.org:all" || tok.Extra("resource_server") != "transfer.api.globus.org" {
		t.Errorf("extra: scope %v, resource_server %v", tok.Extra("scope"), tok.Extra("resource_server"))
	}
	if again, err := src.Token(); err != nil || again.AccessToken != "at-1" || ts.requests.Load() != 1 {
		t.Fatalf("second Token: %v, %v after %d token requests; want the same token, one request", again, err, ts.requests.Load())
	}

	// oauth2.NewClient sends it to a resource server.
	rs := newResourceServer(t, func(h string) bool { return h == "Bearer at-1" })
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
	if status, err := doRequest(t, oauth2.NewClient(t.Context(), src), req); err != nil || status != http.StatusOK {
		t.Fatalf("oauth2 client: %d, %v", status, err)
	}
}

func TestTokenSourceErrors(t *testing.T) {
	t.Run("renewal fails", func(t *testing.T) {
		ts, lc := refreshSetup(t)
		ts.respond = func(int64, url.Values) (int, any) {
			return http.StatusBadRequest, map[string]any{"error": "invalid_grant"}
		}
		_, err := authorizers.TokenSource(authorizers.NewRefreshTokenAuthorizer("rt", lc)).Token()
		var re *authorizers.RenewalError
		var te *tokenEndpointError
		if !errors.As(err, &re) || !errors.As(err, &te) || te.Code != "invalid_grant" {
			t.Fatalf("got %v; want a *RenewalError wrapping the endpoint's invalid_grant", err)
		}
	})
	t.Run("context ended", func(t *testing.T) {
		ts, lc := refreshSetup(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := authorizers.TokenSourceContext(ctx, authorizers.NewRefreshTokenAuthorizer("rt", lc)).Token()
		if !errors.Is(err, context.Canceled) || ts.requests.Load() != 0 {
			t.Fatalf("got %v after %d requests; want context.Canceled and none", err, ts.requests.Load())
		}
	})
	for _, a := range []authorizers.Authorizer{authorizers.NewBasicAuthorizer("id", "pw"), authorizers.NullAuthorizer{}} {
		if _, err := authorizers.TokenSource(a).Token(); !errors.Is(err, authorizers.ErrNoBearerToken) {
			t.Errorf("%T: got %v; want ErrNoBearerToken", a, err)
		}
	}
	var ue *globus.UsageError
	if _, err := authorizers.TokenSource(nil).Token(); !errors.As(err, &ue) {
		t.Errorf("nil authorizer: got %v; want a *globus.UsageError", err)
	}
}

func TestTokenSourceOfFixedToken(t *testing.T) {
	tok, err := authorizers.TokenSource(authorizers.NewAccessTokenAuthorizer("fixed")).Token()
	if err != nil || tok.AccessToken != "fixed" || tok.TokenType != "Bearer" || !tok.Expiry.IsZero() || !tok.Valid() {
		t.Fatalf("got %+v, %v; want the fixed bearer token without expiry", tok, err)
	}
}

func TestFromTokenSourceWithClientCredentials(t *testing.T) {
	ts := newTokenServer(t, "client_credentials", "cc-id", "cc-secret")
	cfg := clientcredentials.Config{
		ClientID:     "cc-id",
		ClientSecret: "cc-secret",
		TokenURL:     ts.srv.URL + "/v2/oauth2/token",
		Scopes:       []string{"urn:globus:auth:scope:transfer.api.globus.org:all"},
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, ts.srv.Client())
	a := authorizers.FromTokenSource(cfg.TokenSource(ctx))
	rs := newResourceServer(t, func(h string) bool { return h == "Bearer at-1" })
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
		if status, err := doRequest(t, hc, req); err != nil || status != http.StatusOK {
			t.Fatalf("got %d, %v", status, err)
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("%d token requests; want 1 (clientcredentials reuses its token)", n)
	}
	if got := ts.formValues("scope"); len(got) != 1 || got[0] != cfg.Scopes[0] {
		t.Errorf("scopes asked for: %q", got)
	}
}

func TestFromTokenSourceAfter401(t *testing.T) {
	t.Run("a reusing source keeps the rejected token: no retry", func(t *testing.T) {
		rs := newResourceServer(t, func(string) bool { return false })
		a := authorizers.FromTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "revoked"}))
		if a.HandleMissingAuthorization(t.Context(), "Bearer revoked") {
			t.Fatal("HandleMissingAuthorization reports true for the same token")
		}
		req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
		if status, err := doRequest(t, &http.Client{Transport: &authorizers.Transport{Authorizer: a}}, req); err != nil || status != http.StatusUnauthorized {
			t.Fatalf("got %d, %v; want 401", status, err)
		}
		if n := len(rs.requests()); n != 1 {
			t.Fatalf("%d requests; want 1", n)
		}
	})
	t.Run("a source that gives a new token: one retry", func(t *testing.T) {
		var n atomic.Int64
		src := oauth2TokenSourceFunc(func() (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: "t" + strconv.FormatInt(n.Add(1), 10), TokenType: "bearer"}, nil
		})
		rs := newResourceServer(t, func(h string) bool { return h == "Bearer t2" })
		hc := &http.Client{Transport: &authorizers.Transport{Authorizer: authorizers.FromTokenSource(src)}}
		req, _ := http.NewRequest(http.MethodPost, rs.srv.URL, strings.NewReader("payload"))
		if status, err := doRequest(t, hc, req); err != nil || status != http.StatusOK {
			t.Fatalf("got %d, %v; want 200 after the retry", status, err)
		}
		got := rs.requests()
		if len(got) != 2 || got[0].auth != "Bearer t1" || got[1].auth != "Bearer t2" || string(got[1].body) != "payload" {
			t.Fatalf("server saw %+v", got)
		}
	})
}

func TestFromTokenSourceErrors(t *testing.T) {
	h := http.Header{}
	var re *authorizers.RenewalError
	boom := errors.New("boom")
	err := authorizers.FromTokenSource(oauth2TokenSourceFunc(func() (*oauth2.Token, error) { return nil, boom })).SetAuthorizationHeader(t.Context(), h)
	if !errors.As(err, &re) || !errors.Is(err, boom) {
		t.Errorf("failing source: got %v; want a *RenewalError wrapping its error", err)
	}
	expired := &oauth2.Token{AccessToken: "old", Expiry: time.Now().Add(-time.Minute)}
	for _, tok := range []*oauth2.Token{nil, {}, expired} {
		err := authorizers.FromTokenSource(oauth2.StaticTokenSource(tok)).SetAuthorizationHeader(t.Context(), h)
		if !errors.Is(err, authorizers.ErrInvalidToken) || !errors.As(err, &re) {
			t.Errorf("token %+v: got %v; want a *RenewalError wrapping ErrInvalidToken", tok, err)
		}
	}
	var ue *globus.UsageError
	if err := authorizers.FromTokenSource(nil).SetAuthorizationHeader(t.Context(), h); !errors.As(err, &ue) {
		t.Errorf("nil source: got %v; want a *globus.UsageError", err)
	}
	if h.Get("Authorization") != "" {
		t.Error("a failed authorizer set a header")
	}
}

func TestInteropPrintsNoToken(t *testing.T) {
	for _, v := range []any{
		authorizers.FromTokenSource(secretSource{"s3cret"}),
		authorizers.TokenSource(valueAuthorizer{"s3cret"}),
	} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "s3cret") {
				t.Errorf("%s prints the token: %s", verb, out)
			}
		}
	}
}

type oauth2TokenSourceFunc func() (*oauth2.Token, error)

func (f oauth2TokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

// secretSource and valueAuthorizer are value types that hold a token in
// plain sight, as careless user types may.
type secretSource struct{ tok string }

func (s secretSource) Token() (*oauth2.Token, error) { return &oauth2.Token{AccessToken: s.tok}, nil }

type valueAuthorizer struct{ tok string }

func (v valueAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	h.Set("Authorization", "Bearer "+v.tok)
	return nil
}

func (valueAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }
