package authorizers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
)

func TestLazyAndCached(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithClock(clock.Now))
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("constructor sent %d token requests, want 0", n)
	}
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatalf("header %q, want Bearer at-1", got)
	}
	for range 5 {
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("header %q, want Bearer at-1", got)
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("%d token requests, want 1", n)
	}
	if got := ts.formValues("refresh_token"); len(got) != 1 || got[0] != "rt-0" {
		t.Fatalf("refresh_token sent %q, want [rt-0]", got)
	}
}

func TestValidityMargin(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc,
		authorizers.WithClock(clock.Now), authorizers.WithExpiryMargin(90*time.Second), authorizers.WithRefreshAhead(0))

	td, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The token was requested at t0 with expires_in 3600.
	if want := t0.Add(time.Hour); !td.ExpiresAt.Equal(want) {
		t.Fatalf("ExpiresAt %v, want %v", td.ExpiresAt, want)
	}
	staleAt := t0.Add(time.Hour - 90*time.Second)
	clock.Set(staleAt.Add(-time.Nanosecond))
	if got := header(t, a); got != "Bearer at-1" || ts.requests.Load() != 1 {
		t.Fatalf("just before the margin: header %q after %d requests, want Bearer at-1 after 1", got, ts.requests.Load())
	}
	clock.Set(staleAt)
	if got := header(t, a); got != "Bearer at-2" || ts.requests.Load() != 2 {
		t.Fatalf("at the margin: header %q after %d requests, want Bearer at-2 after 2", got, ts.requests.Load())
	}
}

func TestWithAccessToken(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	var refreshed []authorizers.TokenData
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc,
		authorizers.WithClock(clock.Now),
		authorizers.WithAccessToken("stored-token", t0.Add(10*time.Minute)),
		authorizers.WithRefreshAhead(0),
		authorizers.WithOnRefresh(func(td authorizers.TokenData) { refreshed = append(refreshed, td) }))

	td, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if td.AccessToken != "stored-token" || td.RefreshToken != "rt-0" || !td.ExpiresAt.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("initial token %+v", td)
	}
	// Default margin: 60 s.
	clock.Set(t0.Add(9*time.Minute - time.Nanosecond))
	if got := header(t, a); got != "Bearer stored-token" {
		t.Fatalf("header %q, want the stored token", got)
	}
	if n := ts.requests.Load(); n != 0 || len(refreshed) != 0 {
		t.Fatalf("%d token requests and %d on_refresh calls for a valid stored token, want 0", n, len(refreshed))
	}
	clock.Set(t0.Add(9 * time.Minute))
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatalf("header %q, want Bearer at-1 once the stored token entered the margin", got)
	}
	if len(refreshed) != 1 || refreshed[0].AccessToken != "at-1" {
		t.Fatalf("on_refresh calls %v", refreshed)
	}
}

func TestExpiredAccessTokenIsRenewedAtFirstUse(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc,
		authorizers.WithClock(clock.Now), authorizers.WithAccessToken("old", t0.Add(-time.Hour)))
	if got := header(t, a); got != "Bearer at-1" || ts.requests.Load() != 1 {
		t.Fatalf("header %q after %d requests", got, ts.requests.Load())
	}
}

func TestConcurrentCallersShareOneRequest(t *testing.T) {
	ts, lc := refreshSetup(t)
	g := newGate(t)
	ts.hook = g.hold
	var onRefresh atomic.Int64
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc,
		authorizers.WithOnRefresh(func(authorizers.TokenData) { onRefresh.Add(1) }))

	const callers = 500
	var done sync.WaitGroup
	results := make([]string, callers)
	errs := make([]error, callers)
	for i := range callers {
		done.Add(1)
		go func() {
			defer done.Done()
			h := http.Header{}
			errs[i] = a.SetAuthorizationHeader(context.Background(), h)
			results[i] = h.Get("Authorization")
		}()
	}
	g.waitArrival(t)
	if !authorizers.WaitForWaiters(a, callers, 30*time.Second) {
		t.Fatal("not every caller is waiting for the token request")
	}
	g.Open()
	done.Wait()
	for i := range callers {
		if errs[i] != nil || results[i] != "Bearer at-1" {
			t.Fatalf("caller %d: header %q, error %v", i, results[i], errs[i])
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("%d token requests for %d callers, want 1", n, callers)
	}
	if n := onRefresh.Load(); n != 1 {
		t.Fatalf("on_refresh ran %d times, want 1", n)
	}
}

