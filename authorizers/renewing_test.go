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
	"testing/synctest"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// The tests of timing and of waiting callers run inside a testing/synctest
// bubble, on its fake clock, with a fetch function (fakeSource) in place of
// a token endpoint; synctest.Wait tells them when every caller is blocked.
// The tests that go through HTTP to a token endpoint run on real time and
// check what does not depend on it.

// fakeSource is the token source of the tests on fake time. Fetch n returns
// the token "at-n", valid for an hour from when it is fetched, or what
// respond chooses. While hold reports true for n, fetch n waits until
// Release is called or its context ends.
type fakeSource struct {
	fetches atomic.Int64
	hold    func(n int64) bool
	respond func(n int64) (authorizers.TokenData, error)

	release chan struct{}
	once    sync.Once
}

// newSource returns a fakeSource whose held fetches are released, at the
// latest, when the test ends, so that a failed test leaves none blocked.
func newSource(t *testing.T) *fakeSource {
	s := &fakeSource{release: make(chan struct{})}
	t.Cleanup(s.Release)
	return s
}

// Release lets the held fetches return. It may be called more than once.
func (s *fakeSource) Release() { s.once.Do(func() { close(s.release) }) }

func (s *fakeSource) fetch(ctx context.Context) (authorizers.TokenData, error) {
	n := s.fetches.Add(1)
	if s.hold != nil && s.hold(n) {
		select {
		case <-s.release:
		case <-ctx.Done():
			return authorizers.TokenData{}, ctx.Err()
		}
	}
	if s.respond != nil {
		return s.respond(n)
	}
	return sourceToken(n), nil
}

// sourceToken is fetch n's token, valid for an hour from now.
func sourceToken(n int64) authorizers.TokenData {
	return authorizers.TokenData{AccessToken: globus.Secret(fmt.Sprintf("at-%d", n)), ExpiresAt: time.Now().Add(time.Hour), TokenType: "Bearer"}
}

// holdAll and holdAfterFirst are fakeSource.hold functions.
func holdAll(int64) bool          { return true }
func holdAfterFirst(n int64) bool { return n > 1 }

// callers starts n goroutines that each call a.SetAuthorizationHeader with
// ctx and send the header they got, or the error, on the returned channel.
func callers(ctx context.Context, a authorizers.Authorizer, n int) chan result {
	out := make(chan result, n)
	for range n {
		go func() {
			h := http.Header{}
			err := a.SetAuthorizationHeader(ctx, h)
			out <- result{h.Get("Authorization"), err}
		}()
	}
	return out
}

// result is what one caller got.
type result struct {
	header string
	err    error
}

// noneReturned fails the test if a caller has returned.
func noneReturned(t *testing.T, ch chan result, why string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("a caller returned (%q, %v) %s", r.header, r.err, why)
	default:
	}
}

func TestLazyAndCached(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("constructor sent %d token requests, want 0", n)
	}
	before := time.Now()
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatalf("header %q, want Bearer at-1", got)
	}
	after := time.Now()
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
	// expires_in counts from when the request was sent.
	td, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if td.ExpiresAt.Before(before.Add(time.Hour).Round(0)) || td.ExpiresAt.After(after.Add(time.Hour)) {
		t.Fatalf("ExpiresAt %v, want an hour after the request (between %v and %v)", td.ExpiresAt, before.Add(time.Hour), after.Add(time.Hour))
	}
}

func TestValidityMargin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		a := authorizers.NewRenewingAuthorizer(src.fetch, authorizers.WithExpiryMargin(90*time.Second), authorizers.WithRefreshAhead(0))
		start := time.Now()
		td, err := a.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if want := start.Add(time.Hour); !td.ExpiresAt.Equal(want) {
			t.Fatalf("ExpiresAt %v, want %v", td.ExpiresAt, want)
		}
		time.Sleep(time.Hour - 90*time.Second - time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" || src.fetches.Load() != 1 {
			t.Fatalf("just before the margin: header %q after %d fetches, want Bearer at-1 after 1", got, src.fetches.Load())
		}
		time.Sleep(time.Nanosecond)
		if got := header(t, a); got != "Bearer at-2" || src.fetches.Load() != 2 {
			t.Fatalf("at the margin: header %q after %d fetches, want Bearer at-2 after 2", got, src.fetches.Load())
		}
	})
}

