package auth_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// TestIDTokenAfterKeyRotation checks that when Globus Auth starts signing
// with a new key, DecodeIDToken fetches the key set again instead of
// failing until the process restarts, and that it does not fetch the keys
// more than once per call or more often than KeyRefreshInterval allows. It
// runs on the fake clock of a synctest bubble, where waiting out the
// interval takes no time, with an in-process fake of Globus Auth.
func TestIDTokenAfterKeyRotation(t *testing.T) {
	synctest.Test(t, testIDTokenAfterKeyRotation)
}

func testIDTokenAfterKeyRotation(t *testing.T) {
	key, other := testKeys()
	f := newInProcessAuth(t)
	srv := newOAuthServer(nativeID, "")
	srv.register(f.URL(), f.mux)
	var mu sync.Mutex
	published := []authapi.JWK{jwkOf("k1", &key.PublicKey)}
	signWith := "k1"
	f.handle("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, oidcConfig())
	})
	f.handle("GET /jwk.json", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		testsupport.WriteJSON(w, http.StatusOK, authapi.JWKSet{Keys: published})
	})
	srv.idToken = func(clientID string) string {
		mu.Lock()
		kid := signWith
		mu.Unlock()
		k := key
		if kid == "k2" {
			k = other
		}
		return signIDToken(t, k, kid, jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["aud"] = clientID })
	}
	rotate := func(kid string, jwks ...authapi.JWK) {
		mu.Lock()
		defer mu.Unlock()
		signWith, published = kid, jwks
	}
	c, err := auth.NewNativeAppClient(nativeID, f.options("")...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	login := func() *auth.OAuthTokenResponse {
		t.Helper()
		flow, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
		code, _, err := srv.Authorize(flow.AuthorizeURL())
		if err != nil {
			t.Fatal(err)
		}
		toks, err := flow.ExchangeCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return toks
	}
	keyFetches := func() int {
		n := 0
		for _, h := range f.requests() {
			if h.Path == "/jwk.json" {
				n++
			}
		}
		return n
	}

	if id, err := login().DecodeIDToken(ctx); err != nil || id.KeyID != "k1" {
		t.Fatalf("before rotation: %v, %v", id, err)
	}
	// Globus Auth rotates to k2 and stops publishing k1.
	rotate("k2", jwkOf("k2", &other.PublicKey))
	if id, err := login().DecodeIDToken(ctx); err != nil || id.KeyID != "k2" {
		t.Fatalf("after rotation: %v, %v", id, err)
	}
	if got := keyFetches(); got != 2 {
		t.Errorf("keys fetched %d times, want 2 (once at first, once after the rotation)", got)
	}

	// A token naming a key that is not published: within the interval, no
	// new fetch.
	rotate("k9", jwkOf("k2", &other.PublicKey))
	stray := login()
	if _, err := stray.DecodeIDToken(ctx); !errors.Is(err, auth.ErrIDTokenUnknownKey) {
		t.Errorf("unknown key: err = %v", err)
	}
	if got := keyFetches(); got != 2 {
		t.Errorf("keys fetched %d times, want still 2 (rate-limited)", got)
	}

	// Not until the interval has passed...
	time.Sleep(auth.KeyRefreshInterval - time.Nanosecond)
	if _, err := stray.DecodeIDToken(ctx); !errors.Is(err, auth.ErrIDTokenUnknownKey) {
		t.Errorf("unknown key: err = %v", err)
	}
	if got := keyFetches(); got != 2 {
		t.Errorf("keys fetched %d times just before the interval ended, want still 2", got)
	}
	// ...then once per interval: of two calls in a row, only the first
	// fetches the keys.
	time.Sleep(time.Nanosecond)
	for i := range 2 {
		for range 2 {
			if _, err := stray.DecodeIDToken(ctx); !errors.Is(err, auth.ErrIDTokenUnknownKey) {
				t.Errorf("unknown key: err = %v", err)
			}
		}
		if got := keyFetches(); got != 3+i {
			t.Errorf("keys fetched %d times, want %d (one more per interval)", got, 3+i)
		}
		time.Sleep(auth.KeyRefreshInterval)
	}
	// k1 comes back beside k2: tokens signed with either verify.
	rotate("k1", jwkOf("k1", &key.PublicKey), jwkOf("k2", &other.PublicKey))
	if id, err := login().DecodeIDToken(ctx); err != nil || id.KeyID != "k1" {
		t.Fatalf("k1 again: %v, %v", id, err)
	}
}
