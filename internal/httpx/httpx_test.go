package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) {
	testsupport.Main(m)
}

// base is the service URL of the tests that serve in memory.
const base = "https://api.example.org"

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// recorded is one request as a server received it, and when (by the clock
// of the goroutine that served it: fake time inside a synctest bubble).
type recorded struct {
	method string
	url    string
	header http.Header
	body   string
	at     time.Time
}

// memServer is an http.RoundTripper that serves a handler in memory, so
// that it works inside a synctest bubble. It records every request. Like a
// real transport it fails an attempt whose context ended while the handler
// ran.
type memServer struct {
	h    http.Handler
	mu   sync.Mutex
	reqs []recorded
}

func serve(h http.Handler) *memServer { return &memServer{h: h} }

func (s *memServer) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, recorded{method: r.Method, url: r.URL.String(), header: r.Header.Clone(), body: string(body), at: time.Now()})
	s.mu.Unlock()
	sr := r.Clone(r.Context())
	sr.Body = io.NopCloser(bytes.NewReader(body))
	sr.RequestURI = r.URL.RequestURI()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, sr)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

func (s *memServer) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *memServer) received() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// gaps returns the time between consecutive requests: inside a bubble, the
// sleeps of the retry stage.
func (s *memServer) gaps() []time.Duration {
	reqs := s.received()
	var out []time.Duration
	for i := 1; i < len(reqs); i++ {
		out = append(out, reqs[i].at.Sub(reqs[i-1].at))
	}
	return out
}

// step is one scripted answer.
type step struct {
	status int
	header map[string]string
	body   string
}

// steps answers with its steps in order, repeating the last one.
func steps(ss ...step) http.Handler {
	var mu sync.Mutex
	n := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		st := ss[min(n, len(ss)-1)]
		n++
		mu.Unlock()
		for k, v := range st.header {
			w.Header().Set(k, v)
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(st.status)
		_, _ = io.WriteString(w, st.body)
	})
}

// pipe returns the pipeline of a Config aimed at base that sends to an
// in-memory server running h; mods change the Config first.
func pipe(h http.Handler, mods ...func(*Config)) (*Pipeline, *memServer) {
	s := serve(h)
	c := &Config{BaseURL: base, Transport: s}
	for _, m := range mods {
		m(c)
	}
	return c.Doer(), s
}

func withPolicy(p globus.RetryPolicy) func(*Config) { return func(c *Config) { c.Retry = p } }

func withAuth(a authorizers.Authorizer) func(*Config) { return func(c *Config) { c.Authorizer = a } }

// send makes one request and reads its answer whole.
func send(t *testing.T, ctx context.Context, p *Pipeline, method, u, body string) (*http.Response, string, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.Do(req)
	if err != nil {
		if resp != nil {
			t.Errorf("Do returned both a response and the error %v", err)
		}
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return resp, string(b), nil
}

// idempotent returns a context whose Call marks a POST as safe to repeat.
func idempotent(ctx context.Context) context.Context {
	ctx, call := Start(ctx, "submitTransfer")
	call.Idempotent = true
	return ctx
}

func asAPIError(t *testing.T, err error) *globus.APIError {
	t.Helper()
	var e *globus.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *globus.APIError", err, err)
	}
	return e
}

// wantGapsWithin checks that there are len(ceilings) sleeps, each in
// [0, its ceiling].
func wantGapsWithin(t *testing.T, s *memServer, ceilings ...time.Duration) {
	t.Helper()
	got := s.gaps()
	if len(got) != len(ceilings) {
		t.Fatalf("sleeps %v; want %d of them", got, len(ceilings))
	}
	for i, g := range got {
		if g < 0 || g > ceilings[i] {
			t.Errorf("sleep %d is %v; want it in [0, %v]", i, g, ceilings[i])
		}
	}
}

const transferError = `{"code": "ServiceUnavailable", "message": "try later", "request_id": "rq1"}`

func TestRetriesEachRetryableStatus(t *testing.T) {
	for _, status := range globus.DefaultRetryStatuses() {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p, s := pipe(steps(step{status: status, body: transferError}, step{status: status, body: transferError}, step{status: 200, body: `{"ok": true}`}))
				resp, body, err := send(t, t.Context(), p, "GET", base+"/task", "")
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != 200 || body != `{"ok": true}` {
					t.Errorf("got %d %q", resp.StatusCode, body)
				}
				if s.calls() != 3 {
					t.Errorf("server saw %d requests; want 3", s.calls())
				}
				wantGapsWithin(t, s, 250*time.Millisecond, 500*time.Millisecond)
			})
		})
	}
}

func TestDoesNotRetryOtherStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p, s := pipe(steps(step{status: status, body: transferError}, step{status: 200}))
				start := time.Now()
				_, _, err := send(t, t.Context(), p, "GET", base+"/task", "")
				e := asAPIError(t, err)
				if e.StatusCode != status || s.calls() != 1 {
					t.Errorf("status %d after %d requests; want %d after 1", e.StatusCode, s.calls(), status)
				}
				if el := time.Since(start); el != 0 {
					t.Errorf("waited %v; want no wait", el)
				}
			})
		})
	}
}

