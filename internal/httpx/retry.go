package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
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

// DefaultRetryStatuses are the statuses retried by default: 429 Too Many
// Requests, 500 Internal Server Error, 502 Bad Gateway, 503 Service
// Unavailable and 504 Gateway Timeout.
var DefaultRetryStatuses = []int{429, 500, 502, 503, 504}

// maxErrorBody caps how much of an error body is read.
const maxErrorBody = 16 << 20

// RetryPolicy says when and how a failed request is sent again.
//
// A request is retried when:
//   - the connection failed before the server could have seen the request
//     (a dial error such as "connection refused", or a DNS failure other
//     than "no such host"), for every method;
//   - the request is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, or
//     a context marked with [WithIdempotent]) and either the status is one
//     of RetryStatuses or the connection broke (reset, EOF, timeout of the
//     attempt).
//
// A request whose body cannot be sent again (it has a body but no GetBody)
// is never retried. Retries wait with capped exponential backoff and full
// jitter: before retry n (from 0) a random time between 0 and
// min(MaxSleep, BaseDelay·2ⁿ). For 429 and 503 a Retry-After header, in
// seconds or as an HTTP date, replaces the backoff, capped at MaxSleep.
//
// The zero value of every field means its default.
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
	// problem of the endpoint. They match as [globus.APIError.HasCode] does.
	// Nil means none.
	SkipCodePrefixes []string
}

// DefaultRetryPolicy returns the policy used when none is set, with every
// field filled in.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{}.withDefaults()
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = DefaultMaxRetries
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
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
		p.RetryStatuses = slices.Clone(DefaultRetryStatuses)
	}
	return p
}

// ErrInvalidRetryPolicy is returned (wrapped) by [NewConfig] for a retry
// policy it cannot use.
var ErrInvalidRetryPolicy = errors.New("invalid retry policy")

func (p RetryPolicy) validate() error {
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

type idempotentKey struct{}

// WithIdempotent marks the requests made with ctx as safe to send more than
// once, so that a POST is retried like a GET. Use it only for requests that
// the server deduplicates, such as a Transfer submission carrying a
// submission_id.
func WithIdempotent(ctx context.Context) context.Context {
	return WithIdempotency(ctx, true)
}

// WithIdempotency says whether the requests made with ctx are safe to send
// more than once, replacing any mark that ctx inherited. A request that
// must never be repeated, such as a refresh-token grant that rotates the
// token, uses it with false, so that a mark set by a caller further up (an
// authorizer renewing its token inside a Transfer submission, say) does
// not reach it.
func WithIdempotency(ctx context.Context, idempotent bool) context.Context {
	return context.WithValue(ctx, idempotentKey{}, idempotent)
}

// IsIdempotent reports whether ctx was marked with [WithIdempotent].
func IsIdempotent(ctx context.Context) bool {
	if c := callFrom(ctx); c != nil && c.Idempotent {
		return true
	}
	v, _ := ctx.Value(idempotentKey{}).(bool)
	return v
}

func idempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace, "":
		return true
	}
	return false
}

// retryDoer retries requests according to a policy.
type retryDoer struct {
	policy RetryPolicy
	next   authorizers.Doer
	log    *slog.Logger
	// sleep waits d or until ctx is done; jitter picks a duration in
	// [0, max]. Tests replace them.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(max time.Duration) time.Duration
}

func newRetryDoer(p RetryPolicy, next authorizers.Doer, log *slog.Logger) *retryDoer {
	return &retryDoer{policy: p, next: next, log: log, sleep: sleepCtx, jitter: fullJitter}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func fullJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(max) + 1))
}

func (d *retryDoer) Do(req *http.Request) (*http.Response, error) {
	// All the attempts of this call share one renewal after a 401.
	ctx := authorizers.WithRenewalAllowance(req.Context())
	hasBody := req.Body != nil && req.Body != http.NoBody
	replayable := !hasBody || req.GetBody != nil
	idempotent := idempotentMethod(req.Method) || IsIdempotent(ctx)
	maxRetries := d.policy.MaxRetries
	if !replayable {
		maxRetries = 0
	}
	debug := d.log.Enabled(ctx, slog.LevelDebug)
	var logURL string
	if debug {
		logURL = urlForLog(req)
	}

	for attempt := 0; ; attempt++ {
		body := req.Body
		if attempt > 0 && hasBody {
			b, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("globus: %s %s: replaying the request body: %w", req.Method, urlForLog(req), err)
			}
			body = b
		}
		actx, cancel := d.attemptContext(ctx)
		rec := &transportRecord{}
		r := req.WithContext(context.WithValue(actx, transportRecordKey{}, rec))
		r.Body = body

		resp, err := d.next.Do(r)
		last := attempt >= maxRetries
		if err != nil {
			timedOut := actx.Err() != nil && ctx.Err() == nil
			cancel()
			if debug {
				d.log.LogAttrs(ctx, slog.LevelDebug, "globus: request failed",
					slog.String("method", req.Method), slog.String("url", logURL),
					slog.Int("attempt", attempt+1), slog.String("error", transportMessage(err)))
			}
			if last || ctx.Err() != nil || !d.retryableError(err, rec, idempotent, timedOut) {
				return nil, err
			}
			if err := d.wait(ctx, req, logURL, attempt, d.backoff(attempt), 0, debug); err != nil {
				return nil, err
			}
			continue
		}

		if debug {
			d.log.LogAttrs(ctx, slog.LevelDebug, "globus: response",
				slog.String("method", req.Method), slog.String("url", logURL),
				slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt+1))
		}
		if last || !idempotent || !slices.Contains(d.policy.RetryStatuses, resp.StatusCode) {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		if len(d.policy.SkipCodePrefixes) > 0 && d.skipByCode(resp) {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		sleep := d.backoff(attempt)
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				sleep = min(ra, d.policy.MaxSleep)
			}
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		cancel()
		if err := d.wait(ctx, req, logURL, attempt, sleep, resp.StatusCode, debug); err != nil {
			return nil, err
		}
	}
}

