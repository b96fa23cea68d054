package authorizers_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
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
			writeJSON(w, http.StatusUnauthorized, map[string]any{"code": "AuthenticationFailed"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	}))
	t.Cleanup(rs.srv.Close)
	return rs
}

func (rs *resourceServer) requests() []seen {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]seen(nil), rs.seen...)
}

func do(t *testing.T, d authorizers.Doer, method, url string, body io.Reader) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := d.Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp
}

func TestDoerRetries401OnceWithSameBody(t *testing.T) {
	ts, lc := refreshSetup(t)
	rs := newResourceServer(t, func(auth string) bool { return auth == "Bearer at-2" })
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	d := authorizers.NewDoer(a, rs.srv.Client())

	payload := []byte(`{"DATA_TYPE":"transfer","DATA":[{"source_path":"/a"}]}`)
	resp := do(t, d, http.MethodPost, rs.srv.URL+"/v0.10/transfer", bytes.NewReader(payload))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200 after the retry", resp.StatusCode)
	}
	got := rs.requests()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2", len(got))
	}
	if got[0].auth != "Bearer at-1" || got[1].auth != "Bearer at-2" {
		t.Fatalf("headers %q then %q, want at-1 then at-2", got[0].auth, got[1].auth)
	}
	for i, r := range got {
		if r.method != http.MethodPost || !bytes.Equal(r.body, payload) {
			t.Fatalf("attempt %d: %s with body %q, want POST with %q", i+1, r.method, r.body, payload)
		}
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestDoerNeverRetriesTwice(t *testing.T) {
	ts, lc := refreshSetup(t)
	rs := newResourceServer(t, func(string) bool { return false })
	d := authorizers.NewDoer(authorizers.NewRefreshTokenAuthorizer("rt-0", lc), nil)
	resp := do(t, d, http.MethodGet, rs.srv.URL+"/x", nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d, want the second 401", resp.StatusCode)
	}
	if n := len(rs.requests()); n != 2 {
		t.Fatalf("%d requests, want exactly 2", n)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestDoerStaticAuthorizersNeverRetry(t *testing.T) {
	for _, a := range []authorizers.Authorizer{
		authorizers.NullAuthorizer{},
		authorizers.NewAccessTokenAuthorizer("static-token"),
		authorizers.NewBasicAuthorizer("user", "pass"),
	} {
		rs := newResourceServer(t, func(string) bool { return false })
		resp := do(t, authorizers.NewDoer(a, rs.srv.Client()), http.MethodGet, rs.srv.URL+"/x", nil)
		if resp.StatusCode != http.StatusUnauthorized || len(rs.requests()) != 1 {
			t.Errorf("%T: status %d after %d requests, want one 401", a, resp.StatusCode, len(rs.requests()))
		}
		if a.HandleMissingAuthorization(context.Background()) {
			t.Errorf("%T: HandleMissingAuthorization reported true", a)
		}
	}
}

func TestDoerDoesNotRetryUnreplayableBody(t *testing.T) {
	_, lc := refreshSetup(t)
	rs := newResourceServer(t, func(auth string) bool { return auth == "Bearer at-2" })
	d := authorizers.NewDoer(authorizers.NewRefreshTokenAuthorizer("rt-0", lc), rs.srv.Client())
	// A plain io.Reader gives the request no GetBody.
	body := io.MultiReader(strings.NewReader("once"))
	resp := do(t, d, http.MethodPut, rs.srv.URL+"/x", body)
	if resp.StatusCode != http.StatusUnauthorized || len(rs.requests()) != 1 {
		t.Fatalf("status %d after %d requests, want one 401", resp.StatusCode, len(rs.requests()))
	}
}

func TestDoer401BurstRenewsOnce(t *testing.T) {
	ts, lc := refreshSetup(t)
	rs := newResourceServer(t, func(auth string) bool { return auth != "Bearer at-1" })
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	d := authorizers.NewDoer(a, rs.srv.Client())
	const n = 50
	var wg sync.WaitGroup
	codes := make(chan int, n)
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodGet, rs.srv.URL+"/x", nil)
			resp, err := d.Do(req)
			if err != nil {
				t.Errorf("Do: %v", err)
				return
			}
			_ = resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Fatalf("a request ended with %d, want 200", c)
		}
	}
	if got := ts.requests.Load(); got != 2 {
		t.Fatalf("%d token requests for a burst of 401s on one token, want 2 (first token + one renewal)", got)
	}
}

