// Package spectest validates HTTP traffic against the project's OpenAPI
// documents with kin-openapi. Tests and the fake Globus in
// integration/fakeglobus wrap their handlers with it, so that every request
// and every response they see is also a check of api/*.yaml.
package spectest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/globus-go/globus/api"
)

// Validator checks requests and responses against one OpenAPI document.
// It is safe for concurrent use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Validator{}
)

// Auth returns a Validator for api/auth.yaml.
func Auth() (*Validator, error) { return cached("auth", api.AuthYAML) }

// Transfer returns a Validator for api/transfer.yaml.
func Transfer() (*Validator, error) { return cached("transfer", api.TransferYAML) }

func cached(name string, spec []byte) (*Validator, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if v, ok := cache[name]; ok {
		return v, nil
	}
	v, err := New(spec)
	if err != nil {
		return nil, fmt.Errorf("spectest: %s spec: %w", name, err)
	}
	cache[name] = v
	return v, nil
}

// New loads and validates an OpenAPI document. Server URLs are reduced to
// their paths, so that requests to any host (such as an httptest server)
// route by path alone.
func New(spec []byte) (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	servers := openapi3.Servers{}
	for _, s := range doc.Servers {
		u, err := url.Parse(s.URL)
		if err != nil {
			return nil, err
		}
		p := strings.TrimSuffix(u.Path, "/")
		if p == "" {
			p = "/"
		}
		servers = append(servers, &openapi3.Server{URL: p})
	}
	doc.Servers = servers
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Validator{doc: doc, router: router}, nil
}

// Doc returns the loaded document.
func (v *Validator) Doc() *openapi3.T { return v.doc }

// Exchange is one validated request, ready for its response to be checked.
type Exchange struct {
	input *openapi3filter.RequestValidationInput
	// Route is the matched operation.
	Route *routers.Route
	// PathParams are the path parameters of the matched route.
	PathParams map[string]string
}

// OperationID returns the operationId of the matched route.
func (e *Exchange) OperationID() string { return e.Route.Operation.OperationID }

// ValidateRequest routes r and validates its parameters and body against
// the document. body is r's body, already read; r.Body is not consumed.
func (v *Validator) ValidateRequest(r *http.Request, body []byte) (*Exchange, error) {
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return nil, fmt.Errorf("no operation for %s %s: %w", r.Method, r.URL.Path, err)
	}
	rc := r.Clone(r.Context())
	rc.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    rc,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError:         true,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		return nil, fmt.Errorf("request %s %s (%s) violates the spec: %w", r.Method, r.URL.Path, route.Operation.OperationID, err)
	}
	return &Exchange{input: in, Route: route, PathParams: params}, nil
}

// ValidateResponse checks a response to a request that ValidateRequest
// accepted.
func (v *Validator) ValidateResponse(ex *Exchange, status int, header http.Header, body []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: ex.input,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("response %d to %s %s (%s) violates the spec: %w", status, ex.input.Request.Method, ex.input.Request.URL.Path, ex.OperationID(), err)
	}
	return nil
}

// Middleware returns h wrapped so that each request is validated before h
// sees it and each response after h wrote it. Every violation is passed to
// report (for example t.Error). A request that violates the spec is answered
// 400 without reaching h.
func (v *Validator) Middleware(h http.Handler, report func(error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			report(fmt.Errorf("reading request body: %w", err))
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		ex, err := v.ValidateRequest(r, body)
		if err != nil {
			report(err)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"code":"ClientError.BadRequest.SpecViolation","message":%q,"request_id":"spectest","resource":%q}`, err.Error(), r.URL.Path)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		if err := v.ValidateResponse(ex, res.StatusCode, res.Header, rec.Body.Bytes()); err != nil {
			report(err)
		}
		for k, vs := range res.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(rec.Body.Bytes())
	})
}
