package authorizers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Doer sends HTTP requests. *http.Client satisfies it, and so does the
// HttpRequestDoer interface of every generated client.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// ErrInsecureTransport is returned (wrapped) when a credential would be sent
// over plain http to a host that is not loopback. See [AllowInsecureHTTP].
var ErrInsecureTransport = errors.New("authorizers: refusing to send credentials over plain http to a non-loopback host")

// DoerOption configures [NewDoer] and [RequestEditor].
type DoerOption func(*doer)

// AllowInsecureHTTP lets the Doer or request editor send credentials over
// plain http to any host. By default they are sent over http only to
// loopback addresses (localhost, 127.0.0.0/8, ::1), which is what local test
// servers use.
func AllowInsecureHTTP() DoerOption {
	return func(d *doer) { d.allowInsecure = true }
}

// NewDoer returns a Doer that authorizes each request with a before passing
// it to next.
//
// On every attempt it sets a fresh Authorization header. When the answer is
// 401 it asks a.HandleMissingAuthorization; if that reports true and the body
// can be sent again (the request has GetBody, or no body), it sends the
// request exactly once more, with a new header and the same body bytes. It
// never retries a 401 twice. When the request's context carries a renewal
// allowance ([WithRenewalAllowance]), the 401 handling happens only if the
// allowance was not used yet, and uses it up.
//
// It refuses to send a credential over plain http to a host that is not
// loopback, unless [AllowInsecureHTTP] is given: Do then returns an error
// wrapping [ErrInsecureTransport] and sends nothing. The destination is
// checked before the authorizer is asked, so that this package's renewing
// authorizers fetch no token for a request that would be refused. A request
// without an Authorization header ([NullAuthorizer]) goes anywhere.
//
// When next is nil, or an interface holding a nil pointer such as a nil
// *http.Client, NewDoer uses a client with sane timeouts (see
// [DefaultHTTPClient]). When next is an *http.Client, NewDoer uses a copy of
// it whose redirect policy removes the Authorization header whenever a
// redirect leads to another host or from https to http, so that a bearer
// token never leaks to a host it was not meant for, nor over plain http.
// Other Doers are used as given.
func NewDoer(a Authorizer, next Doer, opts ...DoerOption) Doer {
	if a == nil {
		a = NullAuthorizer{}
	}
	switch c := next.(type) {
	case *http.Client:
		if c != nil {
			next = withRedirectGuard(c)
		}
	}
	if isNil(next) {
		next = DefaultHTTPClient()
	}
	d := &doer{auth: a, next: next}
	for _, o := range opts {
		if o != nil {
			o(d)
		}
	}
	return d
}

