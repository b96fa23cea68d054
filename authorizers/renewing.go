package authorizers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// ErrInvalidToken is wrapped by the [*RenewalError] returned when a fetch
// succeeds but its token cannot be used: no access token, no expiry time, or
// an expiry time that is not after the moment the fetch returned (a
// non-positive lifetime).
var ErrInvalidToken = errors.New("authorizers: the token endpoint returned an unusable token")

// RenewalError reports that a renewing authorizer could not get a token. Err
// is the cause: for the refresh-token and client-credentials authorizers,
// often the login client's error (such as a *globus.APIError for an
// invalid_grant answer), reachable with errors.As.
//
// Only callers that needed a token see it; the next call tries again.
type RenewalError struct {
	// Err is why the renewal failed.
	Err error
}

// Error describes the failure. It contains no token.
func (e *RenewalError) Error() string {
	if e == nil || e.Err == nil {
		return "authorizers: token renewal failed"
	}
	return "authorizers: token renewal failed: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *RenewalError) Unwrap() error { return e.Err }

// RenewingAuthorizer sends a bearer token that it obtains and renews itself
// by calling a fetch function. It is the engine of [RefreshTokenAuthorizer]
// and [ClientCredentialsAuthorizer], and works with any source of tokens.
//
// It is safe for concurrent use, and behaves as follows:
//
//   - Lazy: the constructor does no I/O; the first call that needs a token
//     fetches it.
//   - A token is valid while now < ExpiresAt − margin ([WithExpiryMargin]).
//     A token given with [WithAccessToken] is used until it enters the
//     margin.
//   - Single-flight: at most one fetch runs at any time, however many
//     callers need a token; every waiting caller gets its result. A caller
//     whose context ends stops waiting, but the fetch goes on for the others
//     (bounded by [WithRenewalTimeout]).
//   - Refresh-ahead: in the window [WithRefreshAhead] long just before the
//     margin, the first caller starts one fetch in the background and every
//     caller keeps using the still-valid token. Inside the margin callers
//     wait for the fetch. A failed background fetch disturbs nobody; a new
//     one may start 10 s later.
//   - A failed fetch gives each caller that needed a token a
//     [*RenewalError]; the next call tries again.
//   - [WithOnRefresh]'s function runs once for each new token, outside any
//     lock, and has returned before any caller gets the new token.
//   - After a 401, [RenewingAuthorizer.HandleMissingAuthorization] drops the
//     rejected token, so that the next call fetches a new one.
//
// Build it with [NewRenewingAuthorizer]; the zero value has no fetch
// function, so that every call that needs a token fails with a
// [*RenewalError].
type RenewingAuthorizer struct {
	kind  string
	fetch func(context.Context) (TokenData, error)
	opts  options

	// cur is the token in use, or nil when there is none. Readers load it
	// without locking; writers hold mu.
	cur atomic.Pointer[tokenState]
	// renewing is true while flight is not nil, for the lock-free path.
	renewing atomic.Bool

	mu     sync.Mutex
	flight *flight // the fetch in progress, if any
	gen    uint64  // counts tokens obtained by fetching
}

// tokenState is one token with what the hot path needs precomputed. It is
// never changed after it is published.
type tokenState struct {
	data      TokenData
	header    string    // "Bearer " + data.AccessToken
	gen       uint64    // 0 for a WithAccessToken token, then 1, 2, ...
	staleAt   time.Time // ExpiresAt − margin: not used from then on
	refreshAt time.Time // when a background renewal may start
}

// flight is one fetch. Its result fields are written before done is closed
// and only read after.
type flight struct {
	done chan struct{}
	tok  *tokenState
	err  error
}

// NewRenewingAuthorizer returns an authorizer that calls fetch for each new
// token. fetch should return a TokenData whose ExpiresAt is conservative (see
// [LoginClient.RefreshTokens]); a token without AccessToken, or whose ExpiresAt
// is not in the future, is refused with a [*RenewalError] wrapping
// [ErrInvalidToken]. fetch runs on a goroutine of the authorizer, never
// more than one at a time, with a context detached from the caller's
// cancellation (its values are kept) and bounded by [WithRenewalTimeout]. A
// nil fetch makes every call that needs a token fail with a [*RenewalError].
func NewRenewingAuthorizer(fetch func(ctx context.Context) (TokenData, error), opts ...Option) *RenewingAuthorizer {
	return newRenewing(kindRenewing, fetch, buildOptions(opts))
}

func newRenewing(kind string, fetch func(context.Context) (TokenData, error), o options) *RenewingAuthorizer {
	a := &RenewingAuthorizer{kind: kind, fetch: fetch, opts: o}
	if o.hasInitial {
		a.cur.Store(a.newState(o.initial, 0))
	}
	return a
}

func (a *RenewingAuthorizer) newState(td TokenData, gen uint64) *tokenState {
	s := &tokenState{
		data:    td,
		header:  "Bearer " + td.AccessToken.Reveal(),
		gen:     gen,
		staleAt: td.ExpiresAt.Add(-a.opts.margin),
	}
	s.refreshAt = s.staleAt
	if a.opts.ahead > 0 {
		s.refreshAt = s.staleAt.Add(-a.opts.ahead)
	}
	return s
}

// SetAuthorizationHeader sets h's Authorization header to "Bearer " and a
// valid access token, fetching one first when there is none. It returns a
// [*RenewalError] when that fetch fails, or the context's error when ctx
// ends first. A zero or nil RenewingAuthorizer, which has no fetch
// function, always returns a *RenewalError.
func (a *RenewingAuthorizer) SetAuthorizationHeader(ctx context.Context, h http.Header) error {
	s, err := a.token(ctx)
	if err != nil {
		return err
	}
	h.Set("Authorization", s.header)
	return nil
}

// Token returns the current valid token, fetching one first when there is
// none, with the same errors as SetAuthorizationHeader.
func (a *RenewingAuthorizer) Token(ctx context.Context) (TokenData, error) {
	s, err := a.token(ctx)
	if err != nil {
		return TokenData{}, err
	}
	return s.data, nil
}

// HandleMissingAuthorization drops the token that the server rejected, so
// that the next call fetches a new one, and reports true. When a burst of
// requests with one token gets 401s, only that token is dropped: a newer
// token, fetched after the first 401, is kept. An empty rejected drops
// whatever token is current.
//
// A zero or nil RenewingAuthorizer has nothing to renew and reports false.
func (a *RenewingAuthorizer) HandleMissingAuthorization(ctx context.Context, rejected string) bool {
	if !a.ready() {
		return false
	}
	a.mu.Lock()
	s := a.cur.Load()
	drop := s != nil && (rejected == "" || s.header == rejected)
	if drop {
		a.cur.Store(nil)
	}
	a.mu.Unlock()
	if drop {
		a.opts.logger.DebugContext(ctx, "authorizers: token dropped after 401", "authorizer", a.kind, "generation", s.gen)
	}
	return true
}

// Names of the renewing authorizers, as String and LogValue show them.
const (
	kindRenewing          = "RenewingAuthorizer"
	kindRefreshToken      = "RefreshTokenAuthorizer"
	kindClientCredentials = "ClientCredentialsAuthorizer"
)

// errNoFetch is the cause of the renewal errors of an authorizer without a
// fetch function.
var errNoFetch = errors.New("authorizers: no fetch function")

// ready reports whether a was built by a constructor. A zero (or nil)
// RenewingAuthorizer has no options (buildOptions always sets a logger) and
// no fetch function.
func (a *RenewingAuthorizer) ready() bool { return a != nil && a.opts.logger != nil }

// token returns a valid token. The fast path takes no lock and allocates
// nothing.
func (a *RenewingAuthorizer) token(ctx context.Context) (*tokenState, error) {
	if !a.ready() {
		return nil, &RenewalError{Err: errNoFetch}
	}
	if s := a.cur.Load(); s != nil {
		now := time.Now()
		if now.Before(s.staleAt) {
			if !now.Before(s.refreshAt) && !a.renewing.Load() {
				a.refreshAhead(ctx, s)
			}
			return s, nil
		}
	}
	return a.wait(ctx)
}

// refreshAhead starts a background fetch to replace s, unless one is running
// or s was replaced meanwhile.
func (a *RenewingAuthorizer) refreshAhead(ctx context.Context, s *tokenState) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.flight == nil && a.cur.Load() == s {
		a.startLocked(ctx, s)
	}
}

