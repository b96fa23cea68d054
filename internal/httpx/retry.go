package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/globus-go/globus"
)

// maxErrorBody caps how much of an error body is read; the rest is
// dropped, and the error keeps what was read.
const maxErrorBody = 16 << 20

func idempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace, "":
		return true
	}
	return false
}

// backoff returns the jittered sleep before retry number attempt (from 0).
func backoff(p globus.RetryPolicy, attempt int) time.Duration {
	ceiling := p.BaseDelay
	for i := 0; i < attempt && ceiling < p.MaxSleep; i++ {
		ceiling *= 2
	}
	return fullJitter(min(ceiling, p.MaxSleep))
}

// fullJitter picks a duration in [0, max].
func fullJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(max) + 1))
}

// sleepCtx waits d, or until ctx is done.
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

// skipByCode reads the body of resp to find its error code. It reports
// whether the code is one that must not be retried, and leaves resp.Body
// readable from the start in either case.
func skipByCode(p globus.RetryPolicy, resp *http.Response) bool {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(b), resp.Body), Closer: resp.Body}
	e := globus.NewAPIError(resp, b)
	for _, prefix := range p.SkipCodePrefixes {
		if e.HasCode(prefix) {
			return true
		}
	}
	return false
}

// retryableError reports whether err, returned for one attempt, allows
// another one.
func retryableError(err error, idempotent, attemptTimedOut bool) bool {
	if attemptTimedOut {
		return idempotent
	}
	if certificateError(err) {
		return false
	}
	if beforeServer(err) {
		return true
	}
	return idempotent && brokenConnection(err)
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
