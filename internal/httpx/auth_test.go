package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// counted is a renewing authorizer whose N-th token is "at-N".
func counted() (*authorizers.RenewingAuthorizer, *atomic.Int64) {
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		n := fetches.Add(1)
		return authorizers.TokenData{AccessToken: globus.Secret("at-" + strconv.FormatInt(n, 10)), ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	return a, &fetches
}

// accepting answers 200 to the Authorization headers accept likes, else 401.
func accepting(accept func(auth string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !accept(r.Header.Get("Authorization")) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"code": "AuthenticationFailed"}`)
			return
		}
		_, _ = io.WriteString(w, `{"ok": true}`)
	})
}

func auths(s *memServer) []string {
	var out []string
	for _, r := range s.received() {
		out = append(out, r.header.Get("Authorization"))
	}
	return out
}

// fakeLogin is an authorizers.LoginClient whose N-th refresh gives "at-N".
type fakeLogin struct{ n atomic.Int64 }

func (l *fakeLogin) RefreshTokens(_ context.Context, rt string) (authorizers.TokenData, error) {
	if rt != "rt-0" {
		return authorizers.TokenData{}, errors.New("wrong refresh token " + rt)
	}
	n := l.n.Add(1)
	return authorizers.TokenData{AccessToken: globus.Secret("at-" + strconv.FormatInt(n, 10)), ExpiresAt: time.Now().Add(time.Hour)}, nil
}

func TestRetryAfter401WithSameBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		login := &fakeLogin{}
		p, s := pipe(accepting(func(a string) bool { return a == "Bearer at-2" }),
			withAuth(authorizers.NewRefreshTokenAuthorizer("rt-0", login)))
		payload := `{"DATA_TYPE":"transfer","DATA":[{"source_path":"/a"}]}`
		resp, _, err := send(t, t.Context(), p, http.MethodPost, base+"/v0.10/transfer", payload)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("got %v, %v; want 200 after the renewal", resp, err)
		}
		got := s.received()
		if len(got) != 2 {
			t.Fatalf("%d requests, want 2", len(got))
		}
		if h := auths(s); h[0] != "Bearer at-1" || h[1] != "Bearer at-2" {
			t.Errorf("headers %q; want at-1 then at-2", h)
		}
		for i, r := range got {
			if r.method != http.MethodPost || r.body != payload {
				t.Errorf("attempt %d: %s with body %q, want POST with %q", i+1, r.method, r.body, payload)
			}
		}
		if n := login.n.Load(); n != 2 {
			t.Errorf("%d token requests, want 2", n)
		}
	})
}

func TestSecond401IsFinal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, fetches := counted()
		p, s := pipe(accepting(func(string) bool { return false }), withAuth(a))
		start := time.Now()
		_, _, err := send(t, t.Context(), p, http.MethodGet, base+"/x", "")
		if e := asAPIError(t, err); e.StatusCode != 401 || s.calls() != 2 {
			t.Errorf("got %d after %d requests; want 401 after 2", e.StatusCode, s.calls())
		}
		if n := fetches.Load(); n != 2 {
			t.Errorf("%d fetches; want 2", n)
		}
		if time.Since(start) != 0 {
			t.Error("a 401 waited like a retryable status")
		}
	})
}

func TestStaticAuthorizersNeverRenew(t *testing.T) {
	for _, a := range []authorizers.Authorizer{
		authorizers.NullAuthorizer{},
		authorizers.NewAccessTokenAuthorizer("static-token"),
		authorizers.NewBasicAuthorizer("user", "pass"),
	} {
		synctest.Test(t, func(t *testing.T) {
			p, s := pipe(accepting(func(string) bool { return false }), withAuth(a))
			_, _, err := send(t, t.Context(), p, http.MethodGet, base+"/x", "")
			if e := asAPIError(t, err); e.StatusCode != 401 || s.calls() != 1 {
				t.Errorf("%T: status %d after %d requests; want one 401", a, e.StatusCode, s.calls())
			}
		})
	}
	synctest.Test(t, func(t *testing.T) {
		p, s := pipe(steps(step{status: 503}, step{status: 200}), withAuth(authorizers.NewAccessTokenAuthorizer("tok-1")))
		if _, _, err := send(t, t.Context(), p, "GET", base+"/x", ""); err != nil {
			t.Fatal(err)
		}
		if h := auths(s); !slices.Equal(h, []string{"Bearer tok-1", "Bearer tok-1"}) {
			t.Errorf("every attempt must be authorized: %q", h)
		}
	})
}

func TestNo401RetryForUnreplayableBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, _ := counted()
		p, s := pipe(accepting(func(auth string) bool { return auth == "Bearer at-2" }), withAuth(a))
		// A plain io.Reader gives the request no GetBody.
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPut, base+"/x", io.MultiReader(strings.NewReader("once")))
		_, err := p.Do(req)
		if e := asAPIError(t, err); e.StatusCode != 401 || s.calls() != 1 {
			t.Errorf("status %d after %d requests; want one 401", e.StatusCode, s.calls())
		}
	})
}

// renewOnce is an Authorizer whose first 401 switches it to a second
// token. It records the rejected headers it is told about.
type renewOnce struct {
	mu       sync.Mutex
	renewed  bool
	rejected []string
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

func (a *renewOnce) HandleMissingAuthorization(_ context.Context, rejected string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rejected = append(a.rejected, rejected)
	if a.renewed {
		return false
	}
	a.renewed = true
	return true
}

func TestRenewalInsideRetries(t *testing.T) {
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
			synctest.Test(t, func(t *testing.T) {
				a := &renewOnce{}
				p, s := pipe(steps(tc.steps...), withAuth(a))
				payload := `{"submission_id": "x"}`
				resp, _, err := send(t, idempotent(t.Context()), p, "POST", base+"/transfer", payload)
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("got %v, %v", resp, err)
				}
				for _, r := range s.received() {
					if r.body != payload {
						t.Errorf("body %q; want %q", r.body, payload)
					}
				}
				if got := auths(s); !slices.Equal(got, tc.want) {
					t.Errorf("Authorization headers %q; want %q", got, tc.want)
				}
				if !slices.Equal(a.rejected, []string{"Bearer first"}) {
					t.Errorf("HandleMissingAuthorization got %q; want the rejected header once", a.rejected)
				}
			})
		})
	}
}

// TestOneRenewalPerCall checks that the attempts of the retry stage share
// the single renewal after a 401: a server that alternates 401 and 503
// must not make every attempt fetch a new token.
func TestOneRenewalPerCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, fetches := counted()
		var answers []int
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			status := http.StatusOK
			if len(answers) > 0 {
				status, answers = answers[0], answers[1:]
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"code": "x"}`)
		})
		p, s := pipe(h, withAuth(a))

		// 401 and 503 in turn, for longer than the retries last: one
		// renewal, then the second 401 ends the call.
		answers = []int{401, 503, 401, 503, 401, 503, 401, 503, 401, 503, 401, 503}
		_, _, err := send(t, t.Context(), p, "GET", base+"/task/1", "")
		if e := asAPIError(t, err); e.StatusCode != 401 {
			t.Fatalf("status %d; want 401", e.StatusCode)
		}
		if got, want := auths(s), []string{"Bearer at-1", "Bearer at-2", "Bearer at-2"}; !slices.Equal(got, want) {
			t.Errorf("Authorization headers %q; want %q", got, want)
		}
		if n := fetches.Load(); n != 2 {
			t.Fatalf("%d token fetches; want 2 (the first token and one renewal)", n)
		}

		// The next call has its own renewal: 401, 503, 503, then 200.
		answers = []int{401, 503, 503}
		resp, _, err := send(t, t.Context(), p, "GET", base+"/task/2", "")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("got %v, %v; want 200", resp, err)
		}
		if got, want := auths(s)[3:], []string{"Bearer at-2", "Bearer at-3", "Bearer at-3", "Bearer at-3"}; !slices.Equal(got, want) {
			t.Errorf("Authorization headers %q; want %q", got, want)
		}
		if n := fetches.Load(); n != 3 {
			t.Fatalf("%d token fetches; want 3", n)
		}
	})
}