// TestBackoffIsExponentialAndCapped measures the sleeps by the fake clock:
// each is a full-jitter draw in [0, min(MaxSleep, BaseDelay·2ⁿ)]. Over many
// calls the draws of each retry must reach the upper half of the range and
// the lower half too, so that neither a missing backoff nor a missing
// jitter passes.
func TestBackoffIsExponentialAndCapped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ceilings := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
		const calls = 100
		high := make([]int, len(ceilings))
		low := make([]int, len(ceilings))
		for range calls {
			p, s := pipe(steps(step{status: 500, body: transferError}), withPolicy(globus.RetryPolicy{BaseDelay: time.Second, MaxSleep: 3 * time.Second}))
			_, _, err := send(t, t.Context(), p, "GET", base+"/task", "")
			e := asAPIError(t, err)
			if e.StatusCode != 500 || e.Code != "ServiceUnavailable" {
				t.Fatalf("got %d %q", e.StatusCode, e.Code)
			}
			if s.calls() != 1+globus.DefaultMaxRetries {
				t.Fatalf("server saw %d requests; want %d", s.calls(), 1+globus.DefaultMaxRetries)
			}
			wantGapsWithin(t, s, ceilings...)
			for i, g := range s.gaps() {
				if g > ceilings[i]/2 {
					high[i]++
				} else {
					low[i]++
				}
			}
		}
		for i := range ceilings {
			if high[i] == 0 || low[i] == 0 {
				t.Errorf("retry %d: %d sleeps in the upper half of [0, %v] and %d in the lower; want both", i, high[i], ceilings[i], low[i])
			}
		}
	})
}

func TestFullJitterStaysInRange(t *testing.T) {
	seen := map[bool]int{}
	for range 2000 {
		j := fullJitter(100 * time.Millisecond)
		if j < 0 || j > 100*time.Millisecond {
			t.Fatalf("jitter %v out of [0, 100ms]", j)
		}
		seen[j < 50*time.Millisecond]++
	}
	if seen[true] < 500 || seen[false] < 500 {
		t.Errorf("jitter is not spread over the range: %v", seen)
	}
	if fullJitter(0) != 0 {
		t.Error("fullJitter(0) != 0")
	}
	p := globus.RetryPolicy{BaseDelay: time.Second, MaxSleep: 5 * time.Second}
	for attempt, ceiling := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second} {
		for range 50 {
			if b := backoff(p, attempt); b < 0 || b > ceiling {
				t.Fatalf("backoff(%d) = %v; want it in [0, %v]", attempt, b, ceiling)
			}
		}
	}
	if b := backoff(p, 1000); b < 0 || b > 5*time.Second {
		t.Errorf("backoff after many retries = %v; the doubling must stop at MaxSleep", b)
	}
}

func TestRetryAfter(t *testing.T) {
	// Inside a bubble the clock starts on a whole second and stands still
	// while a request is served, so an HTTP date gives an exact wait.
	date := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name     string
		status   int
		value    func() string
		policy   globus.RetryPolicy
		min, max time.Duration
	}{
		{"seconds on 429", 429, func() string { return "3" }, globus.RetryPolicy{}, 3 * time.Second, 3 * time.Second},
		{"seconds on 503", 503, func() string { return "2" }, globus.RetryPolicy{}, 2 * time.Second, 2 * time.Second},
		{"date on 503", 503, func() string { return date(5 * time.Second) }, globus.RetryPolicy{}, 5 * time.Second, 5 * time.Second},
		{"date on 429", 429, func() string { return date(4 * time.Second) }, globus.RetryPolicy{}, 4 * time.Second, 4 * time.Second},
		{"seconds capped", 429, func() string { return "3600" }, globus.RetryPolicy{}, globus.DefaultMaxSleep, globus.DefaultMaxSleep},
		{"date capped", 503, func() string { return date(time.Hour) }, globus.RetryPolicy{MaxSleep: 2 * time.Second}, 2 * time.Second, 2 * time.Second},
		{"date in the past", 503, func() string { return date(-time.Hour) }, globus.RetryPolicy{}, 0, 0},
		{"unparsable", 429, func() string { return "soon" }, globus.RetryPolicy{}, 0, globus.DefaultBaseDelay},
		{"negative", 429, func() string { return "-5" }, globus.RetryPolicy{}, 0, globus.DefaultBaseDelay},
		{"ignored on 500", 500, func() string { return "7" }, globus.RetryPolicy{}, 0, globus.DefaultBaseDelay},
		{"ignored on 502", 502, func() string { return "7" }, globus.RetryPolicy{}, 0, globus.DefaultBaseDelay},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				first := true
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if first {
						first = false
						w.Header().Set("Retry-After", tc.value())
						w.WriteHeader(tc.status)
						return
					}
					w.WriteHeader(200)
				})
				p, s := pipe(h, withPolicy(tc.policy))
				resp, _, err := send(t, t.Context(), p, "GET", base+"/x", "")
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("got %v, %v", resp, err)
				}
				got := s.gaps()
				if len(got) != 1 || got[0] < tc.min || got[0] > tc.max {
					t.Errorf("sleeps = %v; want one in [%v, %v]", got, tc.min, tc.max)
				}
			})
		})
	}
}