func TestDefaultMargin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		a := authorizers.NewRenewingAuthorizer(src.fetch, authorizers.WithRefreshAhead(0))
		header(t, a)
		time.Sleep(time.Hour - authorizers.DefaultExpiryMargin - time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("just before the default margin: %q", got)
		}
		time.Sleep(time.Nanosecond)
		if got := header(t, a); got != "Bearer at-2" {
			t.Fatalf("at the default margin: %q", got)
		}
	})
}

func TestWithAccessToken(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithAccessToken("stored-token", time.Now().Add(time.Hour)))
	td, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if td.AccessToken != "stored-token" || td.RefreshToken != "rt-0" || td.TokenType != "Bearer" {
		t.Fatalf("initial token %+v", td)
	}
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("%d token requests for a valid stored token, want 0", n)
	}
}

func TestWithAccessTokenUsedUntilMargin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		var refreshed []authorizers.TokenData
		start := time.Now()
		a := authorizers.NewRenewingAuthorizer(src.fetch,
			authorizers.WithAccessToken("stored-token", start.Add(10*time.Minute)),
			authorizers.WithRefreshAhead(0),
			authorizers.WithOnRefresh(func(td authorizers.TokenData) { refreshed = append(refreshed, td) }))
		td, err := a.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if td.AccessToken != "stored-token" || !td.ExpiresAt.Equal(start.Add(10*time.Minute)) {
			t.Fatalf("initial token %+v", td)
		}
		// Default margin: 60 s.
		time.Sleep(9*time.Minute - time.Nanosecond)
		if got := header(t, a); got != "Bearer stored-token" {
			t.Fatalf("header %q, want the stored token", got)
		}
		if n := src.fetches.Load(); n != 0 || len(refreshed) != 0 {
			t.Fatalf("%d fetches and %d on_refresh calls for a valid stored token, want 0", n, len(refreshed))
		}
		time.Sleep(time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("header %q, want Bearer at-1 once the stored token entered the margin", got)
		}
		if len(refreshed) != 1 || refreshed[0].AccessToken != "at-1" {
			t.Fatalf("on_refresh calls %v", refreshed)
		}
	})
}

func TestExpiredAccessTokenIsRenewedAtFirstUse(t *testing.T) {
	ts, lc := refreshSetup(t)
	for _, expiresAt := range []time.Time{time.Now().Add(-time.Hour), {}} {
		a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc, authorizers.WithAccessToken("old", expiresAt))
		before := ts.requests.Load()
		if got := header(t, a); got == "Bearer old" || ts.requests.Load() != before+1 {
			t.Fatalf("expiry %v: header %q after %d requests", expiresAt, got, ts.requests.Load()-before)
		}
	}
}

func TestConcurrentCallersShareOneRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.hold = holdAll
		var onRefresh atomic.Int64
		a := authorizers.NewRenewingAuthorizer(src.fetch,
			authorizers.WithOnRefresh(func(authorizers.TokenData) { onRefresh.Add(1) }))

		const n = 500
		got := callers(context.Background(), a, n)
		synctest.Wait() // every caller is blocked, and the fetch is held
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches for %d waiting callers, want 1", f, n)
		}
		noneReturned(t, got, "while the fetch was held")
		src.Release()
		for i := range n {
			if r := <-got; r.err != nil || r.header != "Bearer at-1" {
				t.Fatalf("caller %d: header %q, error %v", i, r.header, r.err)
			}
		}
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches for %d callers, want 1", f, n)
		}
		if c := onRefresh.Load(); c != 1 {
			t.Fatalf("on_refresh ran %d times, want 1", c)
		}
	})
}

func TestConcurrentCallersShareOneHTTPRequest(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	const n = 50
	got := callers(context.Background(), a, n)
	for i := range n {
		if r := <-got; r.err != nil || r.header != "Bearer at-1" {
			t.Fatalf("caller %d: header %q, error %v", i, r.header, r.err)
		}
	}
	if r := ts.requests.Load(); r != 1 {
		t.Fatalf("%d token requests for %d callers, want 1", r, n)
	}
}

func TestCancelledWaiterStopsWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.hold = holdAll
		a := authorizers.NewRenewingAuthorizer(src.fetch)

		// The first caller starts the fetch, then gives up.
		ctx, cancel := context.WithCancel(context.Background())
		first := callers(ctx, a, 1)
		second := callers(context.Background(), a, 1)
		synctest.Wait()
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches, want 1", f)
		}
		cancel()
		synctest.Wait()
		select {
		case r := <-first:
			if !errors.Is(r.err, context.Canceled) {
				t.Fatalf("cancelled caller got %q, %v, want context.Canceled", r.header, r.err)
			}
		default:
			t.Fatal("cancelled caller kept waiting")
		}
		noneReturned(t, second, "before the fetch finished")

		src.Release() // the fetch went on for the second caller
		if r := <-second; r.err != nil || r.header != "Bearer at-1" {
			t.Fatalf("second caller got %q, %v, want Bearer at-1", r.header, r.err)
		}
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches, want 1", f)
		}
		// A caller whose context has already ended does not start a fetch.
		a.HandleMissingAuthorization(context.Background(), "")
		if err := a.SetAuthorizationHeader(ctx, http.Header{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("already-cancelled caller got %v", err)
		}
		synctest.Wait()
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches after an already-cancelled caller, want 1", f)
		}
	})
}

func TestRefreshAhead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.hold = holdAfterFirst
		a := authorizers.NewRenewingAuthorizer(src.fetch,
			authorizers.WithExpiryMargin(time.Minute), authorizers.WithRefreshAhead(5*time.Minute))
		start := time.Now()
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatal(got)
		}
		windowStart := start.Add(time.Hour - time.Minute - 5*time.Minute)

		time.Sleep(time.Until(windowStart) - time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatalf("before the window: %q", got)
		}
		synctest.Wait()
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("before the window: %d fetches, want 1", f)
		}

		time.Sleep(time.Nanosecond)
		// Callers in the window are not blocked by the held fetch.
		for range 20 {
			if got := header(t, a); got != "Bearer at-1" {
				t.Fatalf("in the window: %q, want the still-valid at-1", got)
			}
		}
		synctest.Wait()
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches, want 2 (one background renewal)", f)
		}
		src.Release()
		synctest.Wait() // the background renewal has published its token
		if got := header(t, a); got != "Bearer at-2" {
			t.Fatalf("after the background renewal: %q, want Bearer at-2", got)
		}
		// The new token was fetched at windowStart.
		td, _ := a.Token(context.Background())
		if want := windowStart.Add(time.Hour); !td.ExpiresAt.Equal(want) {
			t.Fatalf("ExpiresAt %v, want %v", td.ExpiresAt, want)
		}
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches, want 2", f)
		}
	})
}

func TestInsideMarginCallersWaitForBackgroundRenewal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.hold = holdAfterFirst
		a := authorizers.NewRenewingAuthorizer(src.fetch) // default margin, window and timeout
		header(t, a)
		time.Sleep(time.Hour - 80*time.Second) // in the default 4-minute window
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatal(got)
		}
		synctest.Wait()
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches, want 2 (the background renewal)", f)
		}
		time.Sleep(50 * time.Second) // inside the margin: must wait
		got := callers(context.Background(), a, 1)
		synctest.Wait()
		noneReturned(t, got, "inside the margin without waiting")
		src.Release()
		if r := <-got; r.err != nil || r.header != "Bearer at-2" {
			t.Fatalf("caller inside the margin got %q, %v, want Bearer at-2", r.header, r.err)
		}
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches, want 2", f)
		}
	})
}

func TestFailedBackgroundRenewalKeepsValidToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.respond = func(n int64) (authorizers.TokenData, error) {
			if n == 2 {
				return authorizers.TokenData{}, errors.New("temporarily_unavailable")
			}
			return sourceToken(n), nil
		}
		a := authorizers.NewRenewingAuthorizer(src.fetch)
		header(t, a)
		time.Sleep(time.Hour - 2*time.Minute)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatal(got)
		}
		synctest.Wait() // the background renewal failed
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches, want 2", f)
		}
		for range 5 {
			if got := header(t, a); got != "Bearer at-1" {
				t.Fatalf("after a failed background renewal: %q, want the still-valid at-1", got)
			}
		}
		// No other background renewal for 10 s...
		time.Sleep(10*time.Second - time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatal(got)
		}
		synctest.Wait()
		if f := src.fetches.Load(); f != 2 {
			t.Fatalf("%d fetches within 10 s of a failed background renewal, want 2", f)
		}
		// ...then one more is tried.
		time.Sleep(time.Nanosecond)
		if got := header(t, a); got != "Bearer at-1" {
			t.Fatal(got)
		}
		synctest.Wait()
		if got := header(t, a); got != "Bearer at-3" || src.fetches.Load() != 3 {
			t.Fatalf("after the retried background renewal: %q after %d fetches", got, src.fetches.Load())
		}
	})
}

func TestFailureThenRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errDown := errors.New("token endpoint down")
		src := newSource(t)
		src.hold = func(n int64) bool { return n == 1 }
		src.respond = func(n int64) (authorizers.TokenData, error) {
			if n == 1 {
				return authorizers.TokenData{}, errDown
			}
			return sourceToken(n), nil
		}
		a := authorizers.NewRenewingAuthorizer(src.fetch)

		const n = 20
		got := callers(context.Background(), a, n)
		synctest.Wait()
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches for %d waiting callers, want 1", f, n)
		}
		src.Release()
		for range n {
			r := <-got
			var re *authorizers.RenewalError
			if !errors.As(r.err, &re) || !errors.Is(r.err, errDown) {
				t.Fatalf("got %v (%T), want a *RenewalError wrapping the fetch's error", r.err, r.err)
			}
		}
		if f := src.fetches.Load(); f != 1 {
			t.Fatalf("%d fetches for one failure, want 1", f)
		}
		if got := header(t, a); got != "Bearer at-2" {
			t.Fatalf("retry: %q, want Bearer at-2", got)
		}
	})
}

func TestFailureOverHTTPThenRetry(t *testing.T) {
	ts, lc := refreshSetup(t)
	ts.respond = func(n int64, _ url.Values) (int, any) {
		if n == 1 {
			return http.StatusBadRequest, map[string]any{"error": "invalid_grant"}
		}
		return http.StatusOK, tokenBody(n, "")
	}
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	err := a.SetAuthorizationHeader(context.Background(), http.Header{})
	var re *authorizers.RenewalError
	if !errors.As(err, &re) {
		t.Fatalf("got %v (%T), want a *RenewalError", err, err)
	}
	var te *tokenEndpointError
	if !errors.As(err, &te) || te.Status != http.StatusBadRequest || te.Code != "invalid_grant" {
		t.Fatalf("cause %v, want the login client's invalid_grant error", err)
	}
	if got := header(t, a); got != "Bearer at-2" {
		t.Fatalf("retry: %q, want Bearer at-2", got)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestHandleMissingAuthorizationDropsToken(t *testing.T) {
	ts, lc := refreshSetup(t)
	a := authorizers.NewRefreshTokenAuthorizer("rt-0", lc)
	if got := header(t, a); got != "Bearer at-1" {
		t.Fatal(got)
	}
	if !a.HandleMissingAuthorization(context.Background(), "Bearer at-1") {
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
	if !b.HandleMissingAuthorization(context.Background(), "") {
		t.Fatal("HandleMissingAuthorization reported false")
	}
}

func TestOnRefreshReturnsBeforeTokenIsHandedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newSource(t)
		src.respond = func(n int64) (authorizers.TokenData, error) {
			td := sourceToken(n)
			td.RefreshToken = "rt-new"
			return td, nil
		}
		entered := make(chan struct{})
		release := make(chan struct{})
		var releaseOnce sync.Once
		releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
		t.Cleanup(releaseAll) // a failed test leaves no on_refresh blocked
		var returned sync.Map // access token -> true once on_refresh returned
		calls := map[string]int{}
		var mu sync.Mutex
		var a *authorizers.RenewingAuthorizer
		a = authorizers.NewRenewingAuthorizer(src.fetch, authorizers.WithOnRefresh(func(td authorizers.TokenData) {
			mu.Lock()
			calls[td.AccessToken.Reveal()]++
			mu.Unlock()
			if td.AccessToken.Reveal() == "at-1" {
				// No lock is held: the authorizer can be used from here.
				a.HandleMissingAuthorization(context.Background(), "")
				_ = fmt.Sprint(a)
				close(entered)
				<-release
			}
			returned.Store(td.AccessToken.Reveal(), true)
		}))

		const n = 50
		got := make(chan string, n)
		for range n {
			go func() {
				td, err := a.Token(context.Background())
				if err != nil {
					t.Errorf("Token: %v", err)
					got <- ""
					return
				}
				if _, ok := returned.Load(td.AccessToken.Reveal()); !ok {
					t.Errorf("a caller got %s before on_refresh returned", td.AccessToken)
				}
				if td.RefreshToken != "rt-new" {
					t.Errorf("caller got refresh token %q", td.RefreshToken)
				}
				got <- td.AccessToken.Reveal()
			}()
		}
		<-entered
		synctest.Wait() // every caller waits while on_refresh runs
		select {
		case tok := <-got:
			t.Fatalf("a caller got %q while on_refresh was running", tok)
		default:
		}
		releaseAll()
		for range n {
			if tok := <-got; tok != "at-1" {
				t.Fatalf("caller got %q, want at-1", tok)
			}
		}
		if len(calls) != 1 || calls["at-1"] != 1 {
			t.Fatalf("on_refresh calls %v, want at-1 once", calls)
		}
	})
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
			return authorizers.TokenData{AccessToken: "", ExpiresAt: time.Now().Add(time.Hour)}, nil
		case 2:
			return authorizers.TokenData{AccessToken: "x"}, nil
		case 3:
			panic("boom")
		}
		return authorizers.TokenData{AccessToken: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
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
	for _, c := range []struct {
		opts []authorizers.Option
		want time.Duration
	}{
		{nil, authorizers.DefaultRenewalTimeout},
		{[]authorizers.Option{authorizers.WithRenewalTimeout(20 * time.Millisecond)}, 20 * time.Millisecond},
		{[]authorizers.Option{authorizers.WithRenewalTimeout(0)}, authorizers.DefaultRenewalTimeout},
	} {
		synctest.Test(t, func(t *testing.T) {
			var deadline time.Time
			a := authorizers.NewRenewingAuthorizer(func(ctx context.Context) (authorizers.TokenData, error) {
				deadline, _ = ctx.Deadline()
				<-ctx.Done()
				return authorizers.TokenData{}, ctx.Err()
			}, c.opts...)
			start := time.Now()
			_, err := a.Token(context.Background())
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want the fetch's deadline error", err)
			}
			if took := time.Since(start); took != c.want || !deadline.Equal(start.Add(c.want)) {
				t.Fatalf("the fetch ended after %v with deadline %v, want %v", took, deadline.Sub(start), c.want)
			}
		})
	}
}

func TestExpiredFetchedTokenIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var fetches atomic.Int64
		a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
			switch fetches.Add(1) {
			case 1:
				return authorizers.TokenData{AccessToken: "expired-secret", ExpiresAt: time.Now().Add(-time.Hour)}, nil
			case 2:
				return authorizers.TokenData{AccessToken: "now", ExpiresAt: time.Now()}, nil
			case 3:
				return authorizers.TokenData{AccessToken: "tok", ExpiresAt: time.Now().Add(time.Nanosecond)}, nil
			}
			return authorizers.TokenData{AccessToken: "later", ExpiresAt: time.Now().Add(time.Hour)}, nil
		})
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
		// A token that expires just after the fetch is accepted and handed
		// to its caller, although it is already inside the margin.
		if got := header(t, a); got != "Bearer tok" {
			t.Fatal(got)
		}
		if got := header(t, a); got != "Bearer later" {
			t.Fatal(got)
		}
		// The good token is cached: no fetch per call.
		for range 3 {
			header(t, a)
		}
		if n := fetches.Load(); n != 4 {
			t.Fatalf("%d fetches; want 4", n)
		}
	})
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
			if tc.a.HandleMissingAuthorization(context.Background(), "") {
				t.Error("HandleMissingAuthorization reports true")
			}

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
	if got, want := fmt.Sprintf("%v", cc), `ClientCredentialsAuthorizer{scopes: [], access_token: none}`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	var rt authorizers.RefreshTokenAuthorizer
	if got, want := fmt.Sprint(&rt), `RefreshTokenAuthorizer{refresh_token: "", access_token: none}`; got != want {
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
