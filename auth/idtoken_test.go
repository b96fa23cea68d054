package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

const testIssuer = "https://auth.globus.org"

// testKeys are RSA keys made once for the whole test binary: the key Globus
// Auth "publishes" and an impostor's key.
var testKeys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	a, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	b, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return a, b
})

func jwkOf(kid string, pub *rsa.PublicKey) authapi.JWK {
	n := base64.RawURLEncoding.EncodeToString(pub.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	return authapi.JWK{Kty: "RSA", Kid: kid, Alg: "RS512", Use: "sig", N: n, E: e}
}

func oidcConfig() *authapi.OpenIDConfiguration {
	return &authapi.OpenIDConfiguration{Issuer: testIssuer, IDTokenSigningAlgValuesSupported: []string{"RS512"},
		JwksURI: testIssuer + "/jwk.json"}
}

// signIDToken makes an id_token; change edits the claims first.
func signIDToken(t testing.TB, key *rsa.PrivateKey, kid string, method jwt.SigningMethod, change func(jwt.MapClaims)) string {
	t.Helper()
	now := time.Now()
	claims := jwt.MapClaims{
		"iss": testIssuer, "sub": idIdentity, "aud": nativeID, "exp": now.Add(time.Hour).Unix(), "iat": now.Unix(),
		"preferred_username": "ada@example.org", "name": "Ada", "email": "ada@example.org", "at_hash": "abc",
		"identity_set": []map[string]any{{"sub": idIdentity, "username": "ada@example.org"}},
	}
	if change != nil {
		change(claims)
	}
	tok := jwt.NewWithClaims(method, claims)
	tok.Header["kid"] = kid
	var signKey any = key
	if method == jwt.SigningMethodHS256 {
		signKey = []byte("shared")
	}
	if method == jwt.SigningMethodNone {
		signKey = jwt.UnsafeAllowNoneSignatureType
	}
	s, err := tok.SignedString(signKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestIDTokenThroughLogin logs in with openid and verifies the id_token
// with the keys fetched from the fake Globus Auth; the configuration and
// keys are fetched once.
func TestIDTokenThroughLogin(t *testing.T) {
	key, _ := testKeys()
	f, srv := newOAuthFake(t, nativeID, "")
	f.handle("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, oidcConfig())
	})
	f.handle("GET /jwk.json", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, authapi.JWKSet{Keys: []authapi.JWK{jwkOf("k1", &key.PublicKey)}})
	})
	srv.idToken = func(clientID string) string {
		return signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["aud"] = clientID })
	}
	c, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()))
	flow, _ := c.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid", "profile", "email"}})
	code, _, err := srv.Authorize(flow.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	toks, err := flow.ExchangeCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		id, err := toks.DecodeIDToken(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if id.Subject() != idIdentity || id.Claims.PreferredUsername != "ada@example.org" || id.KeyID != "k1" || id.Algorithm != "RS512" {
			t.Errorf("claims = %+v", id.Claims)
		}
		if aud, err := id.Claims.Aud.AsAudienceName(); err != nil || aud != nativeID {
			t.Errorf("aud = %q %v", aud, err)
		}
		if len(id.Claims.IdentitySet) != 1 || id.Raw["at_hash"] != "abc" {
			t.Errorf("identity_set or raw claims lost: %v", id.Raw)
		}
	}
	n := 0
	for _, h := range f.requests() {
		if h.Path == "/jwk.json" || h.Path == "/.well-known/openid-configuration" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("configuration and keys fetched with %d requests, want 2", n)
	}

	// A token answer without an id_token says so.
	plain := auth.NewOAuthTokenResponse(&authapi.TokenResponse{AccessToken: "x"}, time.Now())
	if _, err := plain.DecodeIDToken(context.Background()); !errors.Is(err, auth.ErrIDTokenMissing) {
		t.Errorf("no id_token: %v", err)
	}
}

