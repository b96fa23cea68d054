package transfer_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/internal/spectest"
	"github.com/globus-go/globus/transfer"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// apiPrefix is the path of the spec's server URL; the test servers serve
// the API under it, as Transfer does.
const apiPrefix = "/v0.10"

// fastRetries keeps retry tests quick while still going through the real
// backoff code.
var fastRetries = globus.RetryPolicy{BaseDelay: time.Millisecond, MaxSleep: 5 * time.Millisecond}

// newServer starts an httptest server that validates every request and
// response against api/transfer.yaml before and after h sees them, and a
// client that talks to it. Spec violations fail the test.
func newServer(t *testing.T, h http.Handler, opts ...transfer.Option) (*transfer.Client, *httptest.Server) {
	t.Helper()
	v, err := spectest.Transfer()
	if err != nil {
		t.Fatalf("loading the Transfer spec: %v", err)
	}
	srv := httptest.NewServer(v.Middleware(h, func(err error) { t.Error(err) }))
	t.Cleanup(srv.Close)
	all := append([]transfer.Option{
		transfer.WithBaseURL(srv.URL + apiPrefix),
		transfer.WithRetryPolicy(transfer.RetryPolicy(fastRetries)),
	}, opts...)
	c, err := transfer.NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, srv
}

// writeJSON answers with status and v encoded as JSON (v may be a string
// or []byte holding JSON already).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := v.(type) {
	case string:
		_, _ = w.Write([]byte(b))
	case []byte:
		_, _ = w.Write(b)
	default:
		_ = json.NewEncoder(w).Encode(v)
	}
}

// counter counts requests by path, safely across handler goroutines.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
	return c.n[key]
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// httpHandler answers every request with the JSON document answer returns
// for its query.
func httpHandler(answer func(q url.Values) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, answer(r.URL.Query()))
	})
}

// newPlainServer is newServer without the spec validator, for answers that
// break the spec on purpose.
func newPlainServer(t *testing.T, h http.Handler) *transfer.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL+apiPrefix), transfer.WithRetryPolicy(transfer.RetryPolicy(fastRetries)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
