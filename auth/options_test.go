package auth_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/httpx"
	"github.com/globus-go/globus/internal/testsupport"
)

var fastRetries = auth.WithRetryPolicy(auth.RetryPolicy{BaseDelay: time.Millisecond, MaxSleep: 5 * time.Millisecond})

// flakyToken answers 503 to the first `failures` token requests, then
// hands over to next.
func flakyToken(f *fakeAuth, failures int64, next http.HandlerFunc) *atomic.Int64 {
	var n atomic.Int64
	f.handle("POST /v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= failures {
			testsupport.WriteJSON(w, http.StatusServiceUnavailable, `{"error":"temporarily_unavailable","error_description":"busy"}`)
			return
		}
		next(w, r)
	})
	return &n
}

func TestRetriesOfTokenRequests(t *testing.T) {
	ctx := context.Background()

	// Client credentials are idempotent: a 503 is retried.
	f := newFakeAuth(t)
	srv := newOAuthServer(confID, confSecret)
	srv.baseURL = f.URL()
	n := flakyToken(f, 1, srv.token)
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()), fastRetries)
	if _, err := c.ClientCredentials(ctx, "openid"); err != nil || n.Load() != 2 {
		t.Errorf("client credentials after a 503: err %v, %d requests", err, n.Load())
	}

	// Without retries the 503 is the answer.
	f2 := newFakeAuth(t)
	n2 := flakyToken(f2, 1, srv.token)
	c2, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f2.URL()), auth.WithoutRetries())
	_, err := c2.ClientCredentials(ctx, "openid")
	if apiErr := asAPIError(t, err); apiErr.StatusCode != 503 || apiErr.Code != "temporarily_unavailable" || n2.Load() != 1 {
		t.Errorf("without retries: %v, %d requests", err, n2.Load())
	}

	// A code is single-use, so its exchange is never retried.
	f3 := newFakeAuth(t)
	srv3 := newOAuthServer(nativeID, "")
	srv3.baseURL = f3.URL()
	n3 := flakyToken(f3, 1, srv3.token)
	nc, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f3.URL()), fastRetries)
	flow, _ := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
	code, _, _ := srv3.Authorize(flow.AuthorizeURL())
	if _, err := flow.ExchangeCode(ctx, code); err == nil || n3.Load() != 1 {
		t.Errorf("code exchange after a 503: err %v, %d requests", err, n3.Load())
	}

	// A refresh may rotate the token, so it is never retried, even when the
	// caller's context carries an idempotent call (as when an authorizer
	// renews its token inside a Transfer submission).
	f4 := newFakeAuth(t)
	srv4 := newOAuthServer(nativeID, "")
	srv4.baseURL = f4.URL()
	n4 := flakyToken(f4, 1, srv4.token)
	nc4, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f4.URL()), fastRetries)
	outer, submission := httpx.Start(ctx, "submitTransfer")
	submission.Idempotent = true
	if _, err := nc4.Refresh(outer, "some-refresh-token"); err == nil || n4.Load() != 1 {
		t.Errorf("refresh after a 503 in an idempotent context: err %v, %d requests", err, n4.Load())
	}
}

// TestDebugLogsHoldNoSecret runs logins with a debug logger and looks for
// secrets in what was logged.
func TestDebugLogsHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	f, srv := newOAuthFake(t, nativeID, "")
	nc, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()), auth.WithLogger(logger))
	flow, _ := nc.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid", transferAll}, RefreshTokens: true})
	code, _, _ := srv.Authorize(flow.AuthorizeURL())
	toks, err := flow.ExchangeCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	rt := toks.ByResourceServer()["transfer.api.globus.org"].RefreshToken
	refreshed, err := nc.Refresh(ctx, rt.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	logger.Debug("tokens", "first", toks, "refreshed", refreshed, "flow", flow)

	f2, _ := newOAuthFake(t, confID, confSecret)
	cc, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f2.URL()), auth.WithLogger(logger))
	cct, err := cc.ClientCredentials(ctx, transferAll)
	if err != nil {
		t.Fatal(err)
	}

	secrets := []string{code, flow.PKCE().Verifier(), confSecret, cct.ByResourceServer()["transfer.api.globus.org"].AccessToken.Reveal()}
	for _, td := range toks.ByResourceServer() {
		secrets = append(secrets, td.AccessToken.Reveal(), td.RefreshToken.Reveal())
	}
	for _, td := range refreshed.ByResourceServer() {
		secrets = append(secrets, td.AccessToken.Reveal(), td.RefreshToken.Reveal())
	}
	out := buf.String()
	if found := secretsIn(out, secrets...); len(found) > 0 {
		t.Errorf("debug logs show %q:\n%s", found, out)
	}
	if !strings.Contains(out, "token grant") || !strings.Contains(out, "transfer.api.globus.org") {
		t.Errorf("debug logs say nothing useful:\n%s", out)
	}
}

// recordingDoer answers every request with a fixed token answer, without
// any network.
type recordingDoer struct{ reqs atomic.Int64 }

func (d *recordingDoer) RoundTrip(r *http.Request) (*http.Response, error) {
	d.reqs.Add(1)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
		Body: io.NopCloser(strings.NewReader(`{"access_token":"a","expires_in":60,"resource_server":"r","scope":"s","token_type":"Bearer"}`))}, nil
}

func TestInsecureHTTPAndCustomDoer(t *testing.T) {
	ctx := context.Background()
	d := &recordingDoer{}
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL("http://auth.example.org"), auth.WithTransport(d))
	if _, err := c.ClientCredentials(ctx, "s"); !errors.Is(err, authorizers.ErrInsecureTransport) || d.reqs.Load() != 0 {
		t.Errorf("secret over plain http: err %v, %d requests", err, d.reqs.Load())
	}
	c, _ = auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL("http://auth.example.org"), auth.WithTransport(d), auth.WithInsecureHTTP())
	if _, err := c.ClientCredentials(ctx, "s"); err != nil || d.reqs.Load() != 1 {
		t.Errorf("with WithInsecureHTTP: err %v, %d requests", err, d.reqs.Load())
	}
	if c.ClientID() != confID || c.BaseURL() != "http://auth.example.org" || c.API() == nil {
		t.Errorf("accessors: %q %q", c.ClientID(), c.BaseURL())
	}
	if _, err := auth.NewNativeAppClient(nativeID, auth.WithBaseURL("ftp://x")); err == nil {
		t.Error("an ftp base URL is accepted")
	}
	if _, err := auth.NewClient(auth.WithBaseURL("")); err == nil {
		t.Error("an empty base URL is accepted")
	}
	if c := mustClient(t); c.BaseURL() != auth.DefaultBaseURL {
		t.Errorf("default base URL = %q", c.BaseURL())
	}
}

// TestTokenRequestsDoNotFollowRedirects checks that a login client never
// follows a redirect away from the token endpoint, even with its own
// *http.Client.
func TestTokenRequestsDoNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/oauth2/token" {
			http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
			return
		}
		elsewhere.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"a","expires_in":60,"resource_server":"r","scope":"s","token_type":"Bearer"}`)
	}))
	defer srv.Close()
	c, _ := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(srv.URL), auth.WithTransport(nil))
	var ure *globus.ResponseError
	if _, err := c.ClientCredentials(context.Background(), "s"); !errors.As(err, &ure) || ure.StatusCode != 307 || elsewhere.Load() != 0 {
		t.Errorf("redirected token request: err %v, %d requests elsewhere", err, elsewhere.Load())
	}
	srv.CloseClientConnections()
}
