package fakeglobus

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/globus-go/globus/gen/server/authserver"
	"github.com/globus-go/globus/gen/server/transferserver"
)

// The fake answers every operation of api/auth.yaml and api/transfer.yaml
// through the strict server interfaces that oapi-codegen generates from
// them (gen/server/*, see generate.go): authOps and transferOps must have
// one method per operation, each taking the operation's bound parameters
// and body and returning one of the answers the spec declares for it, so
// an operation added to a spec does not compile until the fake handles it.
// The generated handlers route the requests, bind their parameters and
// decode their bodies; ServeHTTP wraps them with the spec checks, the
// fault injection and the Transfer authentication.
var (
	_ authserver.StrictServerInterface     = authOps{}
	_ transferserver.StrictServerInterface = transferOps{}
)

// authOps is the fake's implementation of the Auth strict server
// interface.
type authOps struct{ s *Server }

// transferOps is the fake's implementation of the Transfer strict server
// interface.
type transferOps struct{ s *Server }

// routes registers both APIs on s.mux through the generated handlers,
// and a 404 answer for every other path.
func (s *Server) routes() {
	authStrict := authserver.NewStrictHandlerWithOptions(authOps{s},
		[]authserver.StrictMiddlewareFunc{withRequest[authserver.StrictHandlerFunc]},
		authserver.StrictHTTPServerOptions{
			RequestErrorHandlerFunc:  s.authBindError,
			ResponseErrorHandlerFunc: s.authRefusal,
		})
	authserver.HandlerWithOptions(authStrict, authserver.StdHTTPServerOptions{
		BaseRouter:       s.mux,
		ErrorHandlerFunc: s.authBindError,
		Middlewares:      []authserver.MiddlewareFunc{bodyFormOnly},
	})
	transferStrict := transferserver.NewStrictHandlerWithOptions(transferOps{s},
		[]transferserver.StrictMiddlewareFunc{withRequest[transferserver.StrictHandlerFunc]},
		transferserver.StrictHTTPServerOptions{
			RequestErrorHandlerFunc:  s.transferBindError,
			ResponseErrorHandlerFunc: s.transferRefusal,
		})
	transferserver.HandlerWithOptions(transferStrict, transferserver.StdHTTPServerOptions{
		BaseURL:          TransferPrefix,
		BaseRouter:       s.mux,
		ErrorHandlerFunc: s.transferBindError,
	})
	s.mux.HandleFunc(TransferPrefix+"/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r, true) })
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r, false) })
}

// bodyFormOnly makes the generated handlers bind a form body from the
// body alone. They bind r.Form, in which the query's values count for the
// fields the body lacks; the OAuth2 token, introspection and revocation
// endpoints read only the body, as RFC 6749 has it and Globus does, so a
// client that sends its parameters in the query is refused.
func bodyFormOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.EqualFold(strings.TrimSpace(ct), "application/x-www-form-urlencoded") {
			if err := r.ParseForm(); err == nil {
				r.Form = r.PostForm
			}
		}
		next.ServeHTTP(w, r)
	})
}

// withRequest is a strict middleware that makes the HTTP request
// available to the operation through its context (see request), for what
// the spec does not bind: the Authorization header, the raw query.
func withRequest[H ~func(context.Context, http.ResponseWriter, *http.Request, any) (any, error)](f H, _ string) H {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, req any) (any, error) {
		return f(context.WithValue(ctx, requestKey, r), w, r, req)
	}
}

// request returns the HTTP request that a strict operation answers.
func request(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey).(*http.Request)
	return r
}

// refusal is how an operation of the fake refuses a request: it returns a
// *refusal as its error, and the strict handler's ResponseErrorHandlerFunc
// writes it in the error shape of the API that was called (Transfer's
// error document, Auth's errors document, or an OAuth2 error).
type refusal struct {
	status int
	code   string
	msg    string
	// header is sent with the answer (WWW-Authenticate, Retry-After); it
	// may be nil.
	header http.Header
	// extra holds the fields a Transfer error document has besides code,
	// message, request_id and resource (pause_message); it may be nil.
	extra map[string]any
}

// refuse returns a refusal with status, code and message.
func refuse(status int, code, msg string) *refusal {
	return &refusal{status: status, code: code, msg: msg}
}

// Error returns the refusal's status, code and message.
func (e *refusal) Error() string {
	return http.StatusText(e.status) + " " + e.code + ": " + e.msg
}

// asRefusal returns err as a refusal; an error that is not one (such as a
// failure to encode an answer) is the fake's own fault, a 500.
func asRefusal(err error) *refusal {
	var rf *refusal
	if errors.As(err, &rf) {
		return rf
	}
	return refuse(http.StatusInternalServerError, "InternalError", "fakeglobus: "+err.Error())
}

// transferRefusal answers a Transfer operation's error.
func (s *Server) transferRefusal(w http.ResponseWriter, r *http.Request, err error) {
	rf := asRefusal(err)
	for k, v := range rf.header {
		w.Header()[k] = v
	}
	writeTransferError(w, r, rf)
}

// authRefusal answers an Auth operation's error: an errors document under
// /v2/api/, an OAuth2 error elsewhere.
func (s *Server) authRefusal(w http.ResponseWriter, r *http.Request, err error) {
	rf := asRefusal(err)
	for k, v := range rf.header {
		w.Header()[k] = v
	}
	if strings.HasPrefix(r.URL.Path, "/v2/api/") {
		authAPIError(w, r, rf.status, rf.code, rf.msg)
		return
	}
	oauthError(w, rf.status, rf.code, rf.msg)
}

// transferBindError answers a request whose parameters or body the
// generated Transfer handler cannot bind, in Transfer's error shape.
func (s *Server) transferBindError(w http.ResponseWriter, r *http.Request, err error) {
	s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
}

// authBindError answers a request whose parameters or body the generated
// Auth handler cannot bind, in the error shape of the Auth API it called.
func (s *Server) authBindError(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/v2/api/") {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", err.Error())
		return
	}
	oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
}