func Test401BurstRenewsOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, fetches := counted()
		if err := a.SetAuthorizationHeader(t.Context(), http.Header{}); err != nil {
			t.Fatal(err)
		}
		// Every request is sent with at-1 before any 401 comes back: the
		// handlers hold until all have arrived.
		const n = 50
		var arrived sync.WaitGroup
		arrived.Add(n)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") == "Bearer at-1" {
				arrived.Done()
				arrived.Wait()
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		p, s := pipe(h, withAuth(a))
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if _, _, err := send(t, t.Context(), p, http.MethodGet, base+"/x", ""); err != nil {
					t.Errorf("Do: %v", err)
				}
			})
		}
		wg.Wait()
		if got := fetches.Load(); got != 2 {
			t.Fatalf("%d token fetches for a burst of 401s on one token, want 2 (first token + one renewal)", got)
		}
		if s.calls() != 2*n {
			t.Errorf("%d requests; want %d", s.calls(), 2*n)
		}
	})
}

func TestRenewalErrorStopsRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fail := errors.New("invalid_grant")
		a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
			return authorizers.TokenData{}, fail
		})
		p, s := pipe(steps(step{status: 200}), withAuth(a))
		start := time.Now()
		_, _, err := send(t, t.Context(), p, http.MethodGet, base+"/x", "")
		var re *authorizers.RenewalError
		if !errors.As(err, &re) || !errors.Is(err, fail) {
			t.Fatalf("got %v, want a *RenewalError", err)
		}
		if n := s.calls(); n != 0 {
			t.Fatalf("%d requests reached the resource server without a token", n)
		}
		if time.Since(start) != 0 {
			t.Error("an authorizer error was retried")
		}
	})
}

// failingAuthorizer fails with an error that looks like a dial error, but
// is not the transport's: it must not be retried.
type failingAuthorizer struct{ calls atomic.Int32 }

