package authorizers_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// rotating is an authorizer whose n-th token is "Bearer tok-n"; a 401
// moves it to the next one when renew says so.
type rotating struct {
	mu      sync.Mutex
	n       int
	renew   bool
	handled []string // the rejected headers it was told about
}

func (r *rotating) header() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return "Bearer tok-" + strconv.Itoa(r.n)
}

func (r *rotating) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	h.Set("Authorization", r.header())
	return nil
}

func (r *rotating) HandleMissingAuthorization(_ context.Context, rejected string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handled = append(r.handled, rejected)
	if r.renew {
		r.n++
	}
	return r.renew
}

func (r *rotating) told() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.handled...)
}

// closeTracker records whether a request body was closed.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

func doRequest(t *testing.T, hc *http.Client, req *http.Request) (int, error) {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

func TestTransportAuthorizesAndLeavesTheRequestAlone(t *testing.T) {
	rs := newResourceServer(t, func(h string) bool { return h == "Bearer tok-0" })
	a := &rotating{}
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL+"/x", nil)
	req.Header.Set("X-Mine", "1")
	status, err := doRequest(t, hc, req)
	if err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v; want 200", status, err)
	}
	if req.Header.Get("Authorization") != "" || len(req.Header) != 1 {
		t.Errorf("the caller's request was changed: %v", req.Header)
	}
	if got := rs.requests(); len(got) != 1 || got[0].auth != "Bearer tok-0" {
		t.Fatalf("server saw %+v", got)
	}
	if len(a.told()) != 0 {
		t.Error("the authorizer was told of a 401 that did not happen")
	}
}

func TestTransportRetriesOnceAfter401WithTheBodyAgain(t *testing.T) {
	rs := newResourceServer(t, func(h string) bool { return h == "Bearer tok-1" })
	a := &rotating{renew: true}
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	// http.NewRequest sets GetBody for a *strings.Reader.
	req, _ := http.NewRequest(http.MethodPost, rs.srv.URL+"/submit", strings.NewReader(`{"n":1}`))
	status, err := doRequest(t, hc, req)
	if err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v; want 200 after one renewal", status, err)
	}
	got := rs.requests()
	if len(got) != 2 || got[0].auth != "Bearer tok-0" || got[1].auth != "Bearer tok-1" {
		t.Fatalf("server saw %+v", got)
	}
	for i, s := range got {
		if string(s.body) != `{"n":1}` {
			t.Errorf("attempt %d carried body %q", i, s.body)
		}
	}
	if told := a.told(); len(told) != 1 || told[0] != "Bearer tok-0" {
		t.Errorf("HandleMissingAuthorization got %q; want the rejected header once", told)
	}
}

func TestTransportRetriesAtMostOnce(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return false })
	a := &rotating{renew: true}
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
	status, err := doRequest(t, hc, req)
	if err != nil || status != http.StatusUnauthorized {
		t.Fatalf("got %d, %v; want the second 401", status, err)
	}
	if n := len(rs.requests()); n != 2 {
		t.Fatalf("%d requests; want 2", n)
	}
}

func TestTransportDoesNotRetry(t *testing.T) {
	t.Run("authorizer cannot renew", func(t *testing.T) {
		rs := newResourceServer(t, func(string) bool { return false })
		a := &rotating{}
		hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
		req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
		if status, err := doRequest(t, hc, req); err != nil || status != http.StatusUnauthorized {
			t.Fatalf("got %d, %v; want 401", status, err)
		}
		if n := len(rs.requests()); n != 1 || len(a.told()) != 1 {
			t.Fatalf("%d requests, told %d times; want 1 and 1", n, len(a.told()))
		}
	})
	t.Run("body without GetBody", func(t *testing.T) {
		rs := newResourceServer(t, func(string) bool { return false })
		a := &rotating{renew: true}
		hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
		req, _ := http.NewRequest(http.MethodPost, rs.srv.URL, io.NopCloser(strings.NewReader("once")))
		req.GetBody = nil
		if status, err := doRequest(t, hc, req); err != nil || status != http.StatusUnauthorized {
			t.Fatalf("got %d, %v; want 401", status, err)
		}
		if n := len(rs.requests()); n != 1 || len(a.told()) != 0 {
			t.Fatalf("%d requests, told %d times; want 1 and 0: a body that cannot be sent again is not retried", n, len(a.told()))
		}
	})
	t.Run("no credential sent", func(t *testing.T) {
		rs := newResourceServer(t, func(string) bool { return false })
		hc := &http.Client{Transport: &authorizers.Transport{Authorizer: authorizers.NullAuthorizer{}}}
		req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
		req.Header.Set("Authorization", "Bearer callers-own")
		if status, err := doRequest(t, hc, req); err != nil || status != http.StatusUnauthorized {
			t.Fatalf("got %d, %v; want 401", status, err)
		}
		if got := rs.requests(); len(got) != 1 || got[0].auth != "" {
			t.Fatalf("server saw %+v; want one anonymous request", got)
		}
	})
}

