package authorizers_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
)

func TestRefreshTokenRotation(t *testing.T) {
	ts, lc := refreshSetup(t)
	// Answers 1 and 3 rotate the refresh token; answers 2 and 4 carry none.
	ts.respond = func(n int64, _ url.Values) (int, any) {
		switch n {
		case 1:
			return http.StatusOK, tokenBody(n, "rt-1")
		case 3:
			return http.StatusOK, tokenBody(n, "rt-3")
		}
		return http.StatusOK, tokenBody(n, "")
	}
	var mu sync.Mutex
	var stored []string
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithOnRefresh(func(td authorizers.TokenData) {
		mu.Lock()
		defer mu.Unlock()
		stored = append(stored, td.RefreshToken.Reveal())
	}))
	var got []string
	for i := range 4 {
		if i > 0 {
			a.HandleMissingAuthorization(context.Background(), "")
		}
		td, err := a.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, td.RefreshToken.Reveal())
	}
	if want := []string{"rt-0", "rt-1", "rt-1", "rt-3"}; !slices.Equal(ts.formValues("refresh_token"), want) {
		t.Fatalf("refresh tokens sent %q, want %q", ts.formValues("refresh_token"), want)
	}
	want := []string{"rt-1", "rt-1", "rt-3", "rt-3"}
	if !slices.Equal(stored, want) {
		t.Fatalf("on_refresh saw refresh tokens %q, want %q", stored, want)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Token returned refresh tokens %q, want %q", got, want)
	}
}

func TestRefreshTokenWithConfidentialClient(t *testing.T) {
	ts := newTokenServer(t, "refresh_token", "cc-id", "cc-secret")
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", newLoginClient(t, ts))
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
}

func TestRefreshTokenBadConfiguration(t *testing.T) {
	_, lc := refreshSetup(t)
	var nilClient *testLoginClient
	cases := []struct {
		name string
		a    *authorizers.RefreshTokenAuthorizer
		want error
	}{
		{"empty refresh token", authorizers.NewRefreshTokenAuthorizer("", lc), authorizers.ErrNoRefreshToken},
		{"nil client", authorizers.NewRefreshTokenAuthorizer("rt", nil), authorizers.ErrNoClient},
		{"typed nil client", authorizers.NewRefreshTokenAuthorizer("rt", nilClient), authorizers.ErrNoClient},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.a.SetAuthorizationHeader(context.Background(), http.Header{})
			var re *authorizers.RenewalError
			if !errors.As(err, &re) || !errors.Is(err, c.want) {
				t.Fatalf("got %v, want a *RenewalError wrapping %v", err, c.want)
			}
		})
	}
}

func TestInvalidTokenResponses(t *testing.T) {
	ts, lc := refreshSetup(t)
	ts.respond = func(n int64, _ url.Values) (int, any) {
		b := tokenBody(n, "")
		switch n {
		case 1:
			delete(b, "access_token")
		case 2:
			b["expires_in"] = 0
		}
		return http.StatusOK, b
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	for range 2 {
		if err := a.SetAuthorizationHeader(context.Background(), http.Header{}); !errors.Is(err, authorizers.ErrInvalidToken) {
			t.Fatalf("got %v, want ErrInvalidToken", err)
		}
	}
	if got := header(t, a); got != "Bearer at-3" {
		t.Fatal(got)
	}
}

func TestClientCredentials(t *testing.T) {
	ts := newTokenServer(t, "client_credentials", "cc-id", "cc-secret")
	scopes := []string{"urn:globus:auth:scope:transfer.api.globus.org:all", "", "https://auth.globus.org/scopes/x/data_access"}
	a := authorizers.NewClientCredentialsAuthorizer(newLoginClient(t, ts), scopes)
	scopes[0] = "changed-by-caller"
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("constructor sent %d requests", n)
	}
	before := time.Now().Round(0)
	td, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	if td.AccessToken != "at-1" || td.RefreshToken != "" || td.ResourceServer != "transfer.api.globus.org" ||
		td.ExpiresAt.Before(before.Add(time.Hour)) || td.ExpiresAt.After(after.Add(time.Hour)) {
		t.Fatalf("token %#v", td)
	}
	want := "urn:globus:auth:scope:transfer.api.globus.org:all https://auth.globus.org/scopes/x/data_access"
	if got := ts.formValues("scope"); len(got) != 1 || got[0] != want {
		t.Fatalf("scope sent %q, want %q", got, want)
	}
	if got := strings.Join(a.Scopes(), " "); got != want {
		t.Fatalf("Scopes() %q", got)
	}
	a.HandleMissingAuthorization(context.Background(), "")
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatal(got)
	}
}

func TestClientCredentialsMultipleResourceServers(t *testing.T) {
	ts := newTokenServer(t, "client_credentials", "cc-id", "cc-secret")
	ts.respond = func(n int64, _ url.Values) (int, any) {
		b := tokenBody(n, "")
		other := tokenBody(n+100, "")
		other["resource_server"] = "auth.globus.org"
		b["other_tokens"] = []any{other}
		return http.StatusOK, b
	}
	a := authorizers.NewClientCredentialsAuthorizer(newLoginClient(t, ts), []string{"a", "b"})
	err := a.SetAuthorizationHeader(context.Background(), http.Header{})
	var re *authorizers.RenewalError
	var me *authorizers.MultipleResourceServersError
	if !errors.As(err, &re) || !errors.As(err, &me) {
		t.Fatalf("got %v, want a *RenewalError wrapping *MultipleResourceServersError", err)
	}
	if want := []string{"transfer.api.globus.org", "auth.globus.org"}; !slices.Equal(me.ResourceServers, want) {
		t.Fatalf("ResourceServers %q, want %q", me.ResourceServers, want)
	}
	if !strings.Contains(err.Error(), "transfer.api.globus.org, auth.globus.org") {
		t.Fatalf("message %q does not name the resource servers", err)
	}
}

func TestClientCredentialsBadConfiguration(t *testing.T) {
	ts := newTokenServer(t, "client_credentials", "cc-id", "cc-secret")
	lc := newLoginClient(t, ts)
	for name, c := range map[string]struct {
		a    *authorizers.ClientCredentialsAuthorizer
		want error
	}{
		"nil client": {authorizers.NewClientCredentialsAuthorizer(nil, []string{"s"}), authorizers.ErrNoClient},
		"no scopes":  {authorizers.NewClientCredentialsAuthorizer(lc, nil), authorizers.ErrNoScopes},
		"blank":      {authorizers.NewClientCredentialsAuthorizer(lc, []string{" ", ""}), authorizers.ErrNoScopes},
	} {
		err := c.a.SetAuthorizationHeader(context.Background(), http.Header{})
		var re *authorizers.RenewalError
		if !errors.As(err, &re) || !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want a *RenewalError wrapping %v", name, err, c.want)
		}
	}
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("%d token requests for bad configurations", n)
	}
}
