package authorizers_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// seen is one request as a resource server received it.
type seen struct {
	method, path, auth string
	body               []byte
}

// resourceServer records requests and answers 401 unless accept says the
// Authorization header is good.
type resourceServer struct {
	srv    *httptest.Server
	mu     sync.Mutex
	seen   []seen
	accept func(auth string) bool
}

func newResourceServer(t *testing.T, accept func(auth string) bool) *resourceServer {
	rs := &resourceServer{accept: accept}
	rs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		auth := r.Header.Get("Authorization")
		rs.mu.Lock()
		rs.seen = append(rs.seen, seen{r.Method, r.URL.Path, auth, body})
		rs.mu.Unlock()
		if !rs.accept(auth) {
			testsupport.WriteJSON(w, http.StatusUnauthorized, map[string]any{"code": "AuthenticationFailed"})
			return
		}
		testsupport.WriteJSON(w, http.StatusOK, map[string]any{"ok": true})
	}))
	t.Cleanup(rs.srv.Close)
	return rs
}

func (rs *resourceServer) requests() []seen {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]seen(nil), rs.seen...)
}

func TestRequestEditorWithGeneratedClient(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("Authorization"))
		mu.Unlock()
		testsupport.WriteJSON(w, http.StatusOK, map[string]any{"active": false})
	}))
	t.Cleanup(srv.Close)
	c, err := authapi.NewClient(srv.URL, authapi.WithHTTPClient(srv.Client()),
		authapi.WithRequestEditorFn(authorizers.RequestEditor(authorizers.NewBasicAuthorizer("id", "pw"))))
	if err != nil {
		t.Fatal(err)
	}
	// A per-call editor runs after the client's and can override it.
	for _, editors := range [][]authapi.RequestEditorFn{nil, {authorizers.RequestEditor(authorizers.NullAuthorizer{})}} {
		resp, err := c.Oauth2RevokeTokenWithFormdataBody(context.Background(), authapi.TokenRevokeRequest{Token: "x"}, editors...)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "Basic aWQ6cHc=" || got[1] != "" {
		t.Fatalf("headers %q", got)
	}
}

// remoteClient returns a client that sends every request, whatever its
// host, to rs: so a request to http://example.invalid reaches a real local
// server, as a request to a remote host would reach that host.
func remoteClient(t *testing.T, rs *resourceServer) *http.Client {
	t.Helper()
	addr := rs.srv.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// The editor's result keeps the shape of the generated editors.
var _ authapi.RequestEditorFn = authorizers.RequestEditor(authorizers.NullAuthorizer{})

func TestRequestEditorRefusesPlainHTTP(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return true })
	hc := remoteClient(t, rs)
	call := func(base string, editor authapi.RequestEditorFn) error {
		t.Helper()
		c, err := authapi.NewClient(base, authapi.WithHTTPClient(hc), authapi.WithRequestEditorFn(editor))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.GetJwk(context.Background())
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
		return err
	}
	tok := authorizers.NewAccessTokenAuthorizer("secret-token")

	err := call("http://example.invalid", authorizers.RequestEditor(tok))
	if !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("got %v, want ErrInsecureTransport", err)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Fatal("error shows the token")
	}
	if got := rs.requests(); len(got) != 0 {
		t.Fatalf("the server got %d requests; want none", len(got))
	}

	// Allowed explicitly, to loopback, or without a credential, it is sent.
	if err := call("http://example.invalid", authorizers.RequestEditor(tok, authorizers.AllowInsecureHTTP())); err != nil {
		t.Fatal(err)
	}
	if err := call(rs.srv.URL, authorizers.RequestEditor(tok)); err != nil {
		t.Fatal(err)
	}
	if err := call("http://example.invalid", authorizers.RequestEditor(authorizers.NullAuthorizer{})); err != nil {
		t.Fatal(err)
	}
	if err := call("http://example.invalid", authorizers.RequestEditor(nil)); err != nil {
		t.Fatal(err)
	}
	got := rs.requests()
	want := []string{"Bearer secret-token", "Bearer secret-token", "", ""}
	if len(got) != len(want) {
		t.Fatalf("the server got %d requests; want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].auth != w {
			t.Errorf("request %d: Authorization %q; want %q", i, got[i].auth, w)
		}
	}
}

// TestEditorRefusesBeforeFetchingToken: the request editor refuses a
// plain-http request to a remote host before a renewing authorizer fetches
// a token for it.
func TestEditorRefusesBeforeFetchingToken(t *testing.T) {
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		fetches.Add(1)
		return authorizers.TokenData{AccessToken: "fetched", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/x", nil)
	req.Header.Set("Authorization", "Bearer leftover")
	if err := authorizers.RequestEditor(a)(req.Context(), req); !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("editor: got %v, want ErrInsecureTransport", err)
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("the refused editor left a header")
	}
	if n := fetches.Load(); n != 0 {
		t.Fatalf("%d token fetches for a refused request; want 0", n)
	}
}