// TestRetryStormIsBounded: a server that is always busy and asks for an
// hour's wait each time costs MaxRetries+1 requests and MaxRetries capped
// sleeps, and no more.
func TestRetryStormIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		busy := step{status: 429, header: map[string]string{"Retry-After": "3600"}, body: `{"code": "TooManyRequests"}`}
		p, s := pipe(steps(busy), withPolicy(globus.RetryPolicy{MaxRetries: 3, MaxSleep: 4 * time.Second}))
		start := time.Now()
		_, _, err := send(t, t.Context(), p, "GET", base+"/x", "")
		if e := asAPIError(t, err); e.StatusCode != 429 {
			t.Errorf("status %d; want 429", e.StatusCode)
		}
		if s.calls() != 4 {
			t.Errorf("server saw %d requests; want 4", s.calls())
		}
		if el := time.Since(start); el != 12*time.Second {
			t.Errorf("the storm took %v; want 3 sleeps of 4s", el)
		}
	})
	t.Run("many callers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 503}), withPolicy(globus.RetryPolicy{MaxRetries: 2, BaseDelay: time.Second, MaxSleep: 2 * time.Second}))
			start := time.Now()
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if _, _, err := send(t, t.Context(), p, "GET", base+"/x", ""); err == nil {
						t.Error("a call to an always busy server succeeded")
					}
				})
			}
			wg.Wait()
			if s.calls() != 60 {
				t.Errorf("server saw %d requests from 20 callers; want 60", s.calls())
			}
			if el := time.Since(start); el > 3*time.Second {
				t.Errorf("took %v; want at most 1s+2s", el)
			}
		})
	})
}

func TestPostRetriedOnlyWhenIdempotent(t *testing.T) {
	t.Run("plain POST", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 503, body: transferError}, step{status: 200}))
			_, _, err := send(t, t.Context(), p, "POST", base+"/transfer", `{"DATA": []}`)
			if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
				t.Errorf("got %d after %d requests; want 503 after 1", e.StatusCode, s.calls())
			}
		})
	})
	t.Run("PATCH", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 502}, step{status: 200}))
			_, _, err := send(t, t.Context(), p, "PATCH", base+"/x", `{}`)
			if asAPIError(t, err); s.calls() != 1 {
				t.Errorf("PATCH sent %d times", s.calls())
			}
		})
	})
	t.Run("marked POST replays its body", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 503}, step{status: 500}, step{status: 200, body: `{"task_id": "t"}`}))
			payload := `{"submission_id": "s-1", "DATA": [` + strings.Repeat(`"\u00e9x",`, 5000) + `"end"]}`
			resp, body, err := send(t, idempotent(t.Context()), p, "POST", base+"/transfer", payload)
			if err != nil || resp.StatusCode != 200 || body != `{"task_id": "t"}` {
				t.Fatalf("got %v %q %v", resp, body, err)
			}
			reqs := s.received()
			if len(reqs) != 3 {
				t.Fatalf("server saw %d requests; want 3", len(reqs))
			}
			for i, r := range reqs {
				if r.method != "POST" || r.body != payload {
					t.Errorf("request %d: %s with %d body bytes; want POST with the %d bytes sent", i, r.method, len(r.body), len(payload))
				}
			}
		})
	})
	t.Run("a Call is used by one request only", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 503}, step{status: 503}, step{status: 200}))
			ctx := idempotent(t.Context())
			if _, _, err := send(t, ctx, p, "POST", base+"/x", "a"); err != nil || s.calls() != 3 {
				t.Fatalf("first request: %v after %d requests", err, s.calls())
			}
			// The same context again: its Call is taken, so this request
			// gets a fresh one, which is not marked.
			p, s = pipe(steps(step{status: 503}, step{status: 200}))
			if _, _, err := send(t, ctx, p, "POST", base+"/x", "a"); err == nil || s.calls() != 1 {
				t.Errorf("second request: %v after %d requests; want a 503 after 1", err, s.calls())
			}
		})
	})
	t.Run("PUT and DELETE", func(t *testing.T) {
		for _, m := range []string{"PUT", "DELETE"} {
			synctest.Test(t, func(t *testing.T) {
				p, s := pipe(steps(step{status: 504}, step{status: 200}))
				if _, _, err := send(t, t.Context(), p, m, base+"/x", "{}"); err != nil || s.calls() != 2 {
					t.Errorf("%s: %v after %d requests", m, err, s.calls())
				}
			})
		}
	})
	t.Run("body that cannot be replayed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 503}, step{status: 200}))
			req, _ := http.NewRequestWithContext(idempotent(t.Context()), "POST", base+"/x", io.NopCloser(strings.NewReader("once")))
			_, err := p.Do(req)
			if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
				t.Errorf("got %d after %d requests; want 503 after 1", e.StatusCode, s.calls())
			}
		})
	})
}

