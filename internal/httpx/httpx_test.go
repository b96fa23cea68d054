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
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// clock records the sleeps of the retry layer without waiting.
type clock struct {
	mu     sync.Mutex
	sleeps []time.Duration
	// onSleep, when set, runs at each sleep with its 0-based index.
	onSleep func(i int)
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	i := len(c.sleeps)
	c.sleeps = append(c.sleeps, d)
	hook := c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook(i)
	}
	return ctx.Err()
}

func (c *clock) got() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// step is one scripted answer of a test server.
type step struct {
	status int
	header map[string]string
	body   string
}

// script is a test server that answers with its steps in order, repeating
// the last one, and records what it received.
type script struct {
	srv   *httptest.Server
	mu    sync.Mutex
	steps []step
	reqs  []recorded
}

type recorded struct {
	method string
	header http.Header
	body   string
}

func newScript(t *testing.T, steps ...step) *script {
	t.Helper()
	s := &script{steps: steps}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *script) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := len(s.reqs)
	s.reqs = append(s.reqs, recorded{method: r.Method, header: r.Header.Clone(), body: string(b)})
	st := s.steps[min(i, len(s.steps)-1)]
	s.mu.Unlock()
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(st.status)
	_, _ = io.WriteString(w, st.body)
}

func (s *script) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *script) received() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// newDoer builds the Doer of a Config aimed at srv, with a recording clock
// and a jitter that always picks the ceiling.
func newDoer(t *testing.T, srv *httptest.Server, opts ...Option) (authorizers.Doer, *clock) {
	t.Helper()
	c, err := NewConfig(srv.URL, append([]Option{WithHTTPClient(srv.Client())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	c.sleep = clk.sleep
	c.jitter = func(max time.Duration) time.Duration { return max }
	return c.Doer(), clk
}

func send(t *testing.T, ctx context.Context, d authorizers.Doer, method, u, body string) (*http.Response, string, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := d.Do(req)
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

func asAPIError(t *testing.T, err error) *globus.APIError {
	t.Helper()
	var e *globus.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *globus.APIError", err, err)
	}
	return e
}

func wantSleeps(t *testing.T, clk *clock, want ...time.Duration) {
	t.Helper()
	if got := clk.got(); !slices.Equal(got, want) {
		t.Errorf("sleeps = %v; want %v", got, want)
	}
}

const transferError = `{"code": "ServiceUnavailable", "message": "try later", "request_id": "rq1"}`

func TestRetriesEachRetryableStatus(t *testing.T) {
	for _, status := range DefaultRetryStatuses {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			s := newScript(t, step{status: status, body: transferError}, step{status: status, body: transferError}, step{status: 200, body: `{"ok": true}`})
			d, clk := newDoer(t, s.srv)
			resp, body, err := send(t, t.Context(), d, "GET", s.srv.URL+"/task", "")
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || body != `{"ok": true}` {
				t.Errorf("got %d %q", resp.StatusCode, body)
			}
			if s.calls() != 3 {
				t.Errorf("server saw %d requests; want 3", s.calls())
			}
			wantSleeps(t, clk, 250*time.Millisecond, 500*time.Millisecond)
		})
	}
}

func TestDoesNotRetryOtherStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			s := newScript(t, step{status: status, body: transferError}, step{status: 200})
			d, clk := newDoer(t, s.srv)
			_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/task", "")
			e := asAPIError(t, err)
			if e.StatusCode != status || s.calls() != 1 {
				t.Errorf("status %d after %d requests; want %d after 1", e.StatusCode, s.calls(), status)
			}
			wantSleeps(t, clk)
		})
	}
}

func TestBackoffIsExponentialAndCapped(t *testing.T) {
	s := newScript(t, step{status: 500, body: transferError})
	d, clk := newDoer(t, s.srv, WithRetryPolicy(RetryPolicy{BaseDelay: time.Second, MaxSleep: 3 * time.Second}))
	_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/task", "")
	e := asAPIError(t, err)
	if e.StatusCode != 500 || e.Code != "ServiceUnavailable" {
		t.Errorf("got %d %q", e.StatusCode, e.Code)
	}
	if s.calls() != 1+DefaultMaxRetries {
		t.Errorf("server saw %d requests; want %d", s.calls(), 1+DefaultMaxRetries)
	}
	wantSleeps(t, clk, time.Second, 2*time.Second, 3*time.Second, 3*time.Second, 3*time.Second)
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
}

