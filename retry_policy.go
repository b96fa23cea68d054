package globus

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Defaults of [RetryPolicy]. They follow the Python SDK.
const (
	// DefaultMaxRetries is how many times a request is retried after its
	// first attempt.
	DefaultMaxRetries = 5
	// DefaultBaseDelay is the backoff before the first retry, before
	// jitter; it doubles with every further retry.
	DefaultBaseDelay = 250 * time.Millisecond
	// DefaultMaxSleep caps every sleep between attempts, including one that
	// a Retry-After header asks for.
	DefaultMaxSleep = 10 * time.Second
	// DefaultAttemptTimeout bounds each attempt, from sending the request to
	// closing the response body.
	DefaultAttemptTimeout = 60 * time.Second
)

// DefaultRetryStatuses returns the statuses retried by default: 429 Too
// Many Requests, 500 Internal Server Error, 502 Bad Gateway, 503 Service
// Unavailable and 504 Gateway Timeout.
func DefaultRetryStatuses() []int { return []int{429, 500, 502, 503, 504} }

// RetryPolicy says when and how a failed request is sent again. The auth
// and transfer packages take it with their WithRetryPolicy options.
//
// A request is retried when:
//   - the connection failed before the server could have seen the request
//     (a dial error such as "connection refused", or a DNS failure other
//     than "no such host"), for every method;
//   - the request is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, or
//     a call that the SDK knows the server deduplicates, such as a Transfer
//     submission with its submission id) and either the status is one of
//     RetryStatuses or the connection broke (reset, EOF, timeout of the
//     attempt).
//
// A request whose body cannot be sent again is never retried. Retries wait
// with capped exponential backoff and full jitter: before retry n (from 0)
// a random time between 0 and min(MaxSleep, BaseDelay·2ⁿ). For 429 and 503
// a Retry-After header, in seconds or as an HTTP date, replaces the
// backoff, capped at MaxSleep.
//
// The zero value of every field means its default, so RetryPolicy{} is the
// default policy.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	// 0 means DefaultMaxRetries (5); a negative value turns retries off.
	MaxRetries int
	// BaseDelay is the backoff before the first retry, before jitter.
	// 0 means DefaultBaseDelay (250 ms).
	BaseDelay time.Duration
	// MaxSleep caps each sleep between attempts. 0 means DefaultMaxSleep
	// (10 s).
	MaxSleep time.Duration
	// AttemptTimeout bounds each attempt, from sending the request until
	// the response body is closed. 0 means DefaultAttemptTimeout (60 s); a
	// negative value sets no bound, leaving only the caller's context.
	AttemptTimeout time.Duration
	// RetryStatuses lists the HTTP statuses that are retried. Nil means
	// DefaultRetryStatuses (429, 500, 502, 503, 504); an empty, non-nil
	// slice retries no status.
	RetryStatuses []int
	// SkipCodePrefixes lists error codes that are never retried, even with
	// a retryable status, because a retry cannot help: for example the
	// Transfer codes "ExternalError" and "EndpointError", which report a
	// problem of the endpoint. They match as [APIError.HasCode] does. Nil
	// means the client's default: none for Auth; ExternalError and
	// EndpointError for Transfer.
	SkipCodePrefixes []string
}

// WithDefaults returns p with every zero field replaced by its default. A
// negative MaxRetries (retries off) is kept, so that applying WithDefaults
// twice changes nothing.
func (p RetryPolicy) WithDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = DefaultMaxRetries
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxSleep == 0 {
		p.MaxSleep = DefaultMaxSleep
	}
	if p.AttemptTimeout == 0 {
		p.AttemptTimeout = DefaultAttemptTimeout
	}
	if p.RetryStatuses == nil {
		p.RetryStatuses = DefaultRetryStatuses()
	} else {
		p.RetryStatuses = slices.Clone(p.RetryStatuses)
	}
	p.SkipCodePrefixes = slices.Clone(p.SkipCodePrefixes)
	return p
}

// ErrInvalidRetryPolicy is wrapped by the error a client constructor
// returns for a retry policy it cannot use.
var ErrInvalidRetryPolicy = errors.New("invalid retry policy")

// ErrInvalidBaseURL is wrapped by the error a client constructor returns
// for a base URL it cannot use: not an absolute http or https URL, or one
// with user information, a query or a fragment.
var ErrInvalidBaseURL = errors.New("invalid base URL")

// ErrInvalidOption is wrapped by the error a client constructor returns for
// any other option value it cannot use, such as a negative body size limit.
var ErrInvalidOption = errors.New("invalid option")

// Validate returns an error wrapping [ErrInvalidRetryPolicy] when p cannot
// be used: a negative delay, or a retry status outside 400-599.
func (p RetryPolicy) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("globus: %w: %s", ErrInvalidRetryPolicy, fmt.Sprintf(format, args...))
	}
	if p.BaseDelay < 0 {
		return bad("BaseDelay %v is negative", p.BaseDelay)
	}
	if p.MaxSleep < 0 {
		return bad("MaxSleep %v is negative", p.MaxSleep)
	}
	for _, s := range p.RetryStatuses {
		if s < 400 || s > 599 {
			return bad("status %d is not an error status (400-599)", s)
		}
	}
	return nil
}

// ErrRedirectRefused is wrapped by the error a client returns when an
// answer came from another place than the request was sent to: the SDK
// never follows redirects, and refuses an answer that an HTTP transport
// fetched from another host or scheme by following one itself, so that no
// credential or token request is answered by a host it was not meant for.
var ErrRedirectRefused = errors.New("globus: refusing an answer that a redirect brought from another host or scheme")
