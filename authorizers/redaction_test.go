package authorizers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
)

// Sentinel secrets: none may ever appear in output.
const (
	secretAccess   = "SENTINEL-ACCESS-TOKEN"
	secretRefresh  = "SENTINEL-REFRESH-TOKEN"
	secretRotated  = "SENTINEL-ROTATED-REFRESH"
	secretPassword = "SENTINEL-PASSWORD"
	secretClient   = "SENTINEL-CLIENT-SECRET"
)

var secrets = []string{secretAccess, secretRefresh, secretRotated, secretPassword, secretClient}

func checkNoSecret(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%s shows secret %s: %s", what, s, out)
		}
	}
}

func TestNoSecretsInOutput(t *testing.T) {
	// A refresh-token authorizer that holds a rotated refresh token and an
	// access token, and logs at debug level.
	ts := newTokenServer(t, "refresh_token", "id", secretClient)
	ts.respond = func(n int64, _ url.Values) (int, any) {
		b := tokenBody(n, secretRotated)
		b["access_token"] = secretAccess
		return http.StatusOK, b
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rt := authorizers.NewRefreshTokenAuthorizer(secretRefresh, newLoginClient(t, ts), authorizers.WithLogger(logger))
	td, err := rt.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if td.AccessToken != secretAccess || td.RefreshToken != secretRotated {
		t.Fatalf("setup: got %#v", td) // redacted, so safe to print
	}
	rt.HandleMissingAuthorization(context.Background(), "")

	// A client-credentials authorizer whose renewal fails.
	cs := newTokenServer(t, "client_credentials", "id", secretClient)
	cs.respond = func(int64, url.Values) (int, any) {
		return http.StatusUnauthorized, map[string]any{"error": "invalid_client"}
	}
	cc := authorizers.NewClientCredentialsAuthorizer(newLoginClient(t, cs), []string{"scope"},
		authorizers.WithLogger(logger), authorizers.WithAccessToken(secretAccess, time.Now().Add(-time.Hour)))
	renewErr := cc.SetAuthorizationHeader(context.Background(), http.Header{})
	if renewErr == nil {
		t.Fatal("want a renewal error")
	}

	renewing := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		return authorizers.TokenData{}, errors.New("fetch failed")
	}, authorizers.WithAccessToken(secretAccess, time.Now().Add(time.Hour)))

	// Values logged through slog directly (LogValue applies).
	values := map[string]any{
		"BasicAuthorizer":              authorizers.NewBasicAuthorizer("user", secretPassword),
		"AccessTokenAuthorizer":        authorizers.NewAccessTokenAuthorizer(secretAccess),
		"RefreshTokenAuthorizer":       rt,
		"ClientCredentialsAuthorizer":  cc,
		"RenewingAuthorizer":           renewing,
		"TokenData":                    td,
		"*TokenData":                   &td,
		"RenewalError":                 renewErr,
		"wrapped RenewalError":         fmt.Errorf("call failed: %w", renewErr),
		"MultipleResourceServersError": &authorizers.MultipleResourceServersError{ResourceServers: []string{"a", "b"}},
		// Copies, printed without the pointer the constructors return.
		// The refresh-token and renewing authorizers hold atomics and must
		// not be copied (vet's copylocks says so).
		"BasicAuthorizer copy":             *authorizers.NewBasicAuthorizer("user", secretPassword),
		"AccessTokenAuthorizer copy":       *authorizers.NewAccessTokenAuthorizer(secretAccess),
		"ClientCredentialsAuthorizer copy": *cc,
	}
	// Containers: fmt reaches the elements' Format methods. (slog's JSON
	// handler encodes containers with encoding/json, which shows the real
	// tokens on purpose, for storage; see TokenData.)
	containers := map[string]any{
		"[]TokenData":                       []authorizers.TokenData{td},
		"map of TokenData":                  map[string]authorizers.TokenData{"k": td},
		"struct with an exported TokenData": struct{ T authorizers.TokenData }{td},
	}
	for name, v := range containers {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			checkNoSecret(t, name+" with "+verb, fmt.Sprintf(verb, v))
		}
		var text bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v)
		checkNoSecret(t, name+" in slog text", text.String())
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			checkNoSecret(t, name+" with "+verb, fmt.Sprintf(verb, v))
		}
		var text, js bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v)
		slog.New(slog.NewJSONHandler(&js, nil)).Info("m", "v", v)
		checkNoSecret(t, name+" in slog text", text.String())
		checkNoSecret(t, name+" in slog JSON", js.String())
	}
	if logs.Len() == 0 {
		t.Fatal("WithLogger got no debug records")
	}
	checkNoSecret(t, "debug logs", logs.String())
	if !strings.Contains(fmt.Sprint(td), "[REDACTED]") || !strings.Contains(fmt.Sprint(rt), "[REDACTED]") {
		t.Fatalf("redacted forms do not say so: %v / %v", td, rt)
	}
}

func TestTokenDataStringShowsNonSecretFields(t *testing.T) {
	td := authorizers.TokenData{AccessToken: "a", ExpiresAt: t0, Scope: "s", ResourceServer: "rs", TokenType: "Bearer"}
	// TokenData has no String method: fmt prints its fields, the tokens
	// through globus.Secret's redacting Format.
	if got, want := fmt.Sprintf("%+v", td), "{AccessToken:[REDACTED] RefreshToken:\"\" ExpiresAt:2026-01-01 00:00:00 +0000 UTC Scope:s ResourceServer:rs TokenType:Bearer IdentityID:}"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		got := fmt.Sprintf(verb, td)
		if !strings.Contains(got, "[REDACTED]") || !strings.Contains(got, "rs") || !strings.Contains(got, "Bearer") {
			t.Errorf("%s: %s", verb, got)
		}
	}
}

// TestNilPointersPrint checks that fmt prints a nil pointer of every
// authorizer whose Format method has a value receiver as <nil>.
func TestNilPointersPrint(t *testing.T) {
	for name, v := range map[string]any{
		"BasicAuthorizer":             (*authorizers.BasicAuthorizer)(nil),
		"AccessTokenAuthorizer":       (*authorizers.AccessTokenAuthorizer)(nil),
		"ClientCredentialsAuthorizer": (*authorizers.ClientCredentialsAuthorizer)(nil),
	} {
		for _, verb := range []string{"%v", "%+v", "%s"} {
			if got := fmt.Sprintf(verb, v); got != "<nil>" {
				t.Errorf("%s with %s: got %q; want <nil>", name, verb, got)
			}
		}
	}
}