func TestRetryAfter(t *testing.T) {
	date := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name     string
		status   int
		value    string
		policy   RetryPolicy
		min, max time.Duration
	}{
		{"seconds on 429", 429, "3", RetryPolicy{}, 3 * time.Second, 3 * time.Second},
		{"seconds on 503", 503, "2", RetryPolicy{}, 2 * time.Second, 2 * time.Second},
		{"date on 503", 503, date(5 * time.Second), RetryPolicy{}, 3 * time.Second, 5 * time.Second},
		{"date on 429", 429, date(4 * time.Second), RetryPolicy{}, 2 * time.Second, 4 * time.Second},
		{"seconds capped", 429, "3600", RetryPolicy{}, DefaultMaxSleep, DefaultMaxSleep},
		{"date capped", 503, date(time.Hour), RetryPolicy{MaxSleep: 2 * time.Second}, 2 * time.Second, 2 * time.Second},
		{"date in the past", 503, date(-time.Hour), RetryPolicy{}, 0, 0},
		{"unparsable", 429, "soon", RetryPolicy{}, DefaultBaseDelay, DefaultBaseDelay},
		{"negative", 429, "-5", RetryPolicy{}, DefaultBaseDelay, DefaultBaseDelay},
		{"ignored on 500", 500, "7", RetryPolicy{}, DefaultBaseDelay, DefaultBaseDelay},
		{"ignored on 502", 502, "7", RetryPolicy{}, DefaultBaseDelay, DefaultBaseDelay},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, step{status: tc.status, header: map[string]string{"Retry-After": tc.value}}, step{status: 200})
			d, clk := newDoer(t, s.srv, WithRetryPolicy(tc.policy))
			resp, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", "")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("got %v, %v", resp, err)
			}
			got := clk.got()
			if len(got) != 1 || got[0] < tc.min || got[0] > tc.max {
				t.Errorf("sleeps = %v; want one in [%v, %v]", got, tc.min, tc.max)
			}
		})
	}
}

func TestPostRetriedOnlyWhenIdempotent(t *testing.T) {
	t.Run("plain POST", func(t *testing.T) {
		s := newScript(t, step{status: 503, body: transferError}, step{status: 200})
		d, clk := newDoer(t, s.srv)
		_, _, err := send(t, t.Context(), d, "POST", s.srv.URL+"/transfer", `{"DATA": []}`)
		if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
			t.Errorf("got %d after %d requests; want 503 after 1", e.StatusCode, s.calls())
		}
		wantSleeps(t, clk)
	})
	t.Run("PATCH", func(t *testing.T) {
		s := newScript(t, step{status: 502}, step{status: 200})
		d, _ := newDoer(t, s.srv)
		_, _, err := send(t, t.Context(), d, "PATCH", s.srv.URL+"/x", `{}`)
		if asAPIError(t, err); s.calls() != 1 {
			t.Errorf("PATCH sent %d times", s.calls())
		}
	})
	t.Run("marked POST replays its body", func(t *testing.T) {
		s := newScript(t, step{status: 503}, step{status: 500}, step{status: 200, body: `{"task_id": "t"}`})
		d, _ := newDoer(t, s.srv)
		payload := `{"submission_id": "s-1", "DATA": []}`
		resp, body, err := send(t, WithIdempotent(t.Context()), d, "POST", s.srv.URL+"/transfer", payload)
		if err != nil || resp.StatusCode != 200 || body != `{"task_id": "t"}` {
			t.Fatalf("got %v %q %v", resp, body, err)
		}
		reqs := s.received()
		if len(reqs) != 3 {
			t.Fatalf("server saw %d requests; want 3", len(reqs))
		}
		for i, r := range reqs {
			if r.method != "POST" || r.body != payload {
				t.Errorf("request %d: %s %q; want POST %q", i, r.method, r.body, payload)
			}
		}
	})
	t.Run("PUT and DELETE", func(t *testing.T) {
		for _, m := range []string{"PUT", "DELETE"} {
			s := newScript(t, step{status: 504}, step{status: 200})
			d, _ := newDoer(t, s.srv)
			if _, _, err := send(t, t.Context(), d, m, s.srv.URL+"/x", "{}"); err != nil || s.calls() != 2 {
				t.Errorf("%s: %v after %d requests", m, err, s.calls())
			}
		}
	})
	t.Run("body that cannot be replayed", func(t *testing.T) {
		s := newScript(t, step{status: 503}, step{status: 200})
		d, _ := newDoer(t, s.srv)
		req, _ := http.NewRequestWithContext(WithIdempotent(t.Context()), "POST", s.srv.URL+"/x", io.NopCloser(strings.NewReader("once")))
		_, err := d.Do(req)
		if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
			t.Errorf("got %d after %d requests; want 503 after 1", e.StatusCode, s.calls())
		}
	})
}

