package transfer

import "time"

// RetryPolicy says when and how the Transfer client sends a failed request
// again; give it with [WithRetryPolicy]. The zero value of every field
// means its default, so RetryPolicy{} is the default policy.
//
// A request is retried when the connection failed before the server could
// have seen it (any method), or when it is idempotent (GET, HEAD, PUT,
// DELETE, or a call the service deduplicates, such as a Transfer
// submission with its submission id) and its status is one of
// RetryStatuses or the connection broke. A body that cannot be sent again
// is never retried. Before retry n (from 0) the client waits a random time
// between 0 and min(MaxSleep, BaseDelay·2ⁿ); for 429 and 503 a Retry-After
// header replaces that wait, capped at MaxSleep.
//
// It has the fields of [globus.RetryPolicy], so one converts to the other,
// and to the RetryPolicy of the other service's package.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	// Default: 5 ([globus.DefaultMaxRetries]); a negative value turns
	// retries off.
	MaxRetries int
	// BaseDelay is the wait before the first retry, before jitter; it
	// doubles with each further retry. Default: 250 ms
	// ([globus.DefaultBaseDelay]).
	BaseDelay time.Duration
	// MaxSleep caps each wait between attempts, a Retry-After included.
	// Default: 10 s ([globus.DefaultMaxSleep]).
	MaxSleep time.Duration
	// AttemptTimeout bounds each attempt, from sending the request until
	// the response body is closed. Default: 60 s
	// ([globus.DefaultAttemptTimeout]); a negative value sets no bound but
	// the caller's context.
	AttemptTimeout time.Duration
	// RetryStatuses lists the HTTP statuses that are retried. Default
	// (nil): 429, 500, 502, 503 and 504 ([globus.DefaultRetryStatuses]);
	// an empty, non-nil slice retries no status.
	RetryStatuses []int
	// SkipCodePrefixes lists error codes that are never retried, even with
	// a retryable status; they match as [globus.APIError.HasCode] does.
	// Default (nil): ExternalError and EndpointError
	// ([DefaultSkipCodePrefixes]), Transfer codes that report a problem of
	// an endpoint, which a retry cannot fix; an empty, non-nil slice
	// retries them too.
	SkipCodePrefixes []string
}