func TestCancelledWaiterStopsWaiting(t *testing.T) {
	ts, lc := refreshSetup(t)
	g := newGate(t)
	ts.hook = g.hold
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)

	// The first caller starts the request, then gives up.
	ctx, cancel := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() { firstErr <- a.SetAuthorizationHeader(ctx, http.Header{}) }()
	g.waitArrival(t)

	second := make(chan string, 1)
	go func() {
		h := http.Header{}
		if err := a.SetAuthorizationHeader(context.Background(), h); err != nil {
			t.Errorf("second caller: %v", err)
		}
		second <- h.Get("Authorization")
	}()

	if !authorizers.WaitForWaiters(a, 2, 30*time.Second) {
		t.Fatal("the two callers are not waiting")
	}
	cancel()
	select {
	case err := <-firstErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled caller got %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelled caller kept waiting")
	}
	select {
	case got := <-second:
		t.Fatalf("second caller returned %q before the token request finished", got)
	default:
	}

	g.Open()
	if got := <-second; got != "Bearer at-1" {
		t.Fatalf("second caller got %q, want Bearer at-1", got)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("%d token requests, want 1", n)
	}
	// A caller whose context has already ended does not start a request.
	a.HandleMissingAuthorization(context.Background())
	if err := a.SetAuthorizationHeader(ctx, http.Header{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("already-cancelled caller got %v", err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("%d token requests after an already-cancelled caller, want 1", n)
	}
}

func TestRefreshAhead(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	g := newGate(t)
	ts.hook = func(n int64, f url.Values) {
		if n > 1 {
			g.hold(n, f)
		}
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithClock(clock.Now),
		authorizers.WithExpiryMargin(time.Minute), authorizers.WithRefreshAhead(5*time.Minute))
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	windowStart := t0.Add(time.Hour - time.Minute - 5*time.Minute)

	clock.Set(windowStart.Add(-time.Nanosecond))
	if got := header(t, a); got != "Bearer at-1" || ts.requests.Load() != 1 {
		t.Fatalf("before the window: %q after %d requests", got, ts.requests.Load())
	}

	clock.Set(windowStart)
	// Callers in the window are not blocked by the held request.
	for range 20 {
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("in the window: %q, want the still-valid at-1", got)
		}
	}
	if n := g.waitArrival(t); n != 2 {
		t.Fatalf("background request is number %d, want 2", n)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2 (one background renewal)", n)
	}
	g.Open()
	authorizers.WaitIdle(a)
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatalf("after the background renewal: %q, want Bearer at-2", got)
	}
	// The new token was requested at windowStart.
	td, _ := a.Token(context.Background())
	if want := windowStart.Add(time.Hour); !td.ExpiresAt.Equal(want) {
		t.Fatalf("ExpiresAt %v, want %v", td.ExpiresAt, want)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestInsideMarginCallersWaitForBackgroundRenewal(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	g := newGate(t)
	ts.hook = func(n int64, f url.Values) {
		if n > 1 {
			g.hold(n, f)
		}
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithClock(clock.Now))
	header(t, a)
	clock.Set(t0.Add(time.Hour - 2*time.Minute)) // in the default 4-minute window
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	g.waitArrival(t)
	clock.Set(t0.Add(time.Hour - 30*time.Second)) // inside the margin: must wait
	got := make(chan string, 1)
	go func() {
		h := http.Header{}
		if err := a.SetAuthorizationHeader(context.Background(), h); err != nil {
			t.Errorf("waiting caller: %v", err)
		}
		got <- h.Get("Authorization")
	}()
	if !authorizers.WaitForWaiters(a, 1, 30*time.Second) {
		t.Fatal("the caller inside the margin is not waiting")
	}
	select {
	case h := <-got:
		t.Fatalf("caller inside the margin got %q without waiting", h)
	default:
	}
	g.Open()
	if h := <-got; h != "Bearer at-2" {
		t.Fatalf("caller inside the margin got %q, want Bearer at-2", h)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestFailedBackgroundRenewalKeepsValidToken(t *testing.T) {
	ts, lc := refreshSetup(t)
	clock := newClock()
	ts.respond = func(n int64, _ url.Values) (int, any) {
		if n == 2 {
			return http.StatusInternalServerError, map[string]any{"error": "temporarily_unavailable"}
		}
		return http.StatusOK, tokenBody(n, "")
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithClock(clock.Now))
	header(t, a)
	clock.Set(t0.Add(time.Hour - 2*time.Minute))
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	authorizers.WaitIdle(a) // the background renewal failed
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
	for range 5 {
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("after a failed background renewal: %q, want the still-valid at-1", got)
		}
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests right after a failed background renewal, want 2", n)
	}
	// Later in the window, one more background renewal is tried.
	clock.Set(t0.Add(time.Hour - 2*time.Minute + 10*time.Second))
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	authorizers.WaitIdle(a)
	if got := header(t, a); got != "Bearer at-3" || ts.requests.Load() != 3 {
		t.Fatalf("after the retried background renewal: %q after %d requests", got, ts.requests.Load())
	}
}

func TestFailureThenRetry(t *testing.T) {
	ts, lc := refreshSetup(t)
	g := newGate(t)
	ts.hook = func(n int64, f url.Values) {
		if n == 1 {
			g.hold(n, f)
		}
	}
	ts.respond = func(n int64, _ url.Values) (int, any) {
		if n == 1 {
			return http.StatusBadRequest, map[string]any{"error": "invalid_grant"}
		}
		return http.StatusOK, tokenBody(n, "")
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)

	const callers = 20
	errs := make(chan error, callers)
	for range callers {
		go func() { errs <- a.SetAuthorizationHeader(context.Background(), http.Header{}) }()
	}
	g.waitArrival(t)
	if !authorizers.WaitForWaiters(a, callers, 30*time.Second) {
		t.Fatal("not every caller is waiting for the token request")
	}
	g.Open()
	for range callers {
		err := <-errs
		var re *authorizers.RenewalError
		if !errors.As(err, &re) {
			t.Fatalf("got %v (%T), want a *RenewalError", err, err)
		}
		var te *tokenEndpointError
		if !errors.As(err, &te) || te.Status != http.StatusBadRequest || te.Code != "invalid_grant" {
			t.Fatalf("cause %v, want the login client's invalid_grant error", err)
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("%d token requests for one failure, want 1", n)
	}
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatalf("retry: %q, want Bearer at-2", got)
	}
}

func TestHandleMissingAuthorizationDropsToken(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	if !a.HandleMissingAuthorization(context.Background()) {
		t.Fatal("HandleMissingAuthorization reported false")
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("HandleMissingAuthorization sent a request (%d), want renewal at next use", n)
	}
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatalf("after a 401: %q, want Bearer at-2", got)
	}
	// Without any token at all, it still reports that a retry may succeed.
	b := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	if !b.HandleMissingAuthorization(context.Background()) {
		t.Fatal("HandleMissingAuthorization reported false")
	}
}

func TestOnRefreshReturnsBeforeTokenIsHandedOut(t *testing.T) {
	ts, lc := refreshSetup(t)
	ts.respond = func(n int64, _ url.Values) (int, any) { return http.StatusOK, tokenBody(n, "rt-new") }

	entered := make(chan struct{})
	release := make(chan struct{})
	var returned sync.Map // access token -> true once on_refresh returned
	calls := map[string]int{}
	var mu sync.Mutex
	var a *authorizers.RefreshTokenAuthorizer
	a = authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithOnRefresh(func(td authorizers.TokenData) {
		mu.Lock()
		calls[td.AccessToken]++
		mu.Unlock()
		if td.AccessToken == "at-1" {
			// No lock is held: the authorizer can be used from here.
			a.HandleMissingAuthorization(context.Background())
			_ = a.String()
			close(entered)
			<-release
		}
		returned.Store(td.AccessToken, true)
	}))

	const callers = 50
	got := make(chan string, callers)
	for range callers {
		go func() {
			td, err := a.Token(context.Background())
			if err != nil {
				t.Errorf("Token: %v", err)
				got <- ""
				return
			}
			if _, ok := returned.Load(td.AccessToken); !ok {
				t.Errorf("a caller got %s before on_refresh returned", td.AccessToken)
			}
			if td.RefreshToken != "rt-new" {
				t.Errorf("caller got refresh token %q", td.RefreshToken)
			}
			got <- td.AccessToken
		}()
	}
	<-entered
	if !authorizers.WaitForWaiters(a, callers, 30*time.Second) {
		t.Fatal("not every caller is waiting while on_refresh runs")
	}
	select {
	case tok := <-got:
		t.Fatalf("a caller got %q while on_refresh was running", tok)
	default:
	}
	close(release)
	for range callers {
		if tok := <-got; tok != "at-1" {
			t.Fatalf("caller got %q, want at-1", tok)
		}
	}
	if len(calls) != 1 || calls["at-1"] != 1 {
		t.Fatalf("on_refresh calls %v, want at-1 once", calls)
	}
}