func TestIdempotentContext(t *testing.T) {
	if IsIdempotent(context.Background()) {
		t.Error("a plain context is marked idempotent")
	}
	if !IsIdempotent(WithIdempotent(context.Background())) {
		t.Error("WithIdempotent does not mark the context")
	}
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

func newClient(t *testing.T) *http.Client {
	t.Helper()
	c := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func TestConnectionRefusedRetriedEvenForPOST(t *testing.T) {
	addr := closedAddr(t)
	var got atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
		w.WriteHeader(201)
	}))
	t.Cleanup(srv.Close)

	c, err := NewConfig("http://"+addr, WithHTTPClient(newClient(t)))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{onSleep: func(i int) {
		if i == 1 { // after the second refused attempt, start listening
			l, err := net.Listen("tcp", addr)
			if err != nil {
				t.Errorf("listen on %s again: %v", addr, err)
				return
			}
			srv.Listener = l
			srv.Start()
		}
	}}
	c.sleep = clk.sleep
	resp, _, err := send(t, t.Context(), c.Doer(), "POST", "http://"+addr+"/transfer", "payload")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || got.Load() != "payload" {
		t.Errorf("got %d, server read %q", resp.StatusCode, got.Load())
	}
	if n := len(clk.got()); n != 2 {
		t.Errorf("slept %d times; want 2", n)
	}
}

func TestConnectionRefusedGivesUp(t *testing.T) {
	addr := closedAddr(t)
	c, err := NewConfig("http://"+addr, WithHTTPClient(newClient(t)), WithRetryPolicy(RetryPolicy{MaxRetries: 3}))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	c.sleep = clk.sleep
	_, _, err = send(t, t.Context(), c.Doer(), "GET", "http://"+addr+"/x", "")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v is not ECONNREFUSED", err)
	}
	if n := len(clk.got()); n != 3 {
		t.Errorf("slept %d times; want 3", n)
	}
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
	t.Run("GET is retried", func(t *testing.T) {
		srv, n := newServer(t)
		d, clk := newDoer(t, srv)
		resp, _, err := send(t, t.Context(), d, "GET", srv.URL+"/x", "")
		if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
			t.Errorf("got %v, %v after %d requests", resp, err, n.Load())
		}
		wantSleeps(t, clk, DefaultBaseDelay)
	})
	t.Run("POST is not", func(t *testing.T) {
		srv, n := newServer(t)
		d, clk := newDoer(t, srv)
		_, _, err := send(t, t.Context(), d, "POST", srv.URL+"/x", "data")
		if err == nil || n.Load() != 1 {
			t.Errorf("got %v after %d requests; want an error after 1", err, n.Load())
		}
		var apiErr *globus.APIError
		if errors.As(err, &apiErr) {
			t.Errorf("a broken connection became an APIError: %v", err)
		}
		wantSleeps(t, clk)
	})
	t.Run("marked POST is", func(t *testing.T) {
		srv, n := newServer(t)
		d, _ := newDoer(t, srv)
		resp, _, err := send(t, WithIdempotent(t.Context()), d, "POST", srv.URL+"/x", "data")
		if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
			t.Errorf("got %v, %v after %d requests", resp, err, n.Load())
		}
	})
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	s := newScript(t, step{status: 503, header: map[string]string{"Retry-After": "10"}})
	c, err := NewConfig(s.srv.URL, WithHTTPClient(s.srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, _, err = send(t, ctx, c.Doer(), "GET", s.srv.URL+"/x", "")
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v after the cancel", el)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v is not context.Canceled", err)
	}
	if s.calls() != 1 {
		t.Errorf("server saw %d requests; want 1", s.calls())
	}
}

func TestCancelStopsAnAttempt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	d, clk := newDoer(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := send(t, ctx, d, "GET", srv.URL+"/x", "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("got %v after %v", err, time.Since(start))
	}
	wantSleeps(t, clk)
}

