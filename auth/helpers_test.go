package auth_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/internal/spectest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// hit is one request a fakeAuth server received.
type hit struct {
	Method string
	Path   string
	Query  string
	Auth   string
	Body   []byte
}

// fakeAuth is a Globus Auth on httptest. Every request and response passes
// through the validator of api/auth.yaml, whose complaints fail the test.
// Handlers are registered per test with handle.
type fakeAuth struct {
	t   testing.TB
	mux *http.ServeMux
	srv *httptest.Server

	mu   sync.Mutex
	hits []hit
}

func newFakeAuth(t testing.TB) *fakeAuth {
	t.Helper()
	v, err := spectest.Auth()
	if err != nil {
		t.Fatalf("loading the Auth spec: %v", err)
	}
	f := &fakeAuth{t: t, mux: http.NewServeMux()}
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		f.hits = append(f.hits, hit{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body})
		f.mu.Unlock()
		f.mux.ServeHTTP(w, r)
	})
	f.srv = httptest.NewServer(v.Middleware(record, func(err error) { t.Errorf("spec violation: %v", err) }))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAuth) URL() string { return f.srv.URL }

func (f *fakeAuth) handle(pattern string, h http.HandlerFunc) { f.mux.HandleFunc(pattern, h) }

// requests returns a copy of the requests received so far.
func (f *fakeAuth) requests() []hit {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]hit(nil), f.hits...)
}

// writeJSON answers with status and body; a string body is sent as is.
func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := body.(type) {
	case string:
		_, _ = io.WriteString(w, b)
	default:
		_ = json.NewEncoder(w).Encode(b)
	}
}

// specOp is one operation of api/auth.yaml.
type specOp struct {
	ID, Method, Path string
	re               *regexp.Regexp
}

// matches reports whether a request path fits the operation's template.
func (o specOp) matches(method, path string) bool {
	return o.Method == method && o.re.MatchString(path)
}

// authOps lists every operation of api/auth.yaml, keyed by operationId.
func authOps(t testing.TB) map[string]specOp {
	t.Helper()
	v, err := spectest.Auth()
	if err != nil {
		t.Fatalf("loading the Auth spec: %v", err)
	}
	out := map[string]specOp{}
	for path, item := range v.Doc().Paths.Map() {
		for method, op := range item.Operations() {
			pat := regexp.QuoteMeta(path)
			pat = regexp.MustCompile(`\\\{[^}]*\\\}`).ReplaceAllString(pat, `[^/]+`)
			out[op.OperationID] = specOp{ID: op.OperationID, Method: method, Path: path, re: regexp.MustCompile("^" + pat + "$")}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// secretsIn returns the secrets that appear in s.
func secretsIn(s string, secrets ...string) []string {
	var found []string
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			found = append(found, sec)
		}
	}
	return found
}

// mustClient returns an auth.Client built with opts.
func mustClient(t testing.TB, opts ...auth.Option) *auth.Client {
	t.Helper()
	c, err := auth.NewClient(opts...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// asAPIError fails the test unless err is a *globus.APIError.
func asAPIError(t testing.TB, err error) *globus.APIError {
	t.Helper()
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not a *globus.APIError", err, err)
	}
	return apiErr
}