func TestDoerRenewalErrorStopsRequest(t *testing.T) {
	ts, lc := refreshSetup(t)
	ts.respond = func(int64, url.Values) (int, any) {
		return http.StatusBadRequest, map[string]any{"error": "invalid_grant"}
	}
	rs := newResourceServer(t, func(string) bool { return true })
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL+"/x", nil)
	_, err := authorizers.NewDoer(authorizers.NewRefreshTokenAuthorizer("rt-0", lc), nil).Do(req)
	var re *authorizers.RenewalError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a *RenewalError", err)
	}
	if n := len(rs.requests()); n != 0 {
		t.Fatalf("%d requests reached the resource server without a token", n)
	}
}

func TestDoerRedirects(t *testing.T) {
	other := newResourceServer(t, func(string) bool { return true })
	// other listens on 127.0.0.1; reach it as localhost, another Host.
	otherURL, _ := url.Parse(other.srv.URL)
	otherURL.Host = "localhost:" + otherURL.Port()

	var mu sync.Mutex
	var sameHostAuth []string
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cross":
			http.Redirect(w, r, otherURL.String()+"/landed", http.StatusFound)
		case "/other-port":
			// Same host name, other port: net/http alone would keep the
			// header here.
			http.Redirect(w, r, other.srv.URL+"/landed", http.StatusFound)
		case "/same":
			http.Redirect(w, r, "/landed", http.StatusFound)
		case "/landed":
			mu.Lock()
			sameHostAuth = append(sameHostAuth, r.Header.Get("Authorization"))
			mu.Unlock()
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(origin.Close)

	for _, next := range []authorizers.Doer{nil, &http.Client{}} {
		d := authorizers.NewDoer(authorizers.NewAccessTokenAuthorizer("secret-token"), next)
		if resp := do(t, d, http.MethodGet, origin.URL+"/cross", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("cross-host: status %d", resp.StatusCode)
		}
		if resp := do(t, d, http.MethodGet, origin.URL+"/other-port", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("other port: status %d", resp.StatusCode)
		}
		if resp := do(t, d, http.MethodGet, origin.URL+"/same", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("same-host: status %d", resp.StatusCode)
		}
	}
	got := other.requests()
	if len(got) != 4 {
		t.Fatalf("%d requests reached the other host, want 4", len(got))
	}
	for _, r := range got {
		if r.auth != "" {
			t.Fatalf("the other host received Authorization %q", r.auth)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sameHostAuth) != 2 || sameHostAuth[0] != "Bearer secret-token" || sameHostAuth[1] != "Bearer secret-token" {
		t.Fatalf("same-host redirect headers %q, want the token kept", sameHostAuth)
	}
	// A caller's own redirect policy still applies.
	stop := errors.New("no redirects")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return stop }}
	req, _ := http.NewRequest(http.MethodGet, origin.URL+"/same", nil)
	if _, err := authorizers.NewDoer(authorizers.NullAuthorizer{}, c).Do(req); !errors.Is(err, stop) {
		t.Fatalf("got %v, want the caller's redirect error", err)
	}
}

func TestDoerRefusesBearerOverPlainHTTP(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/v0.10/task_list", nil)
	_, err := authorizers.NewDoer(authorizers.NewAccessTokenAuthorizer("secret-token"), nil).Do(req)
	if !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("got %v, want ErrInsecureTransport", err)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Fatal("error shows the token")
	}

	// AllowInsecureHTTP sends it; a dialer that maps example.invalid to a
	// local server shows what arrives.
	rs := newResourceServer(t, func(string) bool { return true })
	addr := rs.srv.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	d := authorizers.NewDoer(authorizers.NewAccessTokenAuthorizer("secret-token"), &http.Client{Transport: tr}, authorizers.AllowInsecureHTTP())
	if resp := do(t, d, http.MethodGet, "http://example.invalid/v0.10/task_list", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := rs.requests(); len(got) != 1 || got[0].auth != "Bearer secret-token" {
		t.Fatalf("requests %v", got)
	}
	// Without a credential nothing is refused.
	d = authorizers.NewDoer(authorizers.NullAuthorizer{}, &http.Client{Transport: tr})
	if resp := do(t, d, http.MethodGet, "http://example.invalid/x", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestRequestEditorWithGeneratedClient(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("Authorization"))
		mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"active": false})
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