// closedAddr returns an address on which nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func newTransport(t *testing.T) *http.Transport {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// TestConnectionRefusedRetriedEvenForPOST uses real sockets: after the
// second refused attempt the transport starts the server on the refused
// address, and the third attempt reaches it.
func TestConnectionRefusedRetriedEvenForPOST(t *testing.T) {
	addr := closedAddr(t)
	var got atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
		w.WriteHeader(201)
	}))
	t.Cleanup(srv.Close)
	tr := newTransport(t)
	var attempts, refused atomic.Int32
	c := &Config{BaseURL: "http://" + addr, Retry: globus.RetryPolicy{BaseDelay: time.Millisecond},
		Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			resp, err := tr.RoundTrip(r)
			if errors.Is(err, syscall.ECONNREFUSED) && refused.Add(1) == 2 {
				l, lerr := net.Listen("tcp", addr)
				if lerr != nil {
					t.Errorf("listen on %s again: %v", addr, lerr)
				} else {
					srv.Listener = l
					srv.Start()
				}
			}
			return resp, err
		})}
	resp, _, err := send(t, t.Context(), c.Doer(), "POST", "http://"+addr+"/transfer", "payload")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || got.Load() != "payload" {
		t.Errorf("got %d, server read %q", resp.StatusCode, got.Load())
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("%d attempts; want 3", n)
	}
}

func TestConnectionRefusedGivesUp(t *testing.T) {
	addr := closedAddr(t)
	tr := newTransport(t)
	var attempts atomic.Int32
	c := &Config{BaseURL: "http://" + addr, Retry: globus.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond},
		Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return tr.RoundTrip(r)
		})}
	_, _, err := send(t, t.Context(), c.Doer(), "GET", "http://"+addr+"/x", "")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v is not ECONNREFUSED", err)
	}
	if n := attempts.Load(); n != 4 {
		t.Errorf("%d attempts; want 4", n)
	}
}

// TestRefusedInBubble checks the waits between refused attempts by the
// fake clock, with a transport that fails as a dialer does.
func TestRefusedInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var at []time.Time
		refuse := rtFunc(func(r *http.Request) (*http.Response, error) {
			at = append(at, time.Now())
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		})
		c := &Config{BaseURL: base, Transport: refuse, Retry: globus.RetryPolicy{MaxRetries: 2, BaseDelay: time.Second}}
		_, _, err := send(t, t.Context(), c.Doer(), "POST", base+"/x", "p")
		if !errors.Is(err, syscall.ECONNREFUSED) || len(at) != 3 {
			t.Fatalf("got %v after %d attempts; want ECONNREFUSED after 3", err, len(at))
		}
		if g := at[1].Sub(at[0]); g > time.Second {
			t.Errorf("first sleep %v; want at most 1s", g)
		}
		if g := at[2].Sub(at[1]); g > 2*time.Second {
			t.Errorf("second sleep %v; want at most 2s", g)
		}
	})
}

func TestBrokenConnection(t *testing.T) {
	newServer := func(t *testing.T) (*httptest.Server, *atomic.Int32) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				// Drop the connection without answering.
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			w.WriteHeader(200)
		}))
		t.Cleanup(srv.Close)
		return srv, &n
	}
	build := func(t *testing.T, srv *httptest.Server) *Pipeline {
		return (&Config{BaseURL: srv.URL, Transport: newTransport(t), Retry: globus.RetryPolicy{BaseDelay: time.Millisecond}}).Doer()
	}
	t.Run("GET is retried", func(t *testing.T) {
		srv, n := newServer(t)
		resp, _, err := send(t, t.Context(), build(t, srv), "GET", srv.URL+"/x", "")
		if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
			t.Errorf("got %v, %v after %d requests", resp, err, n.Load())
		}
	})
	t.Run("POST is not", func(t *testing.T) {
		srv, n := newServer(t)
		_, _, err := send(t, t.Context(), build(t, srv), "POST", srv.URL+"/x", "data")
		if err == nil || n.Load() != 1 {
			t.Errorf("got %v after %d requests; want an error after 1", err, n.Load())
		}
		var apiErr *globus.APIError
		if errors.As(err, &apiErr) {
			t.Errorf("a broken connection became an APIError: %v", err)
		}
	})
	t.Run("marked POST is", func(t *testing.T) {
		srv, n := newServer(t)
		resp, _, err := send(t, idempotent(t.Context()), build(t, srv), "POST", srv.URL+"/x", "data")
		if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
			t.Errorf("got %v, %v after %d requests", resp, err, n.Load())
		}
	})
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(steps(step{status: 503, header: map[string]string{"Retry-After": "10"}}))
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, _, err := send(t, ctx, p, "GET", base+"/x", "")
		if el := time.Since(start); el != 100*time.Millisecond {
			t.Errorf("returned %v after the start; want at the cancel, 100ms", el)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v is not context.Canceled", err)
		}
		if s.calls() != 1 {
			t.Errorf("server saw %d requests; want 1", s.calls())
		}
	})
}

func TestCancelStopsAnAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, _, err := send(t, ctx, p, "GET", base+"/x", "")
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 100*time.Millisecond {
			t.Errorf("got %v after %v; want DeadlineExceeded after 100ms", err, time.Since(start))
		}
		if s.calls() != 1 {
			t.Errorf("server saw %d requests; want 1", s.calls())
		}
	})
}

func TestAttemptTimeout(t *testing.T) {
	newServer := func() http.Handler {
		n := 0
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n++
			if n == 1 {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return
			}
			_, _ = io.WriteString(w, "second")
		})
	}
	policy := withPolicy(globus.RetryPolicy{AttemptTimeout: 150 * time.Millisecond})
	t.Run("GET", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(newServer(), policy)
			start := time.Now()
			_, body, err := send(t, t.Context(), p, "GET", base+"/x", "")
			if err != nil || body != "second" || s.calls() != 2 {
				t.Errorf("got %q, %v after %d requests", body, err, s.calls())
			}
			if el := time.Since(start); el < 150*time.Millisecond || el > 150*time.Millisecond+globus.DefaultBaseDelay {
				t.Errorf("took %v; want the 150ms timeout and one backoff of at most 250ms", el)
			}
		})
	})
	t.Run("POST", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(newServer(), policy)
			start := time.Now()
			_, _, err := send(t, t.Context(), p, "POST", base+"/x", "x")
			if !errors.Is(err, context.DeadlineExceeded) || s.calls() != 1 {
				t.Errorf("got %v after %d requests", err, s.calls())
			}
			if el := time.Since(start); el != 150*time.Millisecond {
				t.Errorf("took %v; want 150ms", el)
			}
		})
	})
}

// slowBody writes "head ", then "tail" 300ms later unless the request's
// context ends first.
type slowBody struct {
	ctx  context.Context
	part int
}

func (b *slowBody) Read(p []byte) (int, error) {
	b.part++
	switch b.part {
	case 1:
		return copy(p, "head "), nil
	case 2:
		select {
		case <-time.After(300 * time.Millisecond):
			return copy(p, "tail"), nil
		case <-b.ctx.Done():
			return 0, b.ctx.Err()
		}
	}
	return 0, io.EOF
}

func (b *slowBody) Close() error { return nil }

func TestAttemptTimeoutCoversTheBody(t *testing.T) {
	read := func(t *testing.T, timeout time.Duration) (string, error) {
		tr := rtFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: &slowBody{ctx: r.Context()}, Request: r}, nil
		})
		c := &Config{BaseURL: base, Transport: tr, Retry: globus.RetryPolicy{AttemptTimeout: timeout}}
		req, _ := http.NewRequestWithContext(t.Context(), "GET", base, nil)
		resp, err := c.Doer().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	synctest.Test(t, func(t *testing.T) {
		if b, err := read(t, 5*time.Second); err != nil || b != "head tail" {
			t.Errorf("with a long timeout: %q, %v", b, err)
		}
		start := time.Now()
		b, err := read(t, 100*time.Millisecond)
		if !errors.Is(err, context.DeadlineExceeded) || b != "head " {
			t.Errorf("with a short timeout: %q, %v; want the head and DeadlineExceeded", b, err)
		}
		if el := time.Since(start); el != 100*time.Millisecond {
			t.Errorf("the short timeout ended the body after %v", el)
		}
	})
}

func TestSkipCodePrefixes(t *testing.T) {
	opt := withPolicy(globus.RetryPolicy{SkipCodePrefixes: []string{"ExternalError", "EndpointError"}})
	t.Run("skipped", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			body := `{"code": "ExternalError.DirListingFailed.LoginFailed", "message": "login failed", "request_id": "r9"}`
			p, s := pipe(steps(step{status: 502, body: body}, step{status: 200}), opt)
			start := time.Now()
			_, _, err := send(t, t.Context(), p, "GET", base+"/ls", "")
			e := asAPIError(t, err)
			if e.Code != "ExternalError.DirListingFailed.LoginFailed" || string(e.Body) != body || s.calls() != 1 {
				t.Errorf("got %q %q after %d requests", e.Code, e.Body, s.calls())
			}
			if time.Since(start) != 0 {
				t.Error("a skipped code waited")
			}
		})
	})
	t.Run("other codes retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(steps(step{status: 502, body: `{"code": "EndpointErrorX", "message": "m"}`}, step{status: 200, body: "fine"}), opt)
			_, body, err := send(t, t.Context(), p, "GET", base+"/ls", "")
			if err != nil || body != "fine" || s.calls() != 2 {
				t.Errorf("got %q, %v after %d requests", body, err, s.calls())
			}
		})
	})
	t.Run("the body read to find the code reaches the caller whole", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			big := `{"code": "EndpointError", "pad": "` + strings.Repeat("x", 100000) + `"}`
			p, _ := pipe(steps(step{status: 429, body: big}), opt)
			_, _, err := send(t, t.Context(), p, "GET", base+"/ls", "")
			if e := asAPIError(t, err); string(e.Body) != big {
				t.Errorf("body of %d bytes; want %d", len(e.Body), len(big))
			}
		})
	})
}