func TestOnRefreshPanicFailsRenewal(t *testing.T) {
	_, lc := refreshSetup(t)
	n := 0
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithOnRefresh(func(authorizers.TokenData) {
		n++
		if n == 1 {
			panic("disk full")
		}
	}))
	var re *authorizers.RenewalError
	if err := a.SetAuthorizationHeader(context.Background(), http.Header{}); !errors.As(err, &re) {
		t.Fatalf("got %v, want a *RenewalError", err)
	}
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatalf("after the failed renewal: %q, want Bearer at-2", got)
	}
}

func TestRenewingAuthorizerWithFetch(t *testing.T) {
	clock := newClock()
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(ctx context.Context) (authorizers.TokenData, error) {
		n := fetches.Add(1)
		if ctx.Err() != nil {
			t.Errorf("fetch context already done")
		}
		if _, ok := ctx.Deadline(); !ok {
			t.Errorf("fetch context has no deadline")
		}
		switch n {
		case 1:
			return authorizers.TokenData{AccessToken: "", ExpiresAt: clock.Now().Add(time.Hour)}, nil
		case 2:
			return authorizers.TokenData{AccessToken: "x"}, nil
		case 3:
			panic("boom")
		}
		return authorizers.TokenData{AccessToken: "tok", ExpiresAt: clock.Now().Add(time.Hour)}, nil
	}, authorizers.WithClock(clock.Now))
	for i, want := range []error{authorizers.ErrInvalidToken, authorizers.ErrInvalidToken, nil} {
		_, err := a.Token(context.Background())
		var re *authorizers.RenewalError
		if !errors.As(err, &re) || (want != nil && !errors.Is(err, want)) {
			t.Fatalf("fetch %d: got %v", i+1, err)
		}
	}
	if got := header(t, a); got != "Bearer tok" {
		t.Fatal(got)
	}

	var nilFetch *authorizers.RenewingAuthorizer = authorizers.NewRenewingAuthorizer(nil)
	var re *authorizers.RenewalError
	if err := nilFetch.SetAuthorizationHeader(context.Background(), http.Header{}); !errors.As(err, &re) {
		t.Fatalf("nil fetch: got %v", err)
	}
}