type doer struct {
	auth          Authorizer
	next          Doer
	allowInsecure bool
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	resp, sent, err := d.attempt(req, req.Body)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	// A retry layer above may send this logical call several times; its
	// allowance lets only the first 401 among all those attempts renew.
	if !takeRenewal(req.Context()) {
		return resp, nil
	}
	// Tell the authorizer which header was rejected, so that a burst of
	// 401s for one token renews it only once.
	if !d.auth.HandleMissingAuthorization(withRejectedAuthorization(req.Context(), sent)) {
		return resp, nil
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil // the body cannot be sent again; the caller sees the 401
	}
	var body io.ReadCloser
	if req.GetBody != nil {
		if body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	// Release the first answer's connection before the retry.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	resp, _, err = d.attempt(req, body)
	return resp, err
}

// attempt sends one copy of req with body and a fresh Authorization header,
// and also returns that header.
func (d *doer) attempt(req *http.Request, body io.ReadCloser) (*http.Response, string, error) {
	r := req.Clone(req.Context())
	r.Body = body
	if err := d.authorize(r.Context(), r); err != nil {
		if body != nil {
			_ = body.Close()
		}
		return nil, "", err
	}
	resp, err := d.next.Do(r)
	return resp, r.Header.Get("Authorization"), err
}

// authorize sets r's Authorization header, unless the header would go over
// plain http to a host that is not loopback (and d does not allow that):
// then it removes the header and returns an error wrapping
// ErrInsecureTransport. The destination is checked first, so that an
// authorizer of this package that always sends a credential is refused
// without being asked for one (a renewing authorizer would fetch a token).
func (d *doer) authorize(ctx context.Context, r *http.Request) error {
	insecure := !d.allowInsecure && r.URL != nil && r.URL.Scheme == "http" && !isLoopback(r.URL.Hostname())
	if insecure && sendsCredential(d.auth) {
		r.Header.Del("Authorization")
		return insecureError(r)
	}
	if err := d.auth.SetAuthorizationHeader(ctx, r.Header); err != nil {
		return err
	}
	if insecure && r.Header.Get("Authorization") != "" {
		r.Header.Del("Authorization")
		return insecureError(r)
	}
	return nil
}

func insecureError(r *http.Request) error {
	return fmt.Errorf("%w (%s)", ErrInsecureTransport, r.URL.Host)
}

// sendsCredential reports whether a is one of this package's authorizers
// that always set an Authorization header. Other authorizers are asked, and
// their header checked afterwards.
func sendsCredential(a Authorizer) bool {
	switch a.(type) {
	case *BasicAuthorizer, *AccessTokenAuthorizer, *RenewingAuthorizer, *RefreshTokenAuthorizer, *ClientCredentialsAuthorizer:
		return true
	}
	return false
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DefaultHTTPClient returns the client that [NewDoer] uses when given none:
// it connects within 30 s, finishes TLS within 10 s, waits at most 120 s
// for response headers, and removes the Authorization header on redirects
// to another host or from https to http. It sets no overall timeout, so that
// long downloads and callers' contexts stay in control.
//
// Its transport is a tuned copy of [http.DefaultTransport] when that is an
// *http.Transport. When a program has replaced http.DefaultTransport with
// another RoundTripper (for instrumentation or a test double), the client
// sends through that RoundTripper as it is, without the timeouts above.
func DefaultHTTPClient() *http.Client {
	rt := http.DefaultTransport
	var t *http.Transport
	if dt, ok := rt.(*http.Transport); ok && dt != nil {
		t = dt.Clone()
	} else if isNil(rt) {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true,
			MaxIdleConns: 100, IdleConnTimeout: 90 * time.Second}
	}
	if t != nil {
		t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = 10 * time.Second
		t.ResponseHeaderTimeout = 120 * time.Second
		t.ExpectContinueTimeout = time.Second
		rt = t
	}
	return withRedirectGuard(&http.Client{Transport: rt})
}

// withRedirectGuard returns a copy of c whose redirect policy drops the
// Authorization header when a redirect changes host or leaves https (a
// redirect must not carry a token past the plain-http check of the Doer),
// then applies c's own
// policy (or the default limit of 10 redirects).
func withRedirectGuard(c *http.Client) *http.Client {
	cp := *c
	inner := c.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && (req.URL.Host != via[0].URL.Host || (via[0].URL.Scheme == "https" && req.URL.Scheme != "https")) {
			req.Header.Del("Authorization")
		}
		if inner != nil {
			return inner(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// renewalAllowanceKey is the context key of a renewal allowance.
type renewalAllowanceKey struct{}

// WithRenewalAllowance returns a copy of ctx that carries one renewal
// allowance, replacing any that ctx carried. Every Doer of [NewDoer] that
// sends a request made with the returned context (or one derived from it)
// draws on that same allowance: among them, only the first 401 makes the
// authorizer renew its credential and the request go out once more; a later
// 401 is returned as it is.
//
// A layer that sends one logical call several times, such as a retry loop
// wrapped around a Doer of NewDoer, uses it once per call, so that each of
// its attempts does not renew the token again:
//
//	ctx := authorizers.WithRenewalAllowance(req.Context())
//	for attempt := 0; ; attempt++ {
//		resp, err := authDoer.Do(req.WithContext(ctx))
//		...
//	}
//
// Without an allowance in the context, each call of Do may renew once.
func WithRenewalAllowance(ctx context.Context) context.Context {
	return context.WithValue(ctx, renewalAllowanceKey{}, new(atomic.Bool))
}

// takeRenewal reports whether a 401 under ctx may lead to a renewal, using
// up ctx's allowance when it has one.
func takeRenewal(ctx context.Context) bool {
	used, ok := ctx.Value(renewalAllowanceKey{}).(*atomic.Bool)
	if !ok {
		return true
	}
	return used.CompareAndSwap(false, true)
}