var errNoToken = errors.New("no token for you")

func (a *failingAuthorizer) SetAuthorizationHeader(context.Context, http.Header) error {
	a.calls.Add(1)
	return &net.OpError{Op: "dial", Net: "tcp", Err: errNoToken}
}

func (a *failingAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }

func TestAuthorizerErrorsAreNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := &failingAuthorizer{}
		p, s := pipe(steps(step{status: 200}), withAuth(a))
		_, _, err := send(t, t.Context(), p, "GET", base+"/x", "")
		if !errors.Is(err, errNoToken) || a.calls.Load() != 1 || s.calls() != 0 {
			t.Errorf("got %v after %d authorizer calls and %d requests", err, a.calls.Load(), s.calls())
		}
	})
}

// headerAuthorizer is an authorizer from outside the SDK that sets a fixed
// header (or none, when it is empty).
type headerAuthorizer struct {
	h     string
	asked atomic.Int32
}

func (a *headerAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	a.asked.Add(1)
	if a.h == "" {
		h.Del("Authorization")
	} else {
		h.Set("Authorization", a.h)
	}
	return nil
}

func (*headerAuthorizer) HandleMissingAuthorization(context.Context, string) bool { return false }

func TestPlainHTTPRefusedBeforeFetchingToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const remote = "http://transfer.example.org"
		build := func(a authorizers.Authorizer, allow bool) (*Pipeline, *memServer) {
			return pipe(steps(step{status: 200}), func(c *Config) {
				c.BaseURL = remote
				c.Authorizer = a
				c.AllowInsecureHTTP = allow
			})
		}
		a, fetches := counted()
		p, s := build(a, false)
		_, _, err := send(t, t.Context(), p, "GET", remote+"/x", "")
		if !errors.Is(err, authorizers.ErrInsecureTransport) || s.calls() != 0 {
			t.Errorf("got %v after %d requests; want ErrInsecureTransport and none", err, s.calls())
		}
		if n := fetches.Load(); n != 0 {
			t.Errorf("%d token fetches for a refused request; want 0", n)
		}
		for _, tok := range []authorizers.Authorizer{authorizers.NewAccessTokenAuthorizer("secret-token"), authorizers.NewBasicAuthorizer("id", "pw")} {
			p, s = build(tok, false)
			_, _, err = send(t, t.Context(), p, "GET", remote+"/x", "")
			if !errors.Is(err, authorizers.ErrInsecureTransport) || s.calls() != 0 || strings.Contains(err.Error(), "secret-token") {
				t.Errorf("%T: got %v after %d requests; want ErrInsecureTransport, without the token, and none", tok, err, s.calls())
			}
		}

		// Any other authorizer is refused before it is asked, even one that
		// would set no header: only NullAuthorizer is exempt.
		for _, h := range []string{"Bearer other", ""} {
			ha := &headerAuthorizer{h: h}
			p, s = build(ha, false)
			if _, _, err := send(t, t.Context(), p, "GET", remote+"/x", ""); !errors.Is(err, authorizers.ErrInsecureTransport) || s.calls() != 0 {
				t.Errorf("foreign authorizer %q: got %v after %d requests", h, err, s.calls())
			}
			if ha.asked.Load() != 0 {
				t.Errorf("foreign authorizer %q was asked for a refused request", h)
			}
		}

		// Allowed, the token goes.
		p, s = build(authorizers.NewAccessTokenAuthorizer("secret-token"), true)
		if _, _, err := send(t, t.Context(), p, "GET", remote+"/x", ""); err != nil || !slices.Equal(auths(s), []string{"Bearer secret-token"}) {
			t.Errorf("AllowInsecureHTTP: %v, headers %q", err, auths(s))
		}
		// To loopback it goes without being allowed.
		for _, local := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:2"} {
			p, s = build(authorizers.NewAccessTokenAuthorizer("t"), false)
			if _, _, err := send(t, t.Context(), p, "GET", local+"/x", ""); err != nil || s.calls() != 1 {
				t.Errorf("%s: %v after %d requests", local, err, s.calls())
			}
		}
	})
}

// TestNullAuthorizerGoesAnywhere: without a credential nothing is refused,
// and any Authorization header the caller set is removed.
func TestNullAuthorizerGoesAnywhere(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, u := range []string{"http://transfer.example.org/x", "https://transfer.example.org/x", "http://127.0.0.1/x"} {
			p, s := pipe(steps(step{status: 200}), withAuth(authorizers.NullAuthorizer{}))
			req, _ := http.NewRequestWithContext(t.Context(), "GET", u, nil)
			req.Header.Set("Authorization", "Bearer leftover")
			resp, err := p.Do(req)
			if err != nil {
				t.Errorf("%s: %v", u, err)
				continue
			}
			resp.Body.Close()
			if h := auths(s); len(h) != 1 || h[0] != "" {
				t.Errorf("%s: Authorization headers %q; want one request without", u, h)
			}
		}
	})
}