func TestAttemptTimeout(t *testing.T) {
	newServer := func(t *testing.T) (*httptest.Server, *atomic.Int32) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body) // so that the server notices the client hanging up
			if n.Add(1) == 1 {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return
			}
			_, _ = io.WriteString(w, "second")
		}))
		t.Cleanup(srv.Close)
		return srv, &n
	}
	policy := WithRetryPolicy(RetryPolicy{AttemptTimeout: 150 * time.Millisecond})
	t.Run("GET", func(t *testing.T) {
		srv, n := newServer(t)
		d, clk := newDoer(t, srv, policy)
		start := time.Now()
		_, body, err := send(t, t.Context(), d, "GET", srv.URL+"/x", "")
		if err != nil || body != "second" || n.Load() != 2 {
			t.Errorf("got %q, %v after %d requests", body, err, n.Load())
		}
		if el := time.Since(start); el < 150*time.Millisecond || el > 3*time.Second {
			t.Errorf("took %v", el)
		}
		wantSleeps(t, clk, DefaultBaseDelay)
	})
	t.Run("POST", func(t *testing.T) {
		srv, n := newServer(t)
		d, _ := newDoer(t, srv, policy)
		_, _, err := send(t, t.Context(), d, "POST", srv.URL+"/x", "x")
		if !errors.Is(err, context.DeadlineExceeded) || n.Load() != 1 {
			t.Errorf("got %v after %d requests", err, n.Load())
		}
	})
}

func TestAttemptTimeoutCoversTheBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "head ")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		_, _ = io.WriteString(w, "tail")
	}))
	t.Cleanup(srv.Close)

	read := func(timeout time.Duration) (string, error) {
		d, _ := newDoer(t, srv, WithRetryPolicy(RetryPolicy{AttemptTimeout: timeout}))
		req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL, nil)
		resp, err := d.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if b, err := read(5 * time.Second); err != nil || b != "head tail" {
		t.Errorf("with a long timeout: %q, %v", b, err)
	}
	if b, err := read(100 * time.Millisecond); err == nil {
		t.Errorf("with a short timeout the body was read whole: %q", b)
	}
}

func TestSkipCodePrefixes(t *testing.T) {
	opt := WithSkipCodePrefixes("ExternalError", "EndpointError")
	t.Run("skipped", func(t *testing.T) {
		body := `{"code": "ExternalError.DirListingFailed.LoginFailed", "message": "login failed", "request_id": "r9"}`
		s := newScript(t, step{status: 502, body: body}, step{status: 200})
		d, clk := newDoer(t, s.srv, opt)
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/ls", "")
		e := asAPIError(t, err)
		if e.Code != "ExternalError.DirListingFailed.LoginFailed" || string(e.Body) != body || s.calls() != 1 {
			t.Errorf("got %q %q after %d requests", e.Code, e.Body, s.calls())
		}
		wantSleeps(t, clk)
	})
	t.Run("other codes retried", func(t *testing.T) {
		s := newScript(t, step{status: 502, body: `{"code": "EndpointErrorX", "message": "m"}`}, step{status: 200, body: "fine"})
		d, _ := newDoer(t, s.srv, opt)
		_, body, err := send(t, t.Context(), d, "GET", s.srv.URL+"/ls", "")
		if err != nil || body != "fine" || s.calls() != 2 {
			t.Errorf("got %q, %v after %d requests", body, err, s.calls())
		}
	})
	t.Run("the body read to find the code reaches the caller whole", func(t *testing.T) {
		big := `{"code": "EndpointError", "pad": "` + strings.Repeat("x", 100000) + `"}`
		s := newScript(t, step{status: 429, body: big})
		d, _ := newDoer(t, s.srv, opt)
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/ls", "")
		if e := asAPIError(t, err); string(e.Body) != big {
			t.Errorf("body of %d bytes; want %d", len(e.Body), len(big))
		}
	})
}

func TestHeaders(t *testing.T) {
	s := newScript(t, step{status: 200})
	d, _ := newDoer(t, s.srv)
	if _, _, err := send(t, t.Context(), d, "GET", s.srv.URL, ""); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", s.srv.URL, nil)
	req.Header.Set("Accept", "text/csv")
	resp, err := d.Do(req)
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
}