// countingTransport stands for instrumentation that replaces
// http.DefaultTransport: it counts the requests it passes on.
type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestDefaultHTTPClientWithReplacedDefaultTransport(t *testing.T) {
	rs := newResourceServer(t, func(auth string) bool { return auth == "Bearer tok" })
	orig := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = orig })
	var n atomic.Int64
	inner := orig.(*http.Transport).Clone()
	t.Cleanup(inner.CloseIdleConnections)
	http.DefaultTransport = countingTransport{next: inner, n: &n}

	c := authorizers.DefaultHTTPClient()
	if c.CheckRedirect == nil {
		t.Error("no redirect guard")
	}
	// NewDoer without a client builds the default one too; the request
	// goes through the replacement transport.
	d := authorizers.NewDoer(authorizers.NewAccessTokenAuthorizer("tok"), nil)
	if resp := do(t, d, http.MethodGet, rs.srv.URL+"/x", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n.Load() != 1 {
		t.Fatalf("the replacement transport saw %d requests; want 1", n.Load())
	}

	// A nil http.DefaultTransport still gives a working client.
	http.DefaultTransport = nil
	c = authorizers.DefaultHTTPClient()
	t.Cleanup(c.CloseIdleConnections)
	resp, err := c.Get(rs.srv.URL + "/y")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
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

// headerAuthorizer is an authorizer from outside the package that sets a
// fixed header (or none, when it is empty).
type headerAuthorizer struct{ h string }

func (a headerAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	if a.h == "" {
		h.Del("Authorization")
	} else {
		h.Set("Authorization", a.h)
	}
	return nil
}

func (headerAuthorizer) HandleMissingAuthorization(context.Context) bool { return false }

func TestPlainHTTPRefusedBeforeFetchingToken(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return true })
	hc := remoteClient(t, rs)
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		fetches.Add(1)
		return authorizers.TokenData{AccessToken: "fetched", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/x", nil)
	if _, err := authorizers.NewDoer(a, hc).Do(req); !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("Doer: got %v, want ErrInsecureTransport", err)
	}
	req, _ = http.NewRequest(http.MethodGet, "http://example.invalid/x", nil)
	if err := authorizers.RequestEditor(a)(req.Context(), req); !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("editor: got %v, want ErrInsecureTransport", err)
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("the refused editor left a header")
	}
	if n := fetches.Load(); n != 0 {
		t.Fatalf("%d token fetches for refused requests; want 0", n)
	}

	// An authorizer from elsewhere is asked; only a header it sets is
	// refused.
	req, _ = http.NewRequest(http.MethodGet, "http://example.invalid/x", nil)
	if _, err := authorizers.NewDoer(headerAuthorizer{"Bearer other"}, hc).Do(req); !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("got %v, want ErrInsecureTransport", err)
	}
	if resp := do(t, authorizers.NewDoer(headerAuthorizer{}, hc), http.MethodGet, "http://example.invalid/y", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := rs.requests(); len(got) != 1 || got[0].path != "/y" || got[0].auth != "" {
		t.Fatalf("requests %v", got)
	}
}

func TestRenewalAllowanceIsShared(t *testing.T) {
	ts, lc := refreshSetup(t)
	// Every token is rejected, so each Do would renew once on its own.
	rs := newResourceServer(t, func(string) bool { return false })
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	d := authorizers.NewDoer(a, rs.srv.Client())
	send := func(ctx context.Context) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, rs.srv.URL+"/x", nil)
		resp, err := d.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}

	// Three sends under one allowance: one renewal among them.
	ctx := authorizers.WithRenewalAllowance(context.Background())
	for range 3 {
		send(ctx)
	}
	if n, m := ts.requests.Load(), len(rs.requests()); n != 2 || m != 4 {
		t.Fatalf("%d token requests and %d resource requests; want 2 and 4", n, m)
	}

	// A fresh allowance, and a context without one, each allow one more.
	send(authorizers.WithRenewalAllowance(ctx))
	send(context.Background())
	if n, m := ts.requests.Load(), len(rs.requests()); n != 4 || m != 8 {
		t.Fatalf("%d token requests and %d resource requests; want 4 and 8", n, m)
	}
}

func TestNewDoerNilClientMeansDefault(t *testing.T) {
	rs := newResourceServer(t, func(auth string) bool { return auth == "Bearer tok" })
	for _, next := range []authorizers.Doer{nil, (*http.Client)(nil)} {
		d := authorizers.NewDoer(authorizers.NewAccessTokenAuthorizer("tok"), next)
		if resp := do(t, d, http.MethodGet, rs.srv.URL+"/x", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%T: status %d", next, resp.StatusCode)
		}
	}
	rs.srv.CloseClientConnections()
}