func TestHeaders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(steps(step{status: 200}))
		if _, _, err := send(t, t.Context(), p, "GET", base, ""); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(t.Context(), "GET", base, nil)
		req.Header.Set("Accept", "text/csv")
		resp, err := p.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(req.Header) != 1 {
			t.Errorf("the caller's headers were changed: %v", req.Header)
		}
		reqs := s.received()
		for i, want := range []string{"application/json", "text/csv"} {
			h := reqs[i].header
			if got := h.Get("User-Agent"); got != "globus-go/"+globus.Version {
				t.Errorf("User-Agent = %q", got)
			}
			if got := h.Get("X-Globus-Client-Info"); got != "product=globus-go,version="+globus.Version {
				t.Errorf("X-Globus-Client-Info = %q", got)
			}
			if got := h.Get("Accept"); got != want {
				t.Errorf("Accept = %q; want %q", got, want)
			}
			if h.Get("Authorization") != "" {
				t.Error("Authorization sent without an authorizer")
			}
		}
	})
}

func TestErrorDecoding(t *testing.T) {
	t.Run("transfer error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			body := `{"code": "ClientError.NotFound", "message": "Task abc not found", "request_id": "Rq", "resource": "/task/abc"}`
			p, _ := pipe(steps(step{status: 404, body: body, header: map[string]string{"X-Extra": "1"}}))
			resp, _, err := send(t, t.Context(), p, "GET", base+"/task/abc?fields=status", "")
			if resp != nil {
				t.Error("a response came with the error")
			}
			e := asAPIError(t, err)
			if e.StatusCode != 404 || e.Code != "ClientError.NotFound" || e.Message != "Task abc not found" ||
				e.RequestID != "Rq" || string(e.Body) != body || e.Method != "GET" || e.Header.Get("X-Extra") != "1" {
				t.Errorf("got %+v", e)
			}
			if want := "globus: GET " + base + "/task/abc: 404 ClientError.NotFound: Task abc not found (request_id Rq)"; e.Error() != want {
				t.Errorf("Error() = %q; want %q", e.Error(), want)
			}
		})
	})
	t.Run("html 502 page", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			page := "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
			p, s := pipe(steps(step{status: 502, body: page, header: map[string]string{"Content-Type": "text/html"}}))
			_, _, err := send(t, t.Context(), p, "GET", base+"/x", "")
			e := asAPIError(t, err)
			if e.StatusCode != 502 || e.Code != "" || e.Message != "Bad Gateway" || string(e.Body) != page {
				t.Errorf("got %+v", e)
			}
			if s.calls() != 1+globus.DefaultMaxRetries {
				t.Errorf("%d requests; want %d", s.calls(), 1+globus.DefaultMaxRetries)
			}
		})
	})
	t.Run("auth error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			body := `{"errors": [{"status": "403", "id": "i", "code": "FORBIDDEN", "detail": "Call must be authenticated", "title": "Unauthorized"}], "error": "unauthorized", "error_description": "Unauthorized"}`
			p, _ := pipe(steps(step{status: 403, body: body}))
			_, _, err := send(t, t.Context(), p, "GET", base+"/v2/oauth2/userinfo", "")
			e := asAPIError(t, err)
			if e.Code != "unauthorized" || len(e.Errors) != 1 || e.Errors[0].Code != "FORBIDDEN" {
				t.Errorf("got %+v", e)
			}
		})
	})
	t.Run("an error body is bounded", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			huge := strings.Repeat("e", maxErrorBody+1000)
			p, _ := pipe(steps(step{status: 400, body: huge}))
			_, _, err := send(t, t.Context(), p, "GET", base+"/x", "")
			if e := asAPIError(t, err); len(e.Body) != maxErrorBody {
				t.Errorf("error body of %d bytes; want it cut at %d", len(e.Body), maxErrorBody)
			}
		})
	})
	t.Run("success and redirects pass through", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			for _, status := range []int{200, 201, 204, 302, 304, 307} {
				p, _ := pipe(steps(step{status: status, header: map[string]string{"Location": "https://elsewhere.example/"}}))
				resp, _, err := send(t, t.Context(), p, "GET", base, "")
				if err != nil || resp.StatusCode != status {
					t.Errorf("%d: got %v, %v", status, resp, err)
				}
			}
		})
	})
}

func TestWithoutRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(steps(step{status: 503}, step{status: 200}), withPolicy(globus.RetryPolicy{MaxRetries: -1}))
		_, _, err := send(t, t.Context(), p, "GET", base, "")
		if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
			t.Errorf("got %d after %d requests", e.StatusCode, s.calls())
		}
	})
}

func TestNoRetryStatuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(steps(step{status: 503}, step{status: 200}), withPolicy(globus.RetryPolicy{RetryStatuses: []int{}}))
		if _, _, err := send(t, t.Context(), p, "GET", base, ""); err == nil || s.calls() != 1 {
			t.Errorf("got %v after %d requests; want the 503 after 1", err, s.calls())
		}
		p, s = pipe(steps(step{status: 418}, step{status: 200}), withPolicy(globus.RetryPolicy{RetryStatuses: []int{418}}))
		if _, _, err := send(t, t.Context(), p, "GET", base, ""); err != nil || s.calls() != 2 {
			t.Errorf("a listed 418: %v after %d requests; want success after 2", err, s.calls())
		}
	})
}

func TestDoerDefaults(t *testing.T) {
	p := (&Config{BaseURL: base}).Doer()
	if p.transport != DefaultTransport() {
		t.Errorf("transport %T is not the shared default", p.transport)
	}
	if p.maxBody != DefaultMaxBodySize || p.log == nil || p.auth != nil || p.edit != nil {
		t.Errorf("pipeline %+v does not have the defaults", p)
	}
	want := globus.RetryPolicy{}.WithDefaults()
	if p.retry.MaxRetries != want.MaxRetries || p.retry.AttemptTimeout != globus.DefaultAttemptTimeout ||
		p.retry.BaseDelay != globus.DefaultBaseDelay || !slices.Equal(p.retry.RetryStatuses, want.RetryStatuses) {
		t.Errorf("policy %+v is not the default", p.retry)
	}
	tr, ok := DefaultTransport().(*http.Transport)
	if !ok {
		t.Fatalf("DefaultTransport() is %T", DefaultTransport())
	}
	if tr == http.DefaultTransport || tr.ResponseHeaderTimeout != 120*time.Second || tr.TLSHandshakeTimeout != 10*time.Second {
		t.Errorf("DefaultTransport is not the bounded copy: %+v", tr)
	}
}