func TestTransportWithRenewingAuthorizer(t *testing.T) {
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		n := fetches.Add(1)
		return authorizers.TokenData{AccessToken: globus.Secret("at-" + strconv.FormatInt(n, 10)), ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	rs := newResourceServer(t, func(h string) bool { return h == "Bearer at-2" })
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
	if status, err := doRequest(t, hc, req); err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v; want 200 with the renewed token", status, err)
	}
	if n := fetches.Load(); n != 2 {
		t.Fatalf("%d fetches; want 2 (the first token was revoked)", n)
	}
}

func TestTransportRefusesPlainHTTP(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return true })
	remote := remoteClient(t, rs).Transport
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		fetches.Add(1)
		return authorizers.TokenData{AccessToken: "secret-token", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	body := &closeTracker{Reader: strings.NewReader("x")}
	req, _ := http.NewRequest(http.MethodPost, "http://example.invalid/x", body)
	_, err := (&authorizers.Transport{Authorizer: a, Base: remote}).RoundTrip(req)
	if !errors.Is(err, authorizers.ErrInsecureTransport) {
		t.Fatalf("got %v; want ErrInsecureTransport", err)
	}
	if n := len(rs.requests()); n != 0 || fetches.Load() != 0 {
		t.Fatalf("%d requests sent and %d tokens fetched; want none", n, fetches.Load())
	}
	if !body.closed.Load() {
		t.Error("the refused request's body was not closed")
	}
	// Allowed explicitly, it goes.
	req, _ = http.NewRequest(http.MethodGet, "http://example.invalid/x", nil)
	resp, err := (&authorizers.Transport{Authorizer: a, Base: remote, AllowInsecureHTTP: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := rs.requests(); len(got) != 1 || got[0].auth != "Bearer secret-token" {
		t.Fatalf("server saw %+v", got)
	}
}

func TestTransportKeepsTheCredentialOffOtherHosts(t *testing.T) {
	other := newResourceServer(t, func(string) bool { return true })
	var first []string
	var mu sync.Mutex
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first = append(first, r.Header.Get("Authorization"))
		mu.Unlock()
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.srv.URL+"/landed", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/done", http.StatusFound)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(home.Close)
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: authorizers.NewAccessTokenAuthorizer("tok")}}

	req, _ := http.NewRequest(http.MethodGet, home.URL+"/away", nil)
	if status, err := doRequest(t, hc, req); err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v", status, err)
	}
	if got := other.requests(); len(got) != 1 || got[0].auth != "" {
		t.Fatalf("the other host saw %+v; want one request without a credential", got)
	}
	req, _ = http.NewRequest(http.MethodGet, home.URL+"/here", nil)
	if status, err := doRequest(t, hc, req); err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v", status, err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"Bearer tok", "Bearer tok", "Bearer tok"}
	if strings.Join(first, ",") != strings.Join(want, ",") {
		t.Fatalf("the home host saw %q; want %q", first, want)
	}
}

func TestTransportAuthorizerErrorClosesTheBody(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return true })
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		return authorizers.TokenData{}, errors.New("no token today")
	})
	body := &closeTracker{Reader: bytes.NewReader([]byte("x"))}
	req, _ := http.NewRequest(http.MethodPost, rs.srv.URL, body)
	_, err := (&authorizers.Transport{Authorizer: a}).RoundTrip(req)
	var re *authorizers.RenewalError
	if !errors.As(err, &re) {
		t.Fatalf("got %v; want a *RenewalError", err)
	}
	if !body.closed.Load() || len(rs.requests()) != 0 {
		t.Fatal("the body was not closed, or the request was sent")
	}
}

func TestZeroTransportSendsUnchanged(t *testing.T) {
	rs := newResourceServer(t, func(string) bool { return true })
	req, _ := http.NewRequest(http.MethodGet, rs.srv.URL, nil)
	req.Header.Set("Authorization", "Bearer callers-own")
	if status, err := doRequest(t, &http.Client{Transport: &authorizers.Transport{}}, req); err != nil || status != http.StatusOK {
		t.Fatalf("got %d, %v", status, err)
	}
	if got := rs.requests(); len(got) != 1 || got[0].auth != "Bearer callers-own" {
		t.Fatalf("server saw %+v", got)
	}
}