func TestRenewalTimeoutBoundsFetch(t *testing.T) {
	a := authorizers.NewRenewingAuthorizer(func(ctx context.Context) (authorizers.TokenData, error) {
		<-ctx.Done()
		return authorizers.TokenData{}, ctx.Err()
	}, authorizers.WithRenewalTimeout(20*time.Millisecond))
	_, err := a.Token(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the fetch's deadline error", err)
	}
}

func TestExpiredFetchedTokenIsRefused(t *testing.T) {
	clock := newClock()
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		switch fetches.Add(1) {
		case 1:
			return authorizers.TokenData{AccessToken: "expired-secret", ExpiresAt: clock.Now().Add(-time.Hour)}, nil
		case 2:
			return authorizers.TokenData{AccessToken: "now", ExpiresAt: clock.Now()}, nil
		}
		return authorizers.TokenData{AccessToken: "tok", ExpiresAt: clock.Now().Add(time.Hour)}, nil
	}, authorizers.WithClock(clock.Now))
	for i := range 2 {
		err := a.SetAuthorizationHeader(context.Background(), http.Header{})
		var re *authorizers.RenewalError
		if !errors.As(err, &re) || !errors.Is(err, authorizers.ErrInvalidToken) {
			t.Fatalf("fetch %d: got %v, want a *RenewalError wrapping ErrInvalidToken", i+1, err)
		}
		if strings.Contains(err.Error(), "expired-secret") {
			t.Errorf("error %q shows the token", err)
		}
	}
	if got := header(t, a); got != "Bearer tok" {
		t.Fatal(got)
	}
	// The good token is cached: no fetch per call.
	for range 3 {
		header(t, a)
	}
	if n := fetches.Load(); n != 3 {
		t.Fatalf("%d fetches; want 3", n)
	}
}