// TestDefaultTransportSends sends through a Config without a Transport,
// over loopback.
func TestDefaultTransportSends(t *testing.T) {
	srv := httptest.NewServer(steps(step{status: 200, body: "ok"}))
	t.Cleanup(srv.Close)
	c, err := NewConfig(srv.URL, func(c *Config) { c.Authorizer = authorizers.NewAccessTokenAuthorizer("t") })
	if err != nil {
		t.Fatal(err)
	}
	if _, body, err := send(t, t.Context(), c.Doer(), "GET", srv.URL, ""); err != nil || body != "ok" {
		t.Errorf("got %q, %v", body, err)
	}
	srv.CloseClientConnections()
	DefaultTransport().(*http.Transport).CloseIdleConnections()
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// debugLogger returns a logger at debug level and a function that returns
// what it wrote.
func debugLogger() (*slog.Logger, func() string) {
	var buf bytes.Buffer
	var mu sync.Mutex
	l := slog.New(slog.NewTextHandler(lockedWriter{&buf, &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return l, func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

func TestDebugLogs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger, logs := debugLogger()
		busy := step{status: 503, header: map[string]string{"Retry-After": "1"}}
		p, _ := pipe(steps(busy, busy, step{status: 200}), func(c *Config) {
			c.Logger = logger
			c.Authorizer = authorizers.NewAccessTokenAuthorizer("secret-token-value")
		})
		if _, _, err := send(t, t.Context(), p, "POST", base+"/path?q=secret-query", "secret-body"); err == nil {
			t.Fatal("a plain POST with 503 succeeded")
		}
		if _, _, err := send(t, t.Context(), p, "GET", base+"/path?q=secret-query", ""); err != nil {
			t.Fatal(err)
		}
		out := logs()
		for _, want := range []string{"globus: retrying", "globus: response", "method=GET", "method=POST", "url=" + base + "/path",
			"status=503", "attempt=1", "sleep=1s", "status=200", "attempt=2"} {
			if !strings.Contains(out, want) {
				t.Errorf("logs lack %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "secret") {
			t.Errorf("logs hold a secret:\n%s", out)
		}
	})
	t.Run("failed attempts", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := debugLogger()
			fail := rtFunc(func(r *http.Request) (*http.Response, error) {
				return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused for secret-token-value by " + r.URL.String())}
			})
			c := &Config{BaseURL: base, Transport: fail, Logger: logger, Retry: globus.RetryPolicy{MaxRetries: 1},
				Authorizer: authorizers.NewAccessTokenAuthorizer("secret-token-value")}
			if _, _, err := send(t, t.Context(), c.Doer(), "GET", base+"/x", ""); err == nil {
				t.Fatal("no error")
			}
			out := logs()
			if !strings.Contains(out, "globus: request failed") || !strings.Contains(out, "attempt=2") {
				t.Errorf("logs lack the failed attempts:\n%s", out)
			}
			if strings.Contains(out, "secret-token-value") {
				t.Errorf("logs hold the token:\n%s", out)
			}
		})
	})
}

func TestNewConfig(t *testing.T) {
	c, err := NewConfig("https://transfer.api.globus.org/v0.10")
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://transfer.api.globus.org/v0.10" || c.Transport != nil || c.Authorizer != nil || c.AllowInsecureHTTP ||
		c.MaxBodySize != DefaultMaxBodySize || c.Retry.MaxRetries != globus.DefaultMaxRetries {
		t.Errorf("defaults: %+v", c)
	}
	a := authorizers.NewAccessTokenAuthorizer("x")
	tr := &http.Transport{}
	logger := slog.New(slog.DiscardHandler)
	c, err = NewConfig("https://a.example", func(c *Config) {
		c.BaseURL = "http://127.0.0.1:8080/base/"
		c.Authorizer = a
		c.Transport = tr
		c.Logger = logger
		c.AllowInsecureHTTP = true
		c.Retry = globus.RetryPolicy{MaxRetries: 2, SkipCodePrefixes: []string{"ExternalError"}}
		c.MaxBodySize = 10
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "http://127.0.0.1:8080/base/" || c.Authorizer != a || c.Transport != tr || c.Logger != logger ||
		!c.AllowInsecureHTTP || c.Retry.MaxRetries != 2 || !slices.Equal(c.Retry.SkipCodePrefixes, []string{"ExternalError"}) ||
		c.MaxBodySize != 10 || c.Retry.BaseDelay != globus.DefaultBaseDelay {
		t.Errorf("options not applied: %+v", c)
	}

	for _, bad := range []string{"", "transfer.api.globus.org", "ftp://host/", "https://", "https://user:pw@host/",
		"https://host/?q=1", "https://host/?", "https://host/#frag", "https://host/%zz", "://nope"} {
		_, err := NewConfig(bad)
		if !errors.Is(err, globus.ErrInvalidBaseURL) {
			t.Errorf("NewConfig(%q) = %v; want ErrInvalidBaseURL", bad, err)
		} else if bad != "" && !strings.Contains(bad, "@") && !strings.Contains(err.Error(), strconv.Quote(bad)) {
			t.Errorf("error %q does not name the URL", err)
		}
	}
	for _, p := range []globus.RetryPolicy{{BaseDelay: -1}, {MaxSleep: -time.Second}, {RetryStatuses: []int{200}}, {RetryStatuses: []int{600}}} {
		if _, err := NewConfig("https://h", withPolicy(p)); !errors.Is(err, globus.ErrInvalidRetryPolicy) {
			t.Errorf("policy %+v: %v; want ErrInvalidRetryPolicy", p, err)
		}
	}
	if _, err := NewConfig("https://h", func(c *Config) { c.MaxBodySize = -1 }); !errors.Is(err, globus.ErrInvalidOption) {
		t.Errorf("a negative MaxBodySize: %v; want ErrInvalidOption", err)
	}
}

func TestDefaultRetryPolicy(t *testing.T) {
	p := globus.RetryPolicy{}.WithDefaults()
	if p.MaxRetries != 5 || p.BaseDelay != 250*time.Millisecond || p.MaxSleep != 10*time.Second ||
		p.AttemptTimeout != 60*time.Second || !slices.Equal(p.RetryStatuses, []int{429, 500, 502, 503, 504}) || p.SkipCodePrefixes != nil {
		t.Errorf("defaults = %+v", p)
	}
	// A negative MaxRetries means off, and stays so however often the
	// defaults are applied (NewConfig, then Doer).
	if got := (globus.RetryPolicy{MaxRetries: -1}).WithDefaults().WithDefaults().MaxRetries; got != -1 {
		t.Errorf("negative MaxRetries became %d; want -1", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0":                                0,
		"  12 ":                            12 * time.Second,
		"Sat, 28 Nov 2026 12:00:30 GMT":    30 * time.Second,
		"Saturday, 28-Nov-26 12:01:00 GMT": time.Minute,
		"Sat, 28 Nov 2026 11:00:00 GMT":    0,
		"99999999999":                      24 * time.Hour,
	} {
		if got, ok := parseRetryAfter(v, now); !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "-1", "1.5", "tomorrow"} {
		if _, ok := parseRetryAfter(v, now); ok {
			t.Errorf("parseRetryAfter(%q) accepted", v)
		}
	}
}

// TestNilRequest: a nil request, or one without a URL, is a usage error,
// not a panic, and nothing is sent.
func TestNilRequest(t *testing.T) {
	var sent atomic.Int32
	c := &Config{BaseURL: base, Transport: rtFunc(func(*http.Request) (*http.Response, error) {
		sent.Add(1)
		return nil, errors.New("must not be called")
	}), Authorizer: authorizers.NewAccessTokenAuthorizer("t")}
	p := c.Doer()
	for name, req := range map[string]*http.Request{"nil request": nil, "nil URL": {Method: "GET", Header: http.Header{}}} {
		resp, err := p.Do(req)
		var ue *globus.UsageError
		if resp != nil || !errors.As(err, &ue) {
			t.Errorf("%s: got %v, %v (%T); want a *globus.UsageError", name, resp, err, err)
		}
	}
	if sent.Load() != 0 {
		t.Errorf("%d requests sent", sent.Load())
	}
}
