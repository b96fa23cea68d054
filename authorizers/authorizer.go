package authorizers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// Authorizer supplies the credential of outgoing requests: it sets their
// Authorization header. It holds credentials only; the auth and transfer
// clients send the requests (attach one with their WithAuthorizer option),
// and any generated client can use one through [RequestEditor].
//
// Implementations are safe for concurrent use.
type Authorizer interface {
	// SetAuthorizationHeader sets h's Authorization header, overwriting one
	// already there, or removes it.
	SetAuthorizationHeader(ctx context.Context, h http.Header) error
	// HandleMissingAuthorization is called after a request sent with the
	// Authorization header rejected got HTTP 401. It reports whether a
	// retry with a fresh header may now succeed; a renewing authorizer
	// drops the rejected token, unless it already holds a newer one.
	HandleMissingAuthorization(ctx context.Context, rejected string) bool
}

// ErrInsecureTransport is returned (wrapped) when a credential would be sent
// over plain http to a host that is not loopback.
var ErrInsecureTransport = errors.New("authorizers: refusing to send credentials over plain http to a non-loopback host")

// InsecureDestination reports whether a credential sent to u would travel
// over plain http to a host that is not loopback (localhost, 127.0.0.0/8,
// ::1). The SDK's clients and [RequestEditor] refuse such requests unless
// told otherwise.
func InsecureDestination(u *url.URL) bool {
	if u == nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// EditorOption configures [RequestEditor].
type EditorOption func(*editor)

// AllowInsecureHTTP lets the request editor put credentials on plain-http
// requests to any host. By default it does so only for loopback hosts,
// which is what local test servers use.
func AllowInsecureHTTP() EditorOption {
	return func(e *editor) { e.allowInsecure = true }
}

type editor struct {
	auth          Authorizer
	allowInsecure bool
}

// RequestEditor adapts a to the request-editor shape of the generated
// clients: the result is assignable to any generated RequestEditorFn, for
// use with a generated client's WithRequestEditorFn option or as a per-call
// editor. A nil a removes the header, like [NullAuthorizer].
//
// The editor refuses to put a credential on a plain-http request to a host
// that is not loopback: unless a is a [NullAuthorizer], it then removes the
// header without asking a (so a renewing authorizer fetches no token) and
// returns an error wrapping [ErrInsecureTransport], so the generated client
// sends nothing. [AllowInsecureHTTP] lifts that check. The auth and
// transfer clients authorize their requests with this same editor.
//
// A request editor can set the header but cannot retry: use the
// WithAuthorizer option of the auth and transfer packages to also get the
// single retry after a 401.
func RequestEditor(a Authorizer, opts ...EditorOption) func(ctx context.Context, req *http.Request) error {
	if a == nil {
		a = NullAuthorizer{}
	}
	e := &editor{auth: a}
	for _, o := range opts {
		if o != nil {
			o(e)
		}
	}
	return e.edit
}

// edit sets req's Authorization header from e.auth, unless req would carry
// it over plain http to a host that is not loopback. It is the one check
// that [RequestEditor] and [Transport] share.
func (e *editor) edit(ctx context.Context, req *http.Request) error {
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	insecure := !e.allowInsecure && InsecureDestination(req.URL)
	if _, null := e.auth.(NullAuthorizer); insecure && !null {
		req.Header.Del("Authorization")
		return fmt.Errorf("%w (%s)", ErrInsecureTransport, req.URL.Host)
	}
	return e.auth.SetAuthorizationHeader(ctx, req.Header)
}
