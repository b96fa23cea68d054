package authorizers

import (
	"context"
	"net/http"
)

// Authorizer sets the Authorization header of outgoing requests.
//
// Implementations are safe for concurrent use.
type Authorizer interface {
	// SetAuthorizationHeader sets h's Authorization header, overwriting one
	// already there, or removes it.
	SetAuthorizationHeader(ctx context.Context, h http.Header) error
	// HandleMissingAuthorization is called after a request authorized by this
	// Authorizer got HTTP 401. It reports whether a retry may now succeed.
	HandleMissingAuthorization(ctx context.Context) bool
}

// RequestEditor adapts a to the request-editor shape of the generated
// clients: the result is assignable to any generated RequestEditorFn, for
// use with a generated client's WithRequestEditorFn option or as a per-call
// editor. A nil a removes the header, like [NullAuthorizer].
//
// Like [NewDoer], the editor refuses to put a credential on a plain-http
// request to a host that is not loopback: it then removes the header and
// returns an error wrapping [ErrInsecureTransport], so the generated client
// sends nothing. [AllowInsecureHTTP] lifts that check; other options have
// no effect here.
//
// A request editor can set the header but cannot retry: use [NewDoer] (or
// the WithAuthorizer option of the auth and transfer packages) to also get
// the single retry after a 401.
func RequestEditor(a Authorizer, opts ...DoerOption) func(ctx context.Context, req *http.Request) error {
	if a == nil {
		a = NullAuthorizer{}
	}
	d := &doer{auth: a}
	for _, o := range opts {
		if o != nil {
			o(d)
		}
	}
	return func(ctx context.Context, req *http.Request) error {
		if req.Header == nil {
			req.Header = make(http.Header)
		}
		return d.authorize(ctx, req)
	}
}
