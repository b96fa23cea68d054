package auth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/spectest"
	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

// hit is one request a fakeAuth server received.
type hit = testsupport.Request

// inProcessURL is the base URL of an in-process fakeAuth. No request to it
// leaves the process.
const inProcessURL = "https://auth.globus.invalid"

// fakeAuth is a Globus Auth on httptest. Every request and response passes
// through the validator of api/auth.yaml, whose complaints fail the test.
// Handlers are registered per test with handle.
type fakeAuth struct {
	t       testing.TB
	mux     *http.ServeMux
	handler http.Handler     // spec validation, recording, then mux
	srv     *httptest.Server // nil for an in-process fake
	rec     testsupport.Recorder
}

// newFakeAuth starts a fakeAuth on a loopback server.
func newFakeAuth(t testing.TB) *fakeAuth {
	t.Helper()
	f := newInProcessAuth(t)
	f.srv = httptest.NewServer(f.handler)
	t.Cleanup(f.srv.Close)
	return f
}

// newInProcessAuth returns a fakeAuth without a server: clients reach it
// at inProcessURL through f.client, on the calling goroutine. Tests inside
// a testing/synctest bubble use it, since the bubble does not see a
// goroutine blocked on a loopback connection as durably blocked.
func newInProcessAuth(t testing.TB) *fakeAuth {
	t.Helper()
	v, err := spectest.Auth()
	if err != nil {
		t.Fatalf("loading the Auth spec: %v", err)
	}
	f := &fakeAuth{t: t, mux: http.NewServeMux()}
	f.handler = v.Middleware(f.rec.Wrap(f.mux), func(err error) { t.Errorf("spec violation: %v", err) })
	return f
}

func (f *fakeAuth) URL() string {
	if f.srv == nil {
		return inProcessURL
	}
	return f.srv.URL
}

// options are the auth client options that reach f, and send tok as the
// bearer token when tok is not empty.
func (f *fakeAuth) options(tok string) []auth.Option {
	opts := []auth.Option{auth.WithBaseURL(f.URL())}
	if f.srv == nil {
		opts = append(opts, auth.WithTransport(testsupport.HandlerTransport{Handler: f.handler}))
	}
	if tok != "" {
		opts = append(opts, auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(tok)))
	}
	return opts
}

func (f *fakeAuth) handle(pattern string, h http.HandlerFunc) { f.mux.HandleFunc(pattern, h) }

// requests returns a copy of the requests received so far.
func (f *fakeAuth) requests() []hit { return f.rec.Requests() }

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
