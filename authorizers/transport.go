package authorizers

import (
	"errors"
	"io"
	"net/http"
)

// Transport is an [http.RoundTripper] that authorizes each request with an
// [Authorizer] and, when the answer is 401 Unauthorized, lets the
// authorizer renew its credential and sends the request once more. Any
// [http.Client] can use it:
//
//	client := &http.Client{Transport: &authorizers.Transport{Authorizer: a}}
//
// It is the authorization stage of the SDK's own clients too: the auth and
// transfer clients send every attempt through a Transport over their
// sending stage, so that there is one implementation of the retry after a
// 401. That retry happens at most once per RoundTrip; the SDK's clients
// also limit it to once per call, however often they retry otherwise.
//
// For each request, RoundTrip
//
//  1. sets the Authorization header on a copy of the request (the caller's
//     request is never changed), refusing, as [RequestEditor] does, to put
//     a credential on a plain-http request to a host that is not loopback
//     unless AllowInsecureHTTP is set: it then returns an error wrapping
//     [ErrInsecureTransport] and sends nothing;
//  2. sends the copy with Base;
//  3. when the answer is 401 and a credential was sent, and the body can
//     be sent again (the request has no body, or has GetBody), calls
//     HandleMissingAuthorization with the rejected header; when that
//     reports true, it discards the 401 answer, gets the body again from
//     GetBody, sets a fresh header and sends once more, returning that
//     answer whatever its status. Otherwise the 401 answer is returned.
//
// An [http.Client] may follow redirects through a Transport. A request
// that a redirect made is authorized only when it goes to the same scheme
// and host as the request that started the chain; to any other place it
// goes without an Authorization header, so that a redirect cannot take the
// credential to another host (net/http's own rule is looser: it keeps the
// header for subdomains).
//
// The zero Transport, with a nil Authorizer, sends requests as they are
// through [http.DefaultTransport]. A Transport is safe for concurrent use
// when its Authorizer and Base are; do not change its fields while it is
// in use.
type Transport struct {
	// Authorizer sets the Authorization header of each request and is told
	// about 401 answers. Nil sends requests unchanged.
	Authorizer Authorizer
	// Base sends the authorized requests. Nil means http.DefaultTransport.
	Base http.RoundTripper
	// AllowInsecureHTTP lets credentials go over plain http to hosts that
	// are not loopback, like [AllowInsecureHTTP] for [RequestEditor].
	AllowInsecureHTTP bool
}

// errNoURL is returned for a request without a URL.
var errNoURL = errors.New("authorizers: Transport: the request has no URL")

// RoundTrip authorizes req, sends it, and after a 401 sends it once more
// with a renewed credential when the authorizer allows, as described for
// [Transport]. Errors of the authorizer (such as a [*RenewalError]) are
// returned as they are, and so are those of Base. Like every RoundTripper,
// it closes the request's body, also on errors.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if t.Authorizer == nil {
		return base.RoundTrip(req)
	}
	if req.URL == nil {
		closeBody(req.Body)
		return nil, errNoURL
	}
	if !sameOrigin(req) {
		r := withOwnHeader(req)
		r.Header.Del("Authorization")
		return base.RoundTrip(r)
	}
	e := editor{auth: t.Authorizer, allowInsecure: t.AllowInsecureHTTP}
	r := withOwnHeader(req)
	if err := e.edit(req.Context(), r); err != nil {
		closeBody(req.Body)
		return nil, err
	}
	sent := r.Header.Get("Authorization")
	resp, err := base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || sent == "" {
		return resp, err
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	if hasBody && req.GetBody == nil {
		return resp, nil
	}
	if !t.Authorizer.HandleMissingAuthorization(req.Context(), sent) {
		return resp, nil
	}
	again := withOwnHeader(req)
	if hasBody {
		body, err := req.GetBody()
		if err != nil {
			return resp, nil
		}
		again.Body = body
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if err := e.edit(req.Context(), again); err != nil {
		closeBody(again.Body)
		return nil, err
	}
	return base.RoundTrip(again)
}

// withOwnHeader returns a shallow copy of req with a header map of its own,
// in which the Transport may set the Authorization header. The values are
// shared with req: setting a header replaces its slice, never changes it.
func withOwnHeader(req *http.Request) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	return r
}

// sameOrigin reports whether req goes to the scheme and host of the first
// request of its redirect chain (true when it is no redirect).
func sameOrigin(req *http.Request) bool {
	first := req
	for first.Response != nil && first.Response.Request != nil {
		first = first.Response.Request
	}
	if first == req {
		return true
	}
	return first.URL != nil && first.URL.Scheme == req.URL.Scheme && first.URL.Host == req.URL.Host
}

func closeBody(b io.ReadCloser) {
	if b != nil {
		_ = b.Close()
	}
}