func TestErrorsLayer(t *testing.T) {
	t.Run("transfer error", func(t *testing.T) {
		body := `{"code": "ClientError.NotFound", "message": "Task abc not found", "request_id": "Rq", "resource": "/task/abc"}`
		s := newScript(t, step{status: 404, body: body, header: map[string]string{"X-Extra": "1"}})
		d, _ := newDoer(t, s.srv)
		resp, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/task/abc?fields=status", "")
		if resp != nil {
			t.Error("a response came with the error")
		}
		e := asAPIError(t, err)
		if e.StatusCode != 404 || e.Code != "ClientError.NotFound" || e.Message != "Task abc not found" ||
			e.RequestID != "Rq" || string(e.Body) != body || e.Method != "GET" || e.Header.Get("X-Extra") != "1" {
			t.Errorf("got %+v", e)
		}
		if want := "globus: GET " + s.srv.URL + "/task/abc: 404 ClientError.NotFound: Task abc not found (request_id Rq)"; e.Error() != want {
			t.Errorf("Error() = %q; want %q", e.Error(), want)
		}
	})
	t.Run("html 502 page", func(t *testing.T) {
		page := "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
		s := newScript(t, step{status: 502, body: page, header: map[string]string{"Content-Type": "text/html"}})
		d, clk := newDoer(t, s.srv)
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", "")
		e := asAPIError(t, err)
		if e.StatusCode != 502 || e.Code != "" || e.Message != "Bad Gateway" || string(e.Body) != page {
			t.Errorf("got %+v", e)
		}
		if s.calls() != 1+DefaultMaxRetries || len(clk.got()) != DefaultMaxRetries {
			t.Errorf("%d requests and %d sleeps", s.calls(), len(clk.got()))
		}
	})
	t.Run("auth error", func(t *testing.T) {
		body := `{"errors": [{"status": "403", "id": "i", "code": "FORBIDDEN", "detail": "Call must be authenticated", "title": "Unauthorized"}], "error": "unauthorized", "error_description": "Unauthorized"}`
		s := newScript(t, step{status: 403, body: body})
		d, _ := newDoer(t, s.srv)
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/v2/oauth2/userinfo", "")
		e := asAPIError(t, err)
		if e.Code != "unauthorized" || len(e.Errors) != 1 || e.Errors[0].Code != "FORBIDDEN" {
			t.Errorf("got %+v", e)
		}
	})
	t.Run("success and redirects pass through", func(t *testing.T) {
		for _, status := range []int{200, 201, 204, 304} {
			s := newScript(t, step{status: status, body: "b"})
			d, _ := newDoer(t, s.srv)
			resp, _, err := send(t, t.Context(), d, "GET", s.srv.URL, "")
			if err != nil || resp.StatusCode != status {
				t.Errorf("%d: got %v, %v", status, resp, err)
			}
		}
	})
}

func TestStaticAuthorizerInChain(t *testing.T) {
	t.Run("401 is not retried", func(t *testing.T) {
		s := newScript(t, step{status: 401, body: `{"code": "AuthenticationFailed", "message": "Token is not active"}`})
		d, clk := newDoer(t, s.srv, WithAuthorizer(authorizers.NewAccessTokenAuthorizer("tok-1")))
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", "")
		if e := asAPIError(t, err); e.StatusCode != 401 || e.Code != "AuthenticationFailed" {
			t.Errorf("got %v", e)
		}
		if s.calls() != 1 {
			t.Errorf("server saw %d requests; want 1", s.calls())
		}
		if got := s.received()[0].header.Get("Authorization"); got != "Bearer tok-1" {
			t.Errorf("Authorization = %q", got)
		}
		wantSleeps(t, clk)
	})
	t.Run("every retry is authorized", func(t *testing.T) {
		s := newScript(t, step{status: 503}, step{status: 200})
		d, _ := newDoer(t, s.srv, WithAuthorizer(authorizers.NewAccessTokenAuthorizer("tok-1")))
		if _, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", ""); err != nil {
			t.Fatal(err)
		}
		for i, r := range s.received() {
			if got := r.header.Get("Authorization"); got != "Bearer tok-1" {
				t.Errorf("request %d: Authorization = %q", i, got)
			}
		}
	})
}

// renewOnce is an Authorizer whose first 401 switches it to a second token.
type renewOnce struct {
	mu      sync.Mutex
	renewed bool
	asked   int
}

