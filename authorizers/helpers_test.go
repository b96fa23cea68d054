package authorizers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// raceEnabled is set by race_test.go when the race detector is on.
var raceEnabled bool

func TestMain(m *testing.M) { testsupport.Main(m) }

// t0 is a fixed instant, for tokens whose expiry time a test prints.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// tokenServer is a Globus Auth token endpoint on httptest. It checks every
// request (method, path, form encoding, client authentication, grant) and
// answers with respond, or with a fresh token "at-N" for the N-th request.
type tokenServer struct {
	t        *testing.T
	srv      *httptest.Server
	clientID string
	secret   string // when set, HTTP Basic client authentication is required
	grant    string // the grant_type every request must carry

	requests atomic.Int64

	mu    sync.Mutex
	forms []url.Values
	// respond, when set, chooses the answer to request n.
	respond func(n int64, form url.Values) (status int, body any)
}

func newTokenServer(t *testing.T, grant, clientID, secret string) *tokenServer {
	t.Helper()
	ts := &tokenServer{t: t, clientID: clientID, secret: secret, grant: grant}
	ts.srv = httptest.NewServer(http.HandlerFunc(ts.serve))
	t.Cleanup(ts.srv.Close)
	return ts
}

// tokenBody is a successful token answer for request n.
func tokenBody(n int64, refreshToken string) map[string]any {
	b := map[string]any{
		"access_token":    "at-" + strconv.FormatInt(n, 10),
		"expires_in":      3600,
		"resource_server": "transfer.api.globus.org",
		"scope":           "urn:globus:auth:scope:transfer.api.globus.org:all",
		"token_type":      "Bearer",
	}
	if refreshToken != "" {
		b["refresh_token"] = refreshToken
	}
	return b
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	n := ts.requests.Add(1)
	fail := func(format string, args ...any) {
		ts.t.Errorf("token request %d: "+format, append([]any{n}, args...)...)
		testsupport.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request"})
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v2/oauth2/token" {
		fail("got %s %s, want POST /v2/oauth2/token", r.Method, r.URL.Path)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		fail("Content-Type %q", ct)
		return
	}
	if err := r.ParseForm(); err != nil {
		fail("bad form: %v", err)
		return
	}
	form := r.PostForm
	if ts.secret != "" {
		id, secret, ok := r.BasicAuth()
		if !ok || id != ts.clientID || secret != ts.secret {
			fail("missing or wrong HTTP Basic client authentication")
			return
		}
	} else if got := form.Get("client_id"); got != ts.clientID {
		fail("client_id %q, want %q", got, ts.clientID)
		return
	}
	if got := form.Get("grant_type"); got != ts.grant {
		fail("grant_type %q, want %q", got, ts.grant)
		return
	}
	ts.mu.Lock()
	ts.forms = append(ts.forms, form)
	ts.mu.Unlock()
	status, body := http.StatusOK, any(tokenBody(n, ""))
	if ts.respond != nil {
		status, body = ts.respond(n, form)
	}
	testsupport.WriteJSON(w, status, body)
}

// formValues returns the values of key in every request received so far.
func (ts *tokenServer) formValues(key string) []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var out []string
	for _, f := range ts.forms {
		out = append(out, f.Get(key))
	}
	return out
}

// tokenEndpointError is the test login client's error for a non-200 answer.
type tokenEndpointError struct {
	Status int
	Code   string
}

func (e *tokenEndpointError) Error() string {
	return fmt.Sprintf("token endpoint answered HTTP %d (%s)", e.Status, e.Code)
}

// testLoginClient reaches the token endpoint through the generated client,
// as the auth package's login clients do. With a secret it authenticates
// with HTTP Basic (a confidential client); without, it sends client_id in
// the form (a native app).
type testLoginClient struct {
	c        *authapi.Client
	clientID string
	basic    authorizers.Authorizer
}

func newLoginClient(t *testing.T, ts *tokenServer) *testLoginClient {
	t.Helper()
	c, err := authapi.NewClient(ts.srv.URL, authapi.WithHTTPClient(ts.srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	lc := &testLoginClient{c: c, clientID: ts.clientID}
	if ts.secret != "" {
		lc.basic = authorizers.NewBasicAuthorizer(ts.clientID, ts.secret)
	}
	return lc
}

func (lc *testLoginClient) RefreshTokens(ctx context.Context, refreshToken string) (authorizers.TokenData, error) {
	toks, err := lc.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
	if err != nil {
		return authorizers.TokenData{}, err
	}
	return toks[0], nil
}

func (lc *testLoginClient) ClientCredentialsTokens(ctx context.Context, scopes []string) ([]authorizers.TokenData, error) {
	return lc.token(ctx, url.Values{"grant_type": {"client_credentials"}, "scope": {strings.Join(scopes, " ")}})
}

// tokenData converts one token of an answer to a request sent at sent.
func tokenData(t authapi.Token, sent time.Time) authorizers.TokenData {
	td := authorizers.TokenData{
		AccessToken:    t.AccessToken,
		ExpiresAt:      sent.Add(time.Duration(t.ExpiresIn) * time.Second).Round(0),
		Scope:          t.Scope,
		ResourceServer: t.ResourceServer,
		TokenType:      t.TokenType,
		RefreshToken:   t.RefreshToken,
	}
	return td
}

// token sends form to the token endpoint and returns one token per
// resource server of the answer, the top-level one first. It encodes the
// form itself: the raw client's typed form method would format the
// globus.Secret fields of authapi.TokenRequest redacted.
func (lc *testLoginClient) token(ctx context.Context, form url.Values) ([]authorizers.TokenData, error) {
	var editors []authapi.RequestEditorFn
	if lc.basic != nil {
		editors = append(editors, authorizers.RequestEditor(lc.basic))
	} else {
		form.Set("client_id", lc.clientID)
	}
	sent := time.Now()
	resp, err := lc.c.Oauth2TokenWithBody(ctx, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), editors...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		e := &tokenEndpointError{Status: resp.StatusCode}
		var doc authapi.ErrorResponse
		if json.NewDecoder(resp.Body).Decode(&doc) == nil && doc.Error != "" {
			e.Code = doc.Error
		}
		return nil, e
	}
	var res authapi.TokenGrantResult
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return nil, err
	}
	tr, err := res.AsTokenResponse()
	if err != nil {
		return nil, err
	}
	out := []authorizers.TokenData{tokenData(authapi.Token{
		AccessToken:    tr.AccessToken,
		ExpiresIn:      tr.ExpiresIn,
		RefreshToken:   tr.RefreshToken,
		ResourceServer: tr.ResourceServer,
		Scope:          tr.Scope,
		TokenType:      tr.TokenType,
	}, sent)}
	for _, t := range tr.OtherTokens {
		out = append(out, tokenData(t, sent))
	}
	return out, nil
}

// header returns the Authorization header a sets, failing the test on error.
func header(t *testing.T, a authorizers.Authorizer) string {
	t.Helper()
	h := http.Header{}
	if err := a.SetAuthorizationHeader(context.Background(), h); err != nil {
		t.Fatalf("SetAuthorizationHeader: %v", err)
	}
	return h.Get("Authorization")
}

// refreshSetup is a native-app token server with its login client.
func refreshSetup(t *testing.T) (*tokenServer, *testLoginClient) {
	t.Helper()
	ts := newTokenServer(t, "refresh_token", "native-client-id", "")
	return ts, newLoginClient(t, ts)
}
