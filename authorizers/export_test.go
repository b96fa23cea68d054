package authorizers

import "time"

// WithClock replaces time.Now in tests.
func WithClock(now func() time.Time) Option { return withClock(now) }

// WaitIdle waits until the renewal that a's engine is running, if any, has
// finished and published its result.
func WaitIdle(a Authorizer) {
	var r *RenewingAuthorizer
	switch v := a.(type) {
	case *RenewingAuthorizer:
		r = v
	case *RefreshTokenAuthorizer:
		r = v.r
	case *ClientCredentialsAuthorizer:
		r = v.r
	default:
		return
	}
	r.mu.Lock()
	f := r.flight
	r.mu.Unlock()
	if f != nil {
		<-f.done
	}
}
