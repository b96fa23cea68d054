package authorizers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/fixtureseeds"
	"github.com/globus-go/globus/internal/httpx"
)

// FuzzTokenResponse decodes arbitrary token-endpoint answers the way the
// login clients do (httpx.Decode into a TokenGrantResult, then
// TokenGrantResult.AsTokenResponse or AsDependentTokenResponse) and builds
// a TokenData from each token. Nothing may panic, and no printed or logged
// form of the TokenData may show either token. (The conversion itself, and
// its ExpiresAt, are the auth package's and tested there.)
func FuzzTokenResponse(f *testing.F) {
	for _, s := range []string{
		`{"access_token":"AT-1234567890","expires_in":172800,"resource_server":"transfer.api.globus.org",
			"scope":"urn:globus:auth:scope:transfer.api.globus.org:all","token_type":"Bearer",
			"refresh_token":"RT-0987654321","other_tokens":[{"access_token":"AT-other","expires_in":3600,
			"resource_server":"auth.globus.org","scope":"openid","token_type":"Bearer"}]}`,
		`{"access_token":"AT-cc","expires_in":3600,"resource_server":"groups.api.globus.org","scope":"s","token_type":"bearer","other_tokens":[]}`,
		`[{"access_token":"AT-dep","expires_in":3600,"resource_server":"transfer.api.globus.org","scope":"s","token_type":"Bearer"}]`,
		`{"access_token":"","expires_in":0}`,
		`{"access_token":"x","expires_in":-5}`,
		`{"access_token":"x","expires_in":99999999999999}`, `{"access_token":"x","expires_in":9223372037}`,
		`{"access_token":"x","expires_in":-9223372037}`,
		`{"access_token":7}`, `[]`, `null`, `{}`, `"tok"`, `{"expires_in":"3600"}`,
	} {
		f.Add([]byte(s))
	}
	for _, b := range fixtureseeds.Bodies(func(c fixtureseeds.Case) bool {
		return c.Service == "auth" && strings.HasSuffix(c.Path, "/oauth2/token")
	}) {
		f.Add(b)
	}
	sentAt := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(bytes.NewReader(body)),
		}
		_, call := httpx.Start(context.Background(), "oauth2Token")
		parsed, err := httpx.Decode[authapi.TokenGrantResult](call, resp, nil)
		if err != nil {
			var re *globus.ResponseError
			if !errors.As(err, &re) || re.Operation != "oauth2Token" {
				t.Fatalf("an unreadable answer gave %T %v; want a *globus.ResponseError", err, err)
			}
			return // not JSON: the login client reports it as an error
		}
		if toks, err := parsed.AsDependentTokenResponse(); err == nil {
			for _, tok := range toks {
				checkTokenData(t, tok, sentAt)
			}
		}
		if tr, err := parsed.AsTokenResponse(); err == nil {
			checkTokenData(t, authapi.Token{AccessToken: tr.AccessToken, ExpiresIn: tr.ExpiresIn, RefreshToken: tr.RefreshToken,
				ResourceServer: tr.ResourceServer, Scope: tr.Scope, TokenType: tr.TokenType}, sentAt)
			if tr.OtherTokens != nil {
				for _, tok := range tr.OtherTokens {
					checkTokenData(t, tok, sentAt)
				}
			}
		}
	})
}

func checkTokenData(t *testing.T, tok authapi.Token, sentAt time.Time) {
	t.Helper()
	td := authorizers.TokenData{AccessToken: tok.AccessToken, ExpiresAt: sentAt,
		Scope: tok.Scope, ResourceServer: tok.ResourceServer, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken}

	// What the non-secret fields print on their own, so that a token equal
	// to (a part of) one of them is not counted as a leak.
	bare := td
	bare.AccessToken, bare.RefreshToken = "", ""
	for _, secret := range []string{td.AccessToken.Reveal(), td.RefreshToken.Reveal()} {
		if secret == "" {
			continue
		}
		for _, form := range printedForms(bare) {
			if strings.Contains(form+"[REDACTED]\"", secret) {
				return
			}
		}
		for i, form := range printedForms(td) {
			if strings.Contains(form, secret) {
				t.Fatalf("printed form %d of TokenData shows a token: %s", i, form)
			}
		}
	}
}

// printedForms returns every way a program might print or log td.
func printedForms(td authorizers.TokenData) []string {
	var text, js bytes.Buffer
	// The records leave out their time, which would differ between calls.
	opts := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	slog.New(slog.NewTextHandler(&text, opts)).Info("token", "td", td)
	slog.New(slog.NewJSONHandler(&js, opts)).Info("token", "td", td)
	return []string{
		fmt.Sprint(td), fmt.Sprintf("%v", td), fmt.Sprintf("%+v", td), fmt.Sprintf("%#v", td),
		fmt.Sprintf("%s", td), fmt.Sprintf("%q", td), fmt.Sprintf("%v", &td), fmt.Sprintf("%+v", &td),
		fmt.Sprintf("%#v", &td), text.String(), js.String(),
	}
}
