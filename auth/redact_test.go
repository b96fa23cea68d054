package auth_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
)

// TestNoSecretInOutput prints and logs every exported type of the package
// that can hold a secret (and the others), with every verb and both slog
// handlers, and looks for the secrets in the output.
func TestNoSecretInOutput(t *testing.T) {
	const (
		access    = "AT-secret-access-token"
		refresh   = "RT-secret-refresh-token"
		otherAT   = "AT-secret-other-access"
		otherRT   = "RT-secret-other-refresh"
		depAT     = "AT-secret-dependent"
		bearer    = "bearer-secret-for-client"
		idTokenSt = "eyJ-secret-id-token"
	)
	pk, err := auth.NewPKCE()
	if err != nil {
		t.Fatal(err)
	}
	verifier := pk.Verifier()
	secrets := []string{confSecret, access, refresh, otherAT, otherRT, depAT, bearer, idTokenSt, verifier}

	native, _ := auth.NewNativeAppClient(nativeID)
	conf, _ := auth.NewConfidentialAppClient(confID, confSecret)
	client := mustClient(t, auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(bearer)))
	flow, err := native.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, PKCE: pk})
	if err != nil {
		t.Fatal(err)
	}
	confFlow, err := conf.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}, RedirectURI: "https://app.example.org/cb"})
	if err != nil {
		t.Fatal(err)
	}
	tokens := auth.NewOAuthTokenResponse(&authapi.TokenResponse{
		AccessToken: access, RefreshToken: globus.Secret(refresh), IDToken: globus.Secret(idTokenSt), ExpiresIn: 3600,
		ResourceServer: "auth.globus.org", Scope: "openid", TokenType: "Bearer",
		OtherTokens: []authapi.Token{{AccessToken: otherAT, RefreshToken: globus.Secret(otherRT), ExpiresIn: 60,
			ResourceServer: "transfer.api.globus.org", Scope: transferAll, TokenType: "Bearer"}},
	}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	dependent := auth.NewDependentTokenResponse([]authapi.Token{{AccessToken: depAT, ExpiresIn: 60,
		ResourceServer: "groups.api.globus.org", Scope: groupsAll, TokenType: "Bearer"}}, time.Now())
	key, _ := testKeys()
	v, _ := auth.NewIDTokenVerifier(nativeID, oidcConfig(), &authapi.JWKSet{Keys: []authapi.JWK{jwkOf("k1", &key.PublicKey)}})
	badToken := signIDToken(t, key, "k1", jwt.SigningMethodRS512, func(c jwt.MapClaims) { c["aud"] = "x" })
	secrets = append(secrets, badToken)
	_, idErr := v.Verify(badToken)
	good, err := v.Verify(signIDToken(t, key, "k1", jwt.SigningMethodRS512, nil))
	if err != nil {
		t.Fatal(err)
	}
	_, verr := auth.PKCEFromVerifier(verifier + "+")
	_, scopeErr := tokens.ByScopes("nope")

	values := map[string]any{
		"NativeAppClient":       native,
		"ConfidentialAppClient": conf,
		"Client":                client,
		"PKCE":                  pk,
		"AuthorizationCodeFlow": flow,
		"AuthorizeParams":       auth.AuthorizeParams{Scopes: []string{"openid"}, PKCE: pk},
		"OAuthTokenResponse":    tokens,
		"dependent tokens":      dependent,
		"IDTokenVerifier":       v,
		"IDToken":               good,
		"IDTokenError":          idErr,
		"InvalidVerifierError":  verr,
		"ScopeLookupError":      scopeErr,
		"IdentityMap":           auth.NewIdentityMap(client, []string{"a@example.org"}),
		"DependentTokenOptions": auth.DependentTokenOptions{Scopes: []string{transferAll}},
		"UsageError":            &auth.UsageError{Op: "x", Problem: "y"},
		"IdentityNotFoundError": &auth.IdentityNotFoundError{Key: "a@example.org"},
		"ResponseError":         &globus.ResponseError{Operation: "getTask", StatusCode: 200, Reason: "r"},
		"ByResourceServer":      tokens.ByResourceServer(),
		// Copies, printed without the pointer the SDK hands out.
		"NativeAppClient copy":       *native,
		"ConfidentialAppClient copy": *conf,
		"Client copy":                *client,
		"PKCE copy":                  *pk,
		"AuthorizationCodeFlow copy": *flow,
		"flow without PKCE":          confFlow,
		"OAuthTokenResponse copy":    *tokens,
		"dependent tokens copy":      *dependent,
	}
	for name, val := range values {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			outs = append(outs, fmt.Sprintf(verb, val))
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(h(&buf)).Info("value", "v", val)
			outs = append(outs, buf.String())
		}
		for i, out := range outs {
			if found := secretsIn(out, secrets...); len(found) > 0 {
				t.Errorf("%s: output shows secrets %q:\n%s", name, found, out)
			}
			// %s (outs[3]) is only well-formed for types with a String method.
			if strings.Contains(out, "!ERROR") || strings.Contains(out, "panicked") || (i != 3 && strings.Contains(out, "%!")) {
				t.Errorf("%s: output is broken: %s", name, out)
			}
		}
	}

	// The redacted forms still say what is there.
	s := fmt.Sprint(tokens)
	for _, want := range []string{"auth.globus.org", "transfer.api.globus.org", "[REDACTED]", "2026-01-01T01:00:00Z"} {
		if !strings.Contains(s, want) {
			t.Errorf("OAuthTokenResponse prints %q, missing %q", s, want)
		}
	}
	if !strings.Contains(fmt.Sprint(pk), pk.Challenge()) || !strings.Contains(fmt.Sprint(conf), confID) {
		t.Errorf("redacted forms lost public data: %v / %v", pk, conf)
	}
	// The fields themselves keep the real values.
	if tokens.ByResourceServer()["transfer.api.globus.org"].RefreshToken != otherRT || tokens.IDToken() != idTokenSt {
		t.Error("ByResourceServer or IDToken lost the real values")
	}
}

// TestNilPointersPrint checks that fmt prints a nil pointer of every type
// with a redacting String method as <nil>, without panicking.
func TestNilPointersPrint(t *testing.T) {
	for name, v := range map[string]any{
		"PKCE":                  (*auth.PKCE)(nil),
		"OAuthTokenResponse":    (*auth.OAuthTokenResponse)(nil),
		"AuthorizationCodeFlow": (*auth.AuthorizationCodeFlow)(nil),
		"NativeAppClient":       (*auth.NativeAppClient)(nil),
		"ConfidentialAppClient": (*auth.ConfidentialAppClient)(nil),
		"Client":                (*auth.Client)(nil),
	} {
		for _, verb := range []string{"%v", "%+v", "%s"} {
			if got := fmt.Sprintf(verb, v); got != "<nil>" {
				t.Errorf("%s with %s: got %q; want <nil>", name, verb, got)
			}
		}
	}
}