// TestZeroAndNilAuthorizers checks that renewing authorizers that were not
// built by their constructors fail with typed errors and print sanely,
// instead of panicking.
func TestZeroAndNilAuthorizers(t *testing.T) {
	type renewing interface {
		authorizers.Authorizer
		Token(context.Context) (authorizers.TokenData, error)
	}
	cases := []struct {
		name     string
		a        renewing
		noClient bool // the error wraps ErrNoClient
	}{
		{"zero RefreshTokenAuthorizer", &authorizers.RefreshTokenAuthorizer{}, true},
		{"nil RefreshTokenAuthorizer", (*authorizers.RefreshTokenAuthorizer)(nil), true},
		{"zero ClientCredentialsAuthorizer", &authorizers.ClientCredentialsAuthorizer{}, true},
		{"nil ClientCredentialsAuthorizer", (*authorizers.ClientCredentialsAuthorizer)(nil), true},
		{"zero RenewingAuthorizer", &authorizers.RenewingAuthorizer{}, false},
		{"nil RenewingAuthorizer", (*authorizers.RenewingAuthorizer)(nil), false},
	}
	rs := newResourceServer(t, func(string) bool { return true })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, err error) {
				t.Helper()
				var re *authorizers.RenewalError
				if !errors.As(err, &re) {
					t.Fatalf("%s: got %v, want a *RenewalError", what, err)
				}
				if tc.noClient && !errors.Is(err, authorizers.ErrNoClient) {
					t.Fatalf("%s: got %v, want ErrNoClient", what, err)
				}
			}
			h := http.Header{}
			check("SetAuthorizationHeader", tc.a.SetAuthorizationHeader(context.Background(), h))
			if len(h) != 0 {
				t.Errorf("header set: %v", h)
			}
			_, err := tc.a.Token(context.Background())
			check("Token", err)
			if tc.a.HandleMissingAuthorization(context.Background()) {
				t.Error("HandleMissingAuthorization reports true")
			}
			req, _ := http.NewRequest(http.MethodGet, rs.srv.URL+"/x", nil)
			_, err = authorizers.NewDoer(tc.a, rs.srv.Client()).Do(req)
			check("Doer", err)

			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				if got := fmt.Sprintf(verb, tc.a); strings.Contains(got, "PANIC") {
					t.Errorf("%s prints %q", verb, got)
				}
			}
			var logs strings.Builder
			slog.New(slog.NewTextHandler(&logs, nil)).Info("a", "authorizer", tc.a)
			if strings.Contains(logs.String(), "PANIC") {
				t.Errorf("log: %s", logs.String())
			}
		})
	}
	if n := len(rs.requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	// A zero ClientCredentialsAuthorizer value (not a pointer) prints too.
	var cc authorizers.ClientCredentialsAuthorizer
	if got, want := fmt.Sprintf("%v", cc), `ClientCredentialsAuthorizer{scopes: "", access_token: none}`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	var rt authorizers.RefreshTokenAuthorizer
	if got, want := rt.String(), `RefreshTokenAuthorizer{refresh_token: "", access_token: none}`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestPanicValueNotInError checks that a panic in fetch or on_refresh,
// whose value may hold a token, reaches the error (and the debug log) only
// as its type.
func TestPanicValueNotInError(t *testing.T) {
	type tokenPanic struct{ token string }
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var fetches atomic.Int64
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		switch fetches.Add(1) {
		case 1:
			panic("leaked " + secretAccess)
		case 2:
			panic(tokenPanic{secretRefresh})
		}
		return authorizers.TokenData{AccessToken: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
	}, authorizers.WithLogger(logger), authorizers.WithOnRefresh(func(td authorizers.TokenData) {
		if fetches.Load() == 3 {
			panic(errors.New("storing " + secretRotated + " failed"))
		}
	}))
	wantTypes := []string{"(string)", "(authorizers_test.tokenPanic)", "(*errors.errorString)"}
	for i, want := range wantTypes {
		err := a.SetAuthorizationHeader(context.Background(), http.Header{})
		var re *authorizers.RenewalError
		if !errors.As(err, &re) {
			t.Fatalf("call %d: got %v, want a *RenewalError", i+1, err)
		}
		checkNoSecret(t, "error", err.Error())
		if !strings.Contains(err.Error(), "panicked "+want) {
			t.Errorf("call %d: error %q does not name the panic's type %s", i+1, err, want)
		}
	}
	checkNoSecret(t, "debug log", logs.String())
	if got := header(t, a); got != "Bearer tok" {
		t.Fatal(got)
	}
}