// wait joins the fetch in progress, or starts one, and waits for its result
// or for ctx to end.
func (a *RenewingAuthorizer) wait(ctx context.Context) (*tokenState, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if s := a.cur.Load(); s != nil && time.Now().Before(s.staleAt) {
		a.mu.Unlock()
		return s, nil
	}
	f := a.flight
	if f == nil {
		f = a.startLocked(ctx, nil)
	}
	a.mu.Unlock()
	select {
	case <-f.done:
		if f.err != nil {
			return nil, f.err
		}
		return f.tok, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLocked starts a fetch. bg is the still-valid token that a background
// fetch replaces, or nil when callers are waiting. a.mu must be held.
func (a *RenewingAuthorizer) startLocked(ctx context.Context, bg *tokenState) *flight {
	f := &flight{done: make(chan struct{})}
	a.flight = f
	a.renewing.Store(true)
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.opts.renewalTimeout)
	go a.run(fctx, cancel, f, bg)
	return f
}

// run performs one fetch, calls on_refresh, publishes the result, logs it
// and wakes the waiters, in that order.
func (a *RenewingAuthorizer) run(ctx context.Context, cancel context.CancelFunc, f *flight, bg *tokenState) {
	defer cancel()
	log := a.opts.logger
	log.DebugContext(ctx, "authorizers: renewing token", "authorizer", a.kind, "background", bg != nil)

	td, err := a.callFetch(ctx)
	if err == nil {
		err = validateToken(td, time.Now())
	}
	if err == nil {
		td.ExpiresAt = td.ExpiresAt.Round(0)
		err = a.callOnRefresh(td)
	}

	a.mu.Lock()
	if err == nil {
		a.gen++
		f.tok = a.newState(td, a.gen)
		a.cur.Store(f.tok)
	} else {
		f.err = &RenewalError{Err: err}
		if bg != nil && a.cur.Load() == bg {
			// Keep the valid token, but let no caller start another
			// background fetch for a while.
			retry := *bg
			retry.refreshAt = time.Now().Add(backgroundRetryDelay)
			a.cur.Store(&retry)
		}
	}
	a.flight = nil
	a.renewing.Store(false)
	a.mu.Unlock()

	// Log before waking the waiters, so that nothing of this renewal runs
	// after they return.
	if err != nil {
		log.DebugContext(ctx, "authorizers: token renewal failed", "authorizer", a.kind, "background", bg != nil, "error", f.err)
	} else {
		log.DebugContext(ctx, "authorizers: token renewed", "authorizer", a.kind, "generation", f.tok.gen,
			"expires_at", td.ExpiresAt, "resource_server", td.ResourceServer)
	}
	close(f.done)
}

func (a *RenewingAuthorizer) callFetch(ctx context.Context) (td TokenData, err error) {
	if a.fetch == nil {
		return TokenData{}, errNoFetch
	}
	defer func() {
		if r := recover(); r != nil {
			// Only the type: the panic value may hold a token.
			err = fmt.Errorf("authorizers: fetch panicked (%T)", r)
		}
	}()
	return a.fetch(ctx)
}

func (a *RenewingAuthorizer) callOnRefresh(td TokenData) (err error) {
	if a.opts.onRefresh == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			// Only the type: the panic value may hold a token.
			err = fmt.Errorf("authorizers: on_refresh panicked (%T)", r)
		}
	}()
	a.opts.onRefresh(td)
	return nil
}

