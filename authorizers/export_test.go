package authorizers

import (
	"runtime"
	"time"
)

// WithClock replaces time.Now in tests.
func WithClock(now func() time.Time) Option { return withClock(now) }

// WaitIdle waits until the renewal that a's engine is running, if any, has
// finished and published its result.
func WaitIdle(a Authorizer) {
	r := engine(a)
	r.mu.Lock()
	f := r.flight
	r.mu.Unlock()
	if f != nil {
		<-f.done
	}
}

// WaitForWaiters waits until n callers of a are blocked on a fetch, or the
// deadline passes, and reports whether they are.
func WaitForWaiters(a Authorizer, n int64, within time.Duration) bool {
	r := engine(a)
	deadline := time.Now().Add(within)
	for r.waiting.Load() < n {
		if time.Now().After(deadline) {
			return false
		}
		runtime.Gosched()
	}
	return true
}

func engine(a Authorizer) *RenewingAuthorizer {
	switch v := a.(type) {
	case *RenewingAuthorizer:
		return v
	case *RefreshTokenAuthorizer:
		return v.r
	case *ClientCredentialsAuthorizer:
		return v.r
	}
	panic("not a renewing authorizer")
}