func (a *renewOnce) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.renewed {
		h.Set("Authorization", "Bearer second")
	} else {
		h.Set("Authorization", "Bearer first")
	}
	return nil
}

func (a *renewOnce) HandleMissingAuthorization(context.Context) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked++
	if a.renewed {
		return false
	}
	a.renewed = true
	return true
}

func TestRenewingAuthorizerInsideRetries(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []string // Authorization headers the server sees, in order
	}{
		{"503 then 401 then success", []step{{status: 503}, {status: 401}, {status: 200}}, []string{"Bearer first", "Bearer first", "Bearer second"}},
		{"401 then 503 then success", []step{{status: 401}, {status: 503}, {status: 200}}, []string{"Bearer first", "Bearer second", "Bearer second"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, tc.steps...)
			a := &renewOnce{}
			d, clk := newDoer(t, s.srv, WithAuthorizer(a))
			payload := `{"submission_id": "x"}`
			resp, _, err := send(t, WithIdempotent(t.Context()), d, "POST", s.srv.URL+"/transfer", payload)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("got %v, %v", resp, err)
			}
			var got []string
			for _, r := range s.received() {
				got = append(got, r.header.Get("Authorization"))
				if r.body != payload {
					t.Errorf("body %q; want %q", r.body, payload)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Authorization headers %q; want %q", got, tc.want)
			}
			if n := len(clk.got()); n != 1 {
				t.Errorf("slept %d times; want 1 (only for the 503)", n)
			}
		})
	}
	t.Run("a second 401 is final", func(t *testing.T) {
		s := newScript(t, step{status: 401})
		a := &renewOnce{}
		d, clk := newDoer(t, s.srv, WithAuthorizer(a))
		_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", "")
		if e := asAPIError(t, err); e.StatusCode != 401 || s.calls() != 2 {
			t.Errorf("got %d after %d requests; want 401 after 2", e.StatusCode, s.calls())
		}
		wantSleeps(t, clk)
	})
}

// failingAuthorizer cannot produce a header.
type failingAuthorizer struct{ calls atomic.Int32 }

var errNoToken = errors.New("no token for you")

func (a *failingAuthorizer) SetAuthorizationHeader(context.Context, http.Header) error {
	a.calls.Add(1)
	return &net.OpError{Op: "dial", Net: "tcp", Err: errNoToken} // looks like a dial error, but is not the transport's
}

func (a *failingAuthorizer) HandleMissingAuthorization(context.Context) bool { return false }

func TestAuthorizerErrorsAreNotRetried(t *testing.T) {
	s := newScript(t, step{status: 200})
	a := &failingAuthorizer{}
	d, clk := newDoer(t, s.srv, WithAuthorizer(a))
	_, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/x", "")
	if !errors.Is(err, errNoToken) || a.calls.Load() != 1 || s.calls() != 0 {
		t.Errorf("got %v after %d authorizer calls and %d requests", err, a.calls.Load(), s.calls())
	}
	wantSleeps(t, clk)
}

// redirectDoer sends every request to srv, whatever its host.
type redirectDoer struct{ srv *httptest.Server }

func (d redirectDoer) Do(r *http.Request) (*http.Response, error) {
	u, _ := url.Parse(d.srv.URL)
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = u.Scheme, u.Host, ""
	r2.RequestURI = ""
	return d.srv.Client().Do(r2)
}