// validateToken rejects a fetched token that cannot be used at now.
func validateToken(td TokenData, now time.Time) error {
	switch {
	case td.AccessToken.Reveal() == "":
		return fmt.Errorf("%w: no access token", ErrInvalidToken)
	case td.ExpiresAt.IsZero():
		return fmt.Errorf("%w: no expiry time", ErrInvalidToken)
	case !td.ExpiresAt.After(now):
		return fmt.Errorf("%w: its expiry time %s has already passed", ErrInvalidToken, td.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}

// describe is the redacted one-line form shared by the renewing
// authorizers' String methods. kind names the authorizer; extra holds
// fields shown before the token. a may be nil.
func (a *RenewingAuthorizer) describe(kind, extra string) string {
	out := kind + "{" + extra
	if a == nil {
		return out + "access_token: none}"
	}
	if s := a.cur.Load(); s != nil {
		out += "access_token: " + redacted +
			", expires_at: " + s.data.ExpiresAt.Format(time.RFC3339) +
			", resource_server: " + strconv.Quote(s.data.ResourceServer)
	} else {
		out += "access_token: none"
	}
	return out + "}"
}

// Format prints the authorizer with its token redacted, for every verb.
func (a *RenewingAuthorizer) Format(f fmt.State, _ rune) { fmt.Fprint(f, a.describe(kindRenewing, "")) }

// Every authorizer of this package satisfies Authorizer.
var (
	_ Authorizer = NullAuthorizer{}
	_ Authorizer = (*BasicAuthorizer)(nil)
	_ Authorizer = (*AccessTokenAuthorizer)(nil)
	_ Authorizer = (*RenewingAuthorizer)(nil)
	_ Authorizer = (*RefreshTokenAuthorizer)(nil)
	_ Authorizer = (*ClientCredentialsAuthorizer)(nil)
)
