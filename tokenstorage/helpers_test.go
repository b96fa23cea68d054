package tokenstorage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/tokenstorage"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

// storage is what every storage of the package implements.
type storage interface {
	tokenstorage.Storage
	tokenstorage.Updater
}

// kind is one sort of storage; open is nil for memory.
type kind struct {
	name string
	ext  string
	open func(path string, opts ...tokenstorage.Option) (storage, error)
}

var kinds = []kind{
	{"memory", "", nil},
	{"json", ".json", func(p string, o ...tokenstorage.Option) (storage, error) { return tokenstorage.OpenJSON(p, o...) }},
	{"sqlite", ".db", func(p string, o ...tokenstorage.Option) (storage, error) { return tokenstorage.OpenSQLite(p, o...) }},
}

var fileKinds = kinds[1:]

// openKind opens a storage of k at path (memory ignores it) and closes it
// when the test ends.
func openKind(t testing.TB, k kind, path string, opts ...tokenstorage.Option) storage {
	t.Helper()
	var s storage
	if k.open == nil {
		s = tokenstorage.NewMemory(opts...)
	} else {
		var err error
		if s, err = k.open(path, opts...); err != nil {
			t.Fatalf("open %s: %v", k.name, err)
		}
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func tempPath(t testing.TB, k kind) string {
	return filepath.Join(t.TempDir(), "tokens"+k.ext)
}

const (
	idA      = "ae341a98-d274-11e5-b888-dbae3a8ba545"
	idB      = "b5fa6bd6-7e2a-4c2c-9a1b-2f8a1b7f0c11"
	rsAuth   = "auth.globus.org"
	rsXfer   = "transfer.api.globus.org"
	scopeXfr = "urn:globus:auth:scope:transfer.api.globus.org:all"
)

// token returns a token of rs valid for an hour.
func token(rs, at, rt, id string) authorizers.TokenData {
	return authorizers.TokenData{
		AccessToken:    globus.Secret(at),
		RefreshToken:   globus.Secret(rt),
		ExpiresAt:      time.Now().Add(time.Hour).Truncate(time.Second).UTC(),
		Scope:          "scope-of-" + rs,
		ResourceServer: rs,
		TokenType:      "Bearer",
		IdentityID:     id,
	}
}

// sameToken compares every field, the expiry to the second.
func sameToken(a, b authorizers.TokenData) bool {
	return a.AccessToken == b.AccessToken && a.RefreshToken == b.RefreshToken &&
		a.ExpiresAt.Unix() == b.ExpiresAt.Unix() && a.Scope == b.Scope &&
		a.ResourceServer == b.ResourceServer && a.TokenType == b.TokenType && a.IdentityID == b.IdentityID
}

func mustEqualToken(t testing.TB, got, want authorizers.TokenData) {
	t.Helper()
	if !sameToken(got, want) {
		t.Fatalf("token differs:\n got %s\nwant %s", describe(got), describe(want))
	}
}

// describe shows a token in full, for test failures only: the tokens of the
// tests are fake.
func describe(td authorizers.TokenData) string {
	return fmt.Sprintf("{at=%q rt=%q exp=%d scope=%q rs=%q type=%q id=%q}", td.AccessToken.Reveal(), td.RefreshToken.Reveal(),
		td.ExpiresAt.Unix(), td.Scope, td.ResourceServer, td.TokenType, td.IdentityID)
}

// tokenServer plays the Globus Auth token endpoint for the refresh_token
// grant: each refresh rotates the refresh token, and a refresh token that
// is not the current one is refused with invalid_grant, as Globus Auth
// refuses a rotated-away refresh token.
type tokenServer struct {
	*httptest.Server
	rs string

	mu       sync.Mutex
	n        int            // rotations so far
	current  string         // the one valid refresh token
	stale    []string       // refused refresh tokens
	byClient map[string]int // rotations by the X-Test-Client header
}

func newTokenServer(t testing.TB, rs, initial string) *tokenServer {
	s := &tokenServer{rs: rs, current: initial, byClient: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v2/oauth2/token" || r.ParseForm() != nil ||
		r.PostForm.Get("grant_type") != "refresh_token" {
		testsupport.WriteJSON(w, http.StatusBadRequest, `{"error":"invalid_request"}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt := r.PostForm.Get("refresh_token"); rt != s.current {
		s.stale = append(s.stale, rt)
		testsupport.WriteJSON(w, http.StatusBadRequest, `{"error":"invalid_grant"}`)
		return
	}
	s.n++
	s.byClient[r.Header.Get("X-Test-Client")]++
	s.current = "rt-" + strconv.Itoa(s.n)
	testsupport.WriteJSON(w, http.StatusOK, map[string]any{
		"access_token":    "at-" + strconv.Itoa(s.n),
		"refresh_token":   s.current,
		"expires_in":      3600,
		"resource_server": s.rs,
		"scope":           scopeXfr,
		"token_type":      "Bearer",
	})
}

func (s *tokenServer) state() (n int, current string, stale []string, byClient map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	by := make(map[string]int, len(s.byClient))
	for k, v := range s.byClient {
		by[k] = v
	}
	return s.n, s.current, append([]string(nil), s.stale...), by
}

// loginClient is an authorizers.LoginClient over plain net/http, against a
// tokenServer.
type loginClient struct {
	base string
	name string // sent as X-Test-Client
	hc   *http.Client
}

func newLoginClient(base, name string) *loginClient {
	return &loginClient{base: base, name: name, hc: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
}

func (c *loginClient) RefreshTokens(ctx context.Context, refreshToken string) (authorizers.TokenData, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v2/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return authorizers.TokenData{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Test-Client", c.name)
	sent := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return authorizers.TokenData{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	var body struct {
		AccessToken    globus.Secret `json:"access_token"`
		RefreshToken   globus.Secret `json:"refresh_token"`
		ExpiresIn      int64         `json:"expires_in"`
		ResourceServer string        `json:"resource_server"`
		Scope          string        `json:"scope"`
		TokenType      string        `json:"token_type"`
		Error          string        `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return authorizers.TokenData{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return authorizers.TokenData{}, &grantError{status: resp.StatusCode, code: body.Error}
	}
	return authorizers.TokenData{
		AccessToken:    body.AccessToken,
		RefreshToken:   body.RefreshToken,
		ExpiresAt:      sent.Add(time.Duration(body.ExpiresIn) * time.Second).Round(0),
		Scope:          body.Scope,
		ResourceServer: body.ResourceServer,
		TokenType:      body.TokenType,
	}, nil
}

type grantError struct {
	status int
	code   string
}

func (e *grantError) Error() string {
	return fmt.Sprintf("token endpoint: HTTP %d %s", e.status, e.code)
}

func isGrantError(err error, code string) bool {
	var ge *grantError
	return errors.As(err, &ge) && ge.code == code
}