func TestInsecureHTTP(t *testing.T) {
	s := newScript(t, step{status: 200})
	base := "http://transfer.example.org"
	build := func(opts ...Option) authorizers.Doer {
		c, err := NewConfig(base, append([]Option{WithHTTPClient(redirectDoer{s.srv}), WithAuthorizer(authorizers.NewAccessTokenAuthorizer("t"))}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		clk := &clock{}
		c.sleep = clk.sleep
		return c.Doer()
	}
	_, _, err := send(t, t.Context(), build(), "GET", base+"/x", "")
	if !errors.Is(err, authorizers.ErrInsecureTransport) || s.calls() != 0 {
		t.Errorf("got %v after %d requests; want ErrInsecureTransport and none", err, s.calls())
	}
	if _, _, err := send(t, t.Context(), build(WithInsecureHTTP()), "GET", base+"/x", ""); err != nil || s.calls() != 1 {
		t.Errorf("with WithInsecureHTTP: %v after %d requests", err, s.calls())
	}
}

func TestWithoutRetries(t *testing.T) {
	s := newScript(t, step{status: 503}, step{status: 200})
	d, clk := newDoer(t, s.srv, WithoutRetries())
	_, _, err := send(t, t.Context(), d, "GET", s.srv.URL, "")
	if e := asAPIError(t, err); e.StatusCode != 503 || s.calls() != 1 {
		t.Errorf("got %d after %d requests", e.StatusCode, s.calls())
	}
	wantSleeps(t, clk)
}

func TestDefaultHTTPClient(t *testing.T) {
	s := newScript(t, step{status: 200, body: "ok"})
	c, err := NewConfig(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Doer()
	// Find the client at the bottom of the chain, to check it and to close
	// its connections afterwards.
	rd := d.(errorDoer).next.(headerDoer).next.(*retryDoer)
	hc, ok := rd.next.(*http.Client)
	if !ok {
		t.Fatalf("bottom of the chain is %T; want *http.Client", rd.next)
	}
	defer hc.CloseIdleConnections()
	if hc.CheckRedirect == nil {
		t.Error("the default client has no redirect guard")
	}
	if _, ok := hc.Transport.(recordingTransport); !ok {
		t.Errorf("transport is %T; want recordingTransport", hc.Transport)
	}
	if _, body, err := send(t, t.Context(), d, "GET", s.srv.URL, ""); err != nil || body != "ok" {
		t.Errorf("got %q, %v", body, err)
	}
	if rd.policy.MaxRetries != DefaultMaxRetries || rd.policy.AttemptTimeout != DefaultAttemptTimeout {
		t.Errorf("policy %+v is not the default", rd.policy)
	}
}

func TestDebugLogs(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&buf, &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	busy := step{status: 503, header: map[string]string{"Retry-After": "1"}}
	s := newScript(t, busy, busy, step{status: 200})
	d, _ := newDoer(t, s.srv, WithLogger(logger), WithAuthorizer(authorizers.NewAccessTokenAuthorizer("secret-token-value")))
	if _, _, err := send(t, t.Context(), d, "POST", s.srv.URL+"/path?q=secret-query", "secret-body"); err == nil {
		t.Fatal("a plain POST with 503 succeeded")
	}
	if _, _, err := send(t, t.Context(), d, "GET", s.srv.URL+"/path?q=secret-query", ""); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	for _, want := range []string{"globus: retrying", "method=GET", "url=" + s.srv.URL + "/path", "status=503", "attempt=1", "sleep=1s", "status=200", "attempt=2"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("logs hold a secret:\n%s", out)
	}
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

func TestNewConfig(t *testing.T) {
	c, err := NewConfig("https://transfer.api.globus.org/v0.10")
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://transfer.api.globus.org/v0.10" || c.HTTPClient != nil || c.Authorizer != nil || c.AllowInsecureHTTP {
		t.Errorf("defaults: %+v", c)
	}
	a := authorizers.NewAccessTokenAuthorizer("x")
	hc := &http.Client{}
	logger := slog.New(slog.DiscardHandler)
	c, err = NewConfig("https://a.example", WithBaseURL("http://127.0.0.1:8080/base/"), WithAuthorizer(a), WithHTTPClient(hc),
		WithLogger(logger), WithInsecureHTTP(), WithRetryPolicy(RetryPolicy{MaxRetries: 2}), WithSkipCodePrefixes("ExternalError"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "http://127.0.0.1:8080/base/" || c.Authorizer != a || c.HTTPClient != hc || c.Logger != logger ||
		!c.AllowInsecureHTTP || c.Retry.MaxRetries != 2 || !slices.Equal(c.Retry.SkipCodePrefixes, []string{"ExternalError"}) {
		t.Errorf("options not applied: %+v", c)
	}

	for _, bad := range []string{"", "transfer.api.globus.org", "ftp://host/", "https://", "https://user:pw@host/",
		"https://host/?q=1", "https://host/#frag", "https://host/%zz", "://nope"} {
		_, err := NewConfig(bad)
		if !errors.Is(err, ErrInvalidBaseURL) {
			t.Errorf("NewConfig(%q) = %v; want ErrInvalidBaseURL", bad, err)
		} else if bad != "" && !strings.Contains(bad, "@") && !strings.Contains(err.Error(), strconv.Quote(bad)) {
			t.Errorf("error %q does not name the URL", err)
		}
	}
	for _, p := range []RetryPolicy{{BaseDelay: -1}, {MaxSleep: -time.Second}, {RetryStatuses: []int{200}}, {RetryStatuses: []int{600}}} {
		if _, err := NewConfig("https://h", WithRetryPolicy(p)); !errors.Is(err, ErrInvalidRetryPolicy) {
			t.Errorf("policy %+v: %v; want ErrInvalidRetryPolicy", p, err)
		}
	}
}

func TestDefaultRetryPolicy(t *testing.T) {
	p := DefaultRetryPolicy()
	if p.MaxRetries != 5 || p.BaseDelay != 250*time.Millisecond || p.MaxSleep != 10*time.Second ||
		p.AttemptTimeout != 60*time.Second || !slices.Equal(p.RetryStatuses, []int{429, 500, 502, 503, 504}) || p.SkipCodePrefixes != nil {
		t.Errorf("DefaultRetryPolicy() = %+v", p)
	}
	if got := (RetryPolicy{MaxRetries: -1}).withDefaults().MaxRetries; got != 0 {
		t.Errorf("negative MaxRetries became %d; want 0", got)
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

// TestOneRenewalPerCall checks that the attempts of the retry layer share
// the single renewal after a 401: a server that alternates 401 and 503
// must not make every attempt fetch a new token.
func TestOneRenewalPerCall(t *testing.T) {
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		n := fetches.Add(1)
		return authorizers.TokenData{AccessToken: "tok-" + strconv.FormatInt(n, 10), ExpiresAt: time.Now().Add(time.Hour)}, nil
	})

	// answers holds the statuses still to send; then 200.
	var mu sync.Mutex
	var answers []int
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		status := http.StatusOK
		if len(answers) > 0 {
			status, answers = answers[0], answers[1:]
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"code": "x"}`)
	}))
	t.Cleanup(srv.Close)
	script := func(statuses ...int) {
		mu.Lock()
		defer mu.Unlock()
		answers, seen = statuses, nil
	}
	headers := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
	d, _ := newDoer(t, srv, WithAuthorizer(a))

	// 401 and 503 in turn, for longer than the retries last: one renewal,
	// then the second 401 ends the call.
	script(401, 503, 401, 503, 401, 503, 401, 503, 401, 503, 401, 503)
	_, _, err := send(t, t.Context(), d, "GET", srv.URL+"/task/1", "")
	if e := asAPIError(t, err); e.StatusCode != 401 {
		t.Fatalf("status %d; want 401", e.StatusCode)
	}
	if got, want := headers(), []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}; !slices.Equal(got, want) {
		t.Errorf("Authorization headers %q; want %q", got, want)
	}
	if n := fetches.Load(); n != 2 {
		t.Fatalf("%d token fetches; want 2 (the first token and one renewal)", n)
	}

	// The next call has its own allowance: 401, 503, 503, then 200
	// succeeds after one more renewal.
	script(401, 503, 503)
	resp, _, err := send(t, t.Context(), d, "GET", srv.URL+"/task/2", "")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("got %v, %v; want 200", resp, err)
	}
	if got, want := headers(), []string{"Bearer tok-2", "Bearer tok-3", "Bearer tok-3", "Bearer tok-3"}; !slices.Equal(got, want) {
		t.Errorf("Authorization headers %q; want %q", got, want)
	}
	if n := fetches.Load(); n != 3 {
		t.Fatalf("%d token fetches; want 3", n)
	}
}

func TestNilHTTPClientMeansDefault(t *testing.T) {
	s := newScript(t, step{status: 200, body: "ok"})
	for _, hc := range []authorizers.Doer{nil, (*http.Client)(nil)} {
		c, err := NewConfig(s.srv.URL, WithHTTPClient(hc), WithAuthorizer(authorizers.NewAccessTokenAuthorizer("t")))
		if err != nil {
			t.Fatal(err)
		}
		d := c.Doer()
		if _, body, err := send(t, t.Context(), d, "GET", s.srv.URL, ""); err != nil || body != "ok" {
			t.Errorf("%T: got %q, %v", hc, body, err)
		}
	}
	for i, r := range s.received() {
		if got := r.header.Get("Authorization"); got != "Bearer t" {
			t.Errorf("request %d: Authorization %q", i, got)
		}
	}
	// The default clients' idle connections end with the server.
	s.srv.CloseClientConnections()
}