func (d *retryDoer) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if d.policy.AttemptTimeout > 0 {
		return context.WithTimeout(ctx, d.policy.AttemptTimeout)
	}
	return context.WithCancel(ctx)
}

// wait logs the coming retry and sleeps; it fails when ctx is done first.
func (d *retryDoer) wait(ctx context.Context, req *http.Request, logURL string, attempt int, sleep time.Duration, status int, debug bool) error {
	if debug {
		attrs := []slog.Attr{
			slog.String("method", req.Method), slog.String("url", logURL),
			slog.Int("attempt", attempt+1), slog.Duration("sleep", sleep),
		}
		if status != 0 {
			attrs = append(attrs, slog.Int("status", status))
		}
		d.log.LogAttrs(ctx, slog.LevelDebug, "globus: retrying", attrs...)
	}
	if err := d.sleep(ctx, sleep); err != nil {
		return fmt.Errorf("globus: %s %s: stopped before retry %d: %w", req.Method, urlForLog(req), attempt+1, err)
	}
	return nil
}

// backoff returns the jittered sleep before retry number attempt (from 0).
func (d *retryDoer) backoff(attempt int) time.Duration {
	ceiling := d.policy.BaseDelay
	for i := 0; i < attempt && ceiling < d.policy.MaxSleep; i++ {
		ceiling *= 2
	}
	return d.jitter(min(ceiling, d.policy.MaxSleep))
}

// skipByCode reads the body of resp to find its error code. It reports
// whether the code is one that must not be retried, and leaves resp.Body
// readable from the start in either case.
func (d *retryDoer) skipByCode(resp *http.Response) bool {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(b), resp.Body), Closer: resp.Body}
	e := globus.NewAPIError(resp, b)
	for _, p := range d.policy.SkipCodePrefixes {
		if e.HasCode(p) {
			return true
		}
	}
	return false
}

// retryableError reports whether err, returned for one attempt, allows
// another one.
func (d *retryDoer) retryableError(err error, rec *transportRecord, idempotent, attemptTimedOut bool) bool {
	if attemptTimedOut {
		return idempotent
	}
	terr := rec.get()
	if terr == nil || !errors.Is(err, terr) {
		// The error did not come from sending the request (an authorizer
		// failed, for example): retrying is not this layer's business.
		return false
	}
	if certificateError(terr) {
		return false
	}
	if beforeServer(terr) {
		return true
	}
	return idempotent && brokenConnection(terr)
}

// beforeServer reports whether err happened before the request could have
// reached the server.
func beforeServer(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return !dnsErr.IsNotFound
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// brokenConnection reports whether err means the connection broke while
// the request or the answer was under way.
func brokenConnection(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

func certificateError(err error) bool {
	var verr *tls.CertificateVerificationError
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var ierr x509.CertificateInvalidError
	return errors.As(err, &verr) || errors.As(err, &uerr) || errors.As(err, &herr) || errors.As(err, &ierr)
}

// parseRetryAfter reads a Retry-After value: a number of seconds or an
// HTTP date. A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// cancelBody releases the attempt's context once the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}

type readCloser struct {
	io.Reader
	io.Closer
}

// transportRecord remembers the last error that the HTTP client itself
// returned during one attempt, so that the retry layer can tell it from
// errors of the authorizer.
type transportRecord struct {
	mu  sync.Mutex
	err error
}

func (r *transportRecord) set(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

func (r *transportRecord) get() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

type transportRecordKey struct{}

func recordTransportError(ctx context.Context, err error) {
	if rec, ok := ctx.Value(transportRecordKey{}).(*transportRecord); ok {
		rec.set(err)
	}
}

// markTransport returns a Doer that behaves as d and records the errors of
// the actual sending in the request's transportRecord. An *http.Client stays
// an *http.Client (a copy whose Transport records), so that
// [authorizers.NewDoer] still guards its redirects.
func markTransport(d authorizers.Doer) authorizers.Doer {
	if c, ok := d.(*http.Client); ok {
		cp := *c
		rt := cp.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		cp.Transport = recordingTransport{rt: rt}
		return &cp
	}
	return recordingDoer{next: d}
}

type recordingTransport struct{ rt http.RoundTripper }

func (t recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(r)
	if err != nil {
		recordTransportError(r.Context(), err)
	}
	return resp, err
}

// CloseIdleConnections closes the idle connections of the wrapped
// transport, so that (*http.Client).CloseIdleConnections keeps working.
func (t recordingTransport) CloseIdleConnections() {
	if c, ok := t.rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

type recordingDoer struct{ next authorizers.Doer }

func (d recordingDoer) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(r)
	if err != nil {
		recordTransportError(r.Context(), err)
	}
	return resp, err
}

// urlForLog returns the request URL without user information, query or
// fragment.
func urlForLog(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
	u := *r.URL
	u.User = nil
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	u.RawFragment = ""
	return u.String()
}

// transportMessage returns the cause of a failed attempt without the URL
// that *url.Error adds, since that URL may hold a query.
func transportMessage(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) && uerr.Err != nil {
		return uerr.Err.Error()
	}
	return err.Error()
}
