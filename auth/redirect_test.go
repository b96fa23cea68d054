package auth_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
)

// TestTokenEndpointNeverFollowsRedirects points login clients at a token
// endpoint that redirects, with every redirect status, to another host that
// would answer with tokens. No request may reach that host (it would carry
// the client secret, a refresh token or a code), whether the client uses
// the default HTTP client or its own, and directly or through an
// authorizer.
func TestTokenEndpointNeverFollowsRedirects(t *testing.T) {
	var elsewhere atomic.Int64
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"stolen","expires_in":3600,"resource_server":"r","scope":"s","token_type":"Bearer"}`)
	}))
	t.Cleanup(thief.Close)
	thiefURL, _ := url.Parse(thief.URL)
	thiefURL.Host = "localhost:" + thiefURL.Port() // another host name than the endpoint's 127.0.0.1

	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			http.Redirect(w, r, thiefURL.String()+r.URL.Path, status)
		}))
		for _, own := range []bool{false, true} {
			opts := []auth.Option{auth.WithBaseURL(endpoint.URL), auth.WithoutRetries()}
			if own {
				opts = append(opts, auth.WithTransport(nil))
			}
			conf, err := auth.NewConfidentialAppClient("7f0c7b1e-0000-4000-8000-00000000c0de", "redirect-secret", opts...)
			if err != nil {
				t.Fatal(err)
			}
			native, err := auth.NewNativeAppClient("7f0c7b1e-0000-4000-8000-00000000beef", opts...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			calls := map[string]func() error{
				"client credentials": func() error { _, err := conf.ClientCredentials(ctx, "s"); return err },
				"refresh":            func() error { _, err := native.Refresh(ctx, "redirect-refresh"); return err },
				"code": func() error {
					flow, err := native.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
					if err != nil {
						return err
					}
					_, err = flow.ExchangeCode(ctx, "redirect-code")
					return err
				},
				"refresh authorizer": func() error {
					return authorizers.NewRefreshTokenAuthorizer("redirect-refresh", native).
						SetAuthorizationHeader(ctx, http.Header{})
				},
				"client credentials authorizer": func() error {
					return authorizers.NewClientCredentialsAuthorizer(conf, []string{"s"}).
						SetAuthorizationHeader(ctx, http.Header{})
				},
			}
			calls["revoke"] = func() error { return conf.Revoke(ctx, "redirect-token") }
			calls["revoke (native)"] = func() error { return native.Revoke(ctx, "redirect-token") }
			for name, call := range calls {
				err := call()
				if err == nil {
					t.Errorf("status %d, own client %t, %s: a redirected token request succeeded", status, own, name)
					continue
				}
				if strings.Contains(err.Error(), "stolen") || strings.Contains(err.Error(), "redirect-secret") {
					t.Errorf("%s: the error shows a secret: %v", name, err)
				}
				var ure *globus.ResponseError
				var re *authorizers.RenewalError
				if !errors.As(err, &ure) && !errors.As(err, &re) {
					t.Errorf("status %d, %s: got %T %v; want a typed error", status, name, err, err)
				}
			}
		}
		endpoint.Close()
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("%d token-endpoint requests followed a redirect to another host", n)
	}
}
