// Package testsupport holds the helpers that the tests of several packages
// of the module share: a TestMain that fails on leaked goroutines, a JSON
// answer writer, a request recorder, an in-process HTTP transport for tests
// that run inside a testing/synctest bubble, and small generic helpers.
//
// Only _test.go files import it; it is internal, so that nothing outside the
// module can.
package testsupport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Main runs the tests of m and fails the run when any goroutine is left
// behind once they are done: a server, a connection, a background token
// renewal or a poller. Call it from TestMain.
func Main(m *testing.M) { goleak.VerifyTestMain(m) }

// WriteJSON answers with status and body as application/json. A string or
// []byte body is sent as it is (it holds JSON already); any other value is
// encoded.
func WriteJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := body.(type) {
	case string:
		_, _ = io.WriteString(w, b)
	case []byte:
		_, _ = w.Write(b)
	default:
		_ = json.NewEncoder(w).Encode(b)
	}
}

// Request is one request as a [Recorder] saw it.
type Request struct {
	Method string
	Path   string
	Query  string // the raw query, without "?"
	Auth   string // the Authorization header
	Header http.Header
	Body   []byte
}

// Recorder keeps the requests that reach a test server. Its zero value is
// ready to use, and it is safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

// Record notes r and returns what it noted. It reads r's body and puts back
// a copy, so that handlers after it read the body as it came.
func (rec *Recorder) Record(r *http.Request) Request {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	q := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization"), Header: r.Header.Clone(), Body: body}
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, q)
	rec.mu.Unlock()
	return q
}

// Wrap returns a handler that records each request, then passes it to h.
func (rec *Recorder) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.Record(r)
		h.ServeHTTP(w, r)
	})
}

// Requests returns a copy of the requests recorded so far, oldest first.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Request(nil), rec.reqs...)
}

// Len returns how many requests were recorded.
func (rec *Recorder) Len() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

// HandlerTransport is an [http.RoundTripper] that serves each request with
// Handler, in process, without a network. Inside a testing/synctest
// bubble, where a goroutine blocked on a loopback connection does not count
// as durably blocked, it lets a test drive a client and its fake server on
// fake time: a handler blocked on a channel is durably blocked, and
// synctest.Wait sees it.
//
// The handler runs on a goroutine of its own with the request's context,
// as with a real server: when the context ends first, RoundTrip returns its
// error at once and the handler, which sees the context end, finishes
// unobserved. Otherwise the response is what the handler wrote, once it
// returned.
type HandlerTransport struct {
	// Handler answers every request.
	Handler http.Handler
}

// RoundTrip serves req with t.Handler.
func (t HandlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI = req.URL.RequestURI()
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.Handler.ServeHTTP(rec, in)
	}()
	select {
	case <-done:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	res := rec.Result()
	res.Request = req
	return res, nil
}

// Client returns an HTTP client that serves every request with h in
// process (see [HandlerTransport]).
func Client(h http.Handler) *http.Client {
	return &http.Client{Transport: HandlerTransport{Handler: h}}
}

// Context returns a context that ends after d or when the test ends,
// whichever comes first.
func Context(t testing.TB, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// Ptr returns a pointer to a copy of v.
func Ptr[T any](v T) *T { return &v }

// Deref returns *p, or the zero value when p is nil.
func Deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// DocumentType returns the type of the document that the method of the
// client type C (such as *transfer.Client) for the operation op returns,
// or nil when there is no such method or it returns no document.
func DocumentType[C any](op string) reflect.Type {
	if op == "" {
		return nil
	}
	m, ok := MethodFor(reflect.TypeFor[C](), op)
	if !ok || m.Type.NumOut() != 2 || m.Type.Out(0).Kind() != reflect.Pointer {
		return nil
	}
	return m.Type.Out(0).Elem()
}

// MethodFor returns the method of t named after the operationId op: the
// one whose name equals op but for case, as GetSubmissionID is named after
// getSubmissionId (the generator spells initialisms the Go way).
func MethodFor(t reflect.Type, op string) (reflect.Method, bool) {
	for i := range t.NumMethod() {
		if m := t.Method(i); strings.EqualFold(m.Name, op) {
			return m, true
		}
	}
	return reflect.Method{}, false
}
