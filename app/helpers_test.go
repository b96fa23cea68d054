package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/transfer"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

const (
	nativeID     = "3f0a9c2e-6a55-4c1e-9b1b-5b2f8a6d7e01"
	serviceID    = "8d2c1b7a-0e4f-4a3b-8c9d-1f2e3d4c5b6a"
	serviceKey   = "fake-service-secret-XYZ"
	collectionID = "a6f165fa-aee2-4fe5-95f3-97429c28bf82"
	groupsRS     = "groups.api.globus.org"
	groupsAll    = "urn:globus:auth:scope:groups.api.globus.org:all"
)

// world is a started fake with a native client, a confidential client and
// one collection.
type world struct {
	fake *fakeglobus.Server
}

func newWorld(t *testing.T) *world {
	t.Helper()
	fake := fakeglobus.Start(t, fakeglobus.Options{Seed: 11})
	for _, err := range []error{
		fake.AddClient(fakeglobus.Client{ID: nativeID}),
		fake.AddClient(fakeglobus.Client{ID: serviceID, Secret: serviceKey}),
		fake.AddCollection(collectionID, "App Test Collection"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return &world{fake: fake}
}

// browser plays the user's browser: it GETs the authorize URL from the
// fake, whose page logs the user in and redirects, and follows the redirect
// to the app's loopback listener, over real HTTP. It records the URLs it
// was sent to and the page it ended on.
type browser struct {
	t      *testing.T
	edit   func(u *url.URL) // changes the authorize URL before the visit
	mu     sync.Mutex
	urls   []string
	pages  []string
	status []int
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	b := &browser{t: t, client: &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}}
	t.Cleanup(b.client.CloseIdleConnections)
	return b
}

func (b *browser) open(raw string) error {
	b.mu.Lock()
	b.urls = append(b.urls, raw)
	b.mu.Unlock()
	if b.edit != nil {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		b.edit(u)
		raw = u.String()
	}
	resp, err := b.client.Get(raw)
	if err != nil {
		b.t.Errorf("browser: %v", err)
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.mu.Lock()
	b.pages = append(b.pages, string(body))
	b.status = append(b.status, resp.StatusCode)
	b.mu.Unlock()
	b.client.CloseIdleConnections()
	return nil
}

func (b *browser) visits() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.urls)
}

func (b *browser) last() (authorizeURL *url.URL, page string, status int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.urls) == 0 {
		b.t.Fatal("the browser was never opened")
	}
	u, err := url.Parse(b.urls[len(b.urls)-1])
	if err != nil {
		b.t.Fatal(err)
	}
	if len(b.pages) > 0 {
		page, status = b.pages[len(b.pages)-1], b.status[len(b.status)-1]
	}
	return u, page, status
}

// userApp builds a UserApp against the fake, with a JSON file in a
// temporary directory unless opts give another storage.
func (w *world) userApp(t *testing.T, path string, b *browser, opts ...app.Option) *app.UserApp {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "tokens.json")
	}
	base := []app.Option{
		app.WithTokenPath(path),
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithAuthOptions(auth.WithBaseURL(w.fake.AuthURL())),
		app.WithLoginFlow(app.LocalServerFlow),
		app.WithPrompt(nil, io.Discard),
		app.WithLoginTimeout(20 * time.Second),
	}
	if b != nil {
		base = append(base, app.WithBrowser(b.open))
	}
	a, err := app.NewUserApp("App Test", nativeID, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// getEndpoint calls Transfer on the fake with authz.
func (w *world) getEndpoint(t *testing.T, authz authorizers.Authorizer) error {
	t.Helper()
	tc, err := transfer.NewClient(transfer.WithBaseURL(w.fake.TransferURL()), transfer.WithAuthorizer(authz))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tc.GetEndpoint(context.Background(), collectionID, nil)
	return err
}

// introspect asks the fake, as the confidential client, whether token is
// active.
func (w *world) introspect(t *testing.T, token string) bool {
	t.Helper()
	cc, err := auth.NewConfidentialAppClient(serviceID, serviceKey, auth.WithBaseURL(w.fake.AuthURL()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := cc.Introspect(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return res.Active
}

// idTokens is an HTTP transport that adds an id_token for identity sub to
// the fake's token answers whose top-level token is for auth.globus.org,
// as Globus Auth does when openid was asked for. (The fake of this branch
// issues no id_token; the app only reads its sub.)
type idTokens struct {
	mu   sync.Mutex
	sub  string
	base http.RoundTripper
}

func (it *idTokens) setSub(sub string) {
	it.mu.Lock()
	it.sub = sub
	it.mu.Unlock()
}

func (it *idTokens) RoundTrip(req *http.Request) (*http.Response, error) {
	base := it.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || req.URL.Path != "/v2/oauth2/token" || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if doc["resource_server"] == auth.ResourceServer {
		it.mu.Lock()
		sub := it.sub
		it.mu.Unlock()
		now := time.Now()
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"sub": sub, "aud": nativeID, "iss": "https://auth.globus.org",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		}).SignedString([]byte("test-only-key"))
		if err != nil {
			return nil, err
		}
		doc["id_token"] = tok
	}
	if body, err = json.Marshal(doc); err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// codeOf returns the code and state of the redirect URL that the fake
// sends the browser to for authorizeURL.
func (w *world) codeOf(t *testing.T, authorizeURL string) (code, redirect string) {
	t.Helper()
	loc, err := w.fake.Login(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	u.RawQuery = ""
	return q.Get("code"), u.String()
}

// mustIs fails t unless err matches target.
func mustIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want one wrapping %v", err, target)
	}
}

func noSecret(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%q shows a secret", fmt.Sprint(text))
		}
	}
}

// fakeglobusUnavailable is a fault that answers 503 to every request of
// the operation op.
func fakeglobusUnavailable(op string) fakeglobus.Fault {
	return fakeglobus.Fault{Kind: fakeglobus.FaultUnavailable, OperationID: op}
}