// TestIDTokenRejections checks each way an id_token can be wrong.
func TestIDTokenRejections(t *testing.T) {
	key, impostor := testKeys()
	v, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{
		jwkOf("k1", &key.PublicKey),
		{Kty: "EC", Kid: "ec"}, // not RSA: ignored
	}})
	if err != nil {
		t.Fatal(err)
	}
	good := signIDToken(t, key, "k1", jwt.SigningMethodRS512, nil)
	if _, err := v.Verify(good); err != nil {
		t.Fatalf("a good token is rejected: %v", err)
	}
	parts := strings.Split(good, ".")
	otherPayload := strings.Split(signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["sub"] = idClient }), ".")[1]

	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"impostor's signature", signIDToken(t, impostor, "k1", jwt.SigningMethodRS512, nil), auth.ErrIDTokenSignature},
		{"payload swapped", parts[0] + "." + otherPayload + "." + parts[2], auth.ErrIDTokenSignature},
		{"wrong audience", signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["aud"] = "someone-else" }), auth.ErrIDTokenAudience},
		{"wrong issuer", signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }), auth.ErrIDTokenIssuer},
		{"expired", signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) {
			c["exp"] = time.Now().Add(-time.Hour).Unix()
			c["iat"] = time.Now().Add(-2 * time.Hour).Unix()
		}), auth.ErrIDTokenExpired},
		{"issued in the future", signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["iat"] = time.Now().Add(time.Hour).Unix() }), auth.ErrIDTokenNotYetValid},
		{"no exp", signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { delete(c, "exp") }), auth.ErrIDTokenMalformed},
		{"unknown key id", signIDToken(t, key, "k2", jwt.SigningMethodRS512, nil), auth.ErrIDTokenUnknownKey},
		{"algorithm not offered", signIDToken(t, key, "k1", jwt.SigningMethodRS256, nil), auth.ErrIDTokenSignature},
		{"HMAC", signIDToken(t, key, "k1", jwt.SigningMethodHS256, nil), auth.ErrIDTokenSignature},
		{"alg none", signIDToken(t, key, "k1", jwt.SigningMethodNone, nil), auth.ErrIDTokenSignature},
		{"not a JWT", "not-a-jwt", auth.ErrIDTokenMalformed},
		{"empty", "", auth.ErrIDTokenMissing},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, err := v.Verify(tc.token)
			if id != nil || !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, %v; want %v", id, err, tc.want)
			}
			var ite *auth.IDTokenError
			if !errors.As(err, &ite) || ite.Kind != tc.want {
				t.Errorf("error %v: Kind = %v, want %v", err, ite.Kind, tc.want)
			}
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Error("the error shows the token")
			}
		})
	}

	// Two failures at once are both reported.
	both := signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) {
		c["aud"] = "x"
		c["exp"] = time.Now().Add(-time.Hour).Unix()
	})
	_, err = v.Verify(both)
	if !errors.Is(err, auth.ErrIDTokenAudience) || !errors.Is(err, auth.ErrIDTokenExpired) || errors.Is(err, auth.ErrIDTokenSignature) {
		t.Errorf("double failure: %v", err)
	}

	// Leeway tolerates small clock skew.
	skewed := signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-5 * time.Second).Unix() })
	if _, err := v.Verify(skewed); err != nil {
		t.Errorf("5 s of skew is rejected: %v", err)
	}
	v.Leeway = 0
	if _, err := v.Verify(skewed); !errors.Is(err, auth.ErrIDTokenExpired) {
		t.Errorf("without leeway: %v", err)
	}
}

func TestNewIDTokenVerifierErrors(t *testing.T) {
	key, _ := testKeys()
	good := &authapi.JWKSet{Keys: []authapi.JWK{jwkOf("k1", &key.PublicKey)}}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	var ue *auth.UsageError
	for name, fn := range map[string]func() error{
		"no client": func() error { _, err := auth.NewIDTokenVerifier("", oidcConfig(), good); return err },
		"no config": func() error { _, err := auth.NewIDTokenVerifier(nativeID, nil, good); return err },
		"no issuer": func() error {
			_, err := auth.NewIDTokenVerifier(nativeID, &authapi.OpenIDConfiguration{}, good)
			return err
		},
		"no RSA alg": func() error {
			cfg := oidcConfig()
			cfg.IDTokenSigningAlgValuesSupported = []string{"ES256"}
			_, err := auth.NewIDTokenVerifier(nativeID, cfg, good)
			return err
		},
		"no keys":  func() error { _, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{}); return err },
		"nil keys": func() error { _, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), nil); return err },
		"small key": func() error {
			_, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{jwkOf("s", &small.PublicKey)}})
			return err
		},
		"bad modulus": func() error {
			k := jwkOf("b", &key.PublicKey)
			k.N = "!!"
			_, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{k}})
			return err
		},
		"missing e": func() error {
			k := jwkOf("b", &key.PublicKey)
			k.E = ""
			_, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{k}})
			return err
		},
		"encrypt only": func() error {
			k := jwkOf("b", &key.PublicKey)
			k.Use = "enc"
			_, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{k}})
			return err
		},
	} {
		if err := fn(); !errors.As(err, &ue) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	v, err := auth.NewIDTokenVerifier(nativeID, oidcConfig(), good)
	if err != nil || v.ClientID() != nativeID || v.Issuer() != testIssuer {
		t.Errorf("verifier = %v, %v", v, err)
	}
}
