package fakeglobus

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what an injected fault does to a request.
type FaultKind int

// The kinds of fault.
const (
	// FaultUnauthorized answers 401, with an AuthenticationFailed error
	// for Transfer and invalid_client for Auth, whatever the token.
	FaultUnauthorized FaultKind = iota + 1
	// FaultRateLimited answers 429 with a Retry-After header.
	FaultRateLimited
	// FaultUnavailable answers 503 with a Retry-After header.
	FaultUnavailable
	// FaultInternalError answers 500 with an HTML body.
	FaultInternalError
	// FaultBadGateway answers 502 with an HTML body, as a proxy does.
	FaultBadGateway
	// FaultDropConnection closes the connection without an answer.
	FaultDropConnection
	// FaultDelay waits Fault.Delay and then answers normally.
	FaultDelay
)

// String returns the kind's name, such as "BadGateway".
func (k FaultKind) String() string {
	switch k {
	case FaultUnauthorized:
		return "Unauthorized"
	case FaultRateLimited:
		return "RateLimited"
	case FaultUnavailable:
		return "Unavailable"
	case FaultInternalError:
		return "InternalError"
	case FaultBadGateway:
		return "BadGateway"
	case FaultDropConnection:
		return "DropConnection"
	case FaultDelay:
		return "Delay"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes requests to disturb and how. A request matches when every
// non-empty matcher field matches; a Fault with no matcher matches every
// request. Faults apply only to requests that pass validation, and the
// answers they make up are not validated against the specs (an HTML 502
// is off-spec on purpose).
type Fault struct {
	// Kind is what happens to a matched request.
	Kind FaultKind

	// Method matches the HTTP method, such as "POST".
	Method string
	// Path matches the URL path exactly, or as a prefix when it ends in
	// "*" (such as "/v0.10/task/*").
	Path string
	// OperationID matches the operationId of the request in the specs,
	// such as "submitTransfer", "getTask" or "oauth2Token".
	OperationID string

	// Skip lets this many matching requests through before the fault
	// starts firing.
	Skip int
	// Count is how many times the fault fires; 0 means no limit.
	Count int
	// Probability, between 0 and 1, fires the fault on that share of the
	// matching requests, drawn from the Server's seeded random source.
	// 0 means always.
	Probability float64

	// After lets the request take effect first (a task is created, a
	// token issued) and then replaces, drops or delays the answer: the
	// client sees a failure although the server did the work.
	After bool
	// RetryAfter is sent, in whole seconds rounded up, as the Retry-After
	// header of FaultRateLimited and FaultUnavailable answers. Zero sends
	// "Retry-After: 0".
	RetryAfter time.Duration
	// Delay is how long FaultDelay waits.
	Delay time.Duration
}

// FaultError is returned by Inject for a Fault that cannot be used.
type FaultError struct {
	// Fault is the rejected fault.
	Fault Fault
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error.
func (e *FaultError) Error() string { return "fakeglobus: bad fault: " + e.Reason }

// Injection is a Fault installed on a Server by Inject.
type Injection struct {
	s     *Server
	f     Fault
	seen  int
	fired int
}

// Inject installs f. Faults are tried in the order they were injected; the
// first one that fires on a request is the only one applied to it.
func (s *Server) Inject(f Fault) (*Injection, error) {
	switch {
	case f.Kind < FaultUnauthorized || f.Kind > FaultDelay:
		return nil, &FaultError{f, "unknown kind " + f.Kind.String()}
	case f.Skip < 0 || f.Count < 0:
		return nil, &FaultError{f, "Skip and Count must not be negative"}
	case f.Probability < 0 || f.Probability > 1 || math.IsNaN(f.Probability):
		return nil, &FaultError{f, "Probability must be between 0 and 1"}
	case f.RetryAfter < 0 || f.Delay < 0:
		return nil, &FaultError{f, "RetryAfter and Delay must not be negative"}
	case f.Kind == FaultDelay && f.Delay == 0:
		return nil, &FaultError{f, "FaultDelay needs a Delay"}
	}
	in := &Injection{s: s, f: f}
	s.faultMu.Lock()
	s.faults = append(s.faults, in)
	s.faultMu.Unlock()
	return in, nil
}

// Fired returns how many times the fault has fired.
func (in *Injection) Fired() int {
	in.s.faultMu.Lock()
	defer in.s.faultMu.Unlock()
	return in.fired
}

// Matched returns how many requests matched the fault, fired or not.
func (in *Injection) Matched() int {
	in.s.faultMu.Lock()
	defer in.s.faultMu.Unlock()
	return in.seen
}

// Remove uninstalls the fault. Removing it twice is harmless.
func (in *Injection) Remove() {
	in.s.faultMu.Lock()
	defer in.s.faultMu.Unlock()
	for i, f := range in.s.faults {
		if f == in {
			in.s.faults = append(in.s.faults[:i:i], in.s.faults[i+1:]...)
			return
		}
	}
}

// ClearFaults uninstalls every fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

func (f *Fault) matches(r *http.Request, op string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	if f.OperationID != "" && f.OperationID != op {
		return false
	}
	if f.Path != "" {
		if p, ok := strings.CutSuffix(f.Path, "*"); ok {
			if !strings.HasPrefix(r.URL.Path, p) {
				return false
			}
		} else if r.URL.Path != f.Path {
			return false
		}
	}
	return true
}

// matchFault returns the fault that fires on this request, if any.
func (s *Server) matchFault(r *http.Request, op string) *Injection {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for _, in := range s.faults {
		if !in.f.matches(r, op) {
			continue
		}
		in.seen++
		if in.seen <= in.f.Skip {
			continue
		}
		if in.f.Count > 0 && in.fired >= in.f.Count {
			continue
		}
		if p := in.f.Probability; p > 0 && p < 1 && s.faultR.Float64() >= p {
			continue
		}
		in.fired++
		return in
	}
	return nil
}

// applyFault carries out in on w. It returns true when the request should
// go on normally (after a delay), false when the answer was given.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, in *Injection, transfer bool) bool {
	f := in.f
	switch f.Kind {
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
		return true
	case FaultDropConnection:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return false
			}
		}
		// Without hijacking (HTTP/2), aborting the handler resets the
		// stream.
		panic(http.ErrAbortHandler)
	case FaultUnauthorized:
		rec := newRecorder()
		if transfer {
			rec.header.Set("WWW-Authenticate", `Bearer realm="transfer.api.globus.org"`)
			s.transferError(rec, r, http.StatusUnauthorized, "AuthenticationFailed", "Token is not active (injected fault)")
		} else {
			oauthError(rec, http.StatusUnauthorized, "invalid_client", "client authentication failed (injected fault)")
		}
		rec.flush(w)
	case FaultRateLimited, FaultUnavailable:
		status, code := http.StatusTooManyRequests, "RateLimited"
		if f.Kind == FaultUnavailable {
			status, code = http.StatusServiceUnavailable, "ServiceUnavailable"
		}
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(f.RetryAfter.Seconds())), 10))
		rec := newRecorder()
		if transfer {
			s.transferError(rec, r, status, code, "injected fault: "+http.StatusText(status))
		} else {
			writeJSON(rec, status, map[string]any{"errors": []any{map[string]any{
				"status": strconv.Itoa(status), "code": strings.ToUpper(code), "title": http.StatusText(status),
			}}})
		}
		rec.flush(w)
	case FaultInternalError, FaultBadGateway:
		status := http.StatusInternalServerError
		if f.Kind == FaultBadGateway {
			status = http.StatusBadGateway
		}
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n</body>\r\n</html>\r\n", text, text)
	default:
		http.Error(w, "fakeglobus: unknown fault kind", http.StatusInternalServerError)
	}
	return false
}
