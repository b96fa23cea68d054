package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/api"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/transfer"
)

// operation is one operation of a spec, as the tests see it.
type operation struct {
	id          string // operationId
	method      string // Go method name
	pathParams  int
	handwritten bool
}

func specOperations(t *testing.T, spec []byte) []operation {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			n := 0
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
					n++
				}
			}
			hw, _ := op.Extensions[handwrittenExt].(bool)
			ops = append(ops, operation{id: op.OperationID, method: strings.ToUpper(op.OperationID[:1]) + op.OperationID[1:],
				pathParams: n, handwritten: hw})
		}
	}
	return ops
}

// counter is a loopback server that counts the requests it gets and
// answers each with status 200, the given Content-Type and body.
func counter(t *testing.T, contentType, body string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

type client struct {
	name string
	spec []byte
	make func(t *testing.T, url string) any
}

var clients = []client{
	{"transfer", api.TransferYAML, func(t *testing.T, url string) any {
		c, err := transfer.NewClient(transfer.WithBaseURL(url+"/v0.10"), transfer.WithoutRetries())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}},
	{"auth", api.AuthYAML, func(t *testing.T, url string) any {
		c, err := auth.NewClient(auth.WithBaseURL(url), auth.WithoutRetries())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}},
}

// args returns the arguments after the context of method m (whose first
// parameter after the receiver is a context): every string is str, every
// other value its zero.
func args(m reflect.Method, ctx context.Context, str string) []reflect.Value {
	mt := m.Type
	in := []reflect.Value{}
	for i := 1; i < mt.NumIn(); i++ {
		pt := mt.In(i)
		switch {
		case pt == reflect.TypeFor[context.Context]():
			if ctx == nil {
				in = append(in, reflect.Zero(pt))
			} else {
				in = append(in, reflect.ValueOf(ctx))
			}
		case mt.IsVariadic() && i == mt.NumIn()-1:
			// no variadic arguments
		case pt.Kind() == reflect.String:
			in = append(in, reflect.ValueOf(str).Convert(pt))
		default:
			in = append(in, reflect.Zero(pt))
		}
	}
	return in
}

// callErr calls method m of recv with in and returns the error it reports:
// its last result when that is an error, or the error an iterator yields.
// ok is false when the method reports no error at all.
func callErr(t *testing.T, recv reflect.Value, m reflect.Method, in []reflect.Value) (err error, ok bool) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", m.Name, r)
			ok = false
		}
	}()
	var out []reflect.Value
	if m.Type.IsVariadic() {
		out = recv.Method(m.Index).CallSlice(append(in, reflect.Zero(m.Type.In(m.Type.NumIn()-1))))
	} else {
		out = recv.Method(m.Index).Call(in)
	}
	if len(out) == 0 {
		return nil, false
	}
	last := out[len(out)-1]
	if last.Type() == reflect.TypeFor[error]() {
		e, _ := last.Interface().(error)
		return e, true
	}
	if seq, isSeq := seqOf(last); isSeq {
		for _, e := range seq {
			if e != nil {
				return e, true
			}
		}
		return nil, true
	}
	return nil, false
}

// seqOf turns an iter.Seq2[T, error] of any T into one of any.
func seqOf(v reflect.Value) (iter.Seq2[any, error], bool) {
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 {
		return nil, false
	}
	yt := t.In(0)
	if yt.Kind() != reflect.Func || yt.NumIn() != 2 || yt.In(1) != reflect.TypeFor[error]() || yt.NumOut() != 1 {
		return nil, false
	}
	return func(yield func(any, error) bool) {
		y := reflect.MakeFunc(yt, func(a []reflect.Value) []reflect.Value {
			e, _ := a[1].Interface().(error)
			return []reflect.Value{reflect.ValueOf(yield(a[0].Interface(), e))}
		})
		v.Call([]reflect.Value{y})
	}, true
}

// TestOneMethodPerOperation checks that every operation of each spec is a
// method of its client, named after the operationId, whose first
// parameter is a context and whose last result is an error.
func TestOneMethodPerOperation(t *testing.T) {
	for _, cl := range clients {
		rt := reflect.TypeOf(cl.make(t, "https://example.org"))
		ops := specOperations(t, cl.spec)
		for _, op := range ops {
			m, ok := testsupport.MethodFor(rt, op.id)
			if !ok {
				t.Errorf("%s: no method %s for operation %s", cl.name, op.method, op.id)
				continue
			}
			if m.Type.NumIn() < 2 || m.Type.In(1) != reflect.TypeFor[context.Context]() ||
				m.Type.Out(m.Type.NumOut()-1) != reflect.TypeFor[error]() {
				t.Errorf("%s.%s has the signature %v", cl.name, op.method, m.Type)
			}
		}
		if want := map[string]int{"transfer": 61, "auth": 32}[cl.name]; len(ops) != want {
			t.Errorf("%s: %d operations in the spec, want %d", cl.name, len(ops), want)
		}
	}
}

// TestPathParametersRefusedBeforeSending calls every method with path
// parameters with each string argument "", "." and "..": each must fail
// with a *globus.UsageError and send nothing.
func TestPathParametersRefusedBeforeSending(t *testing.T) {
	for _, cl := range clients {
		srv, n := counter(t, "application/json", `{}`)
		c := reflect.ValueOf(cl.make(t, srv.URL))
		checked := 0
		for _, op := range specOperations(t, cl.spec) {
			if op.pathParams == 0 {
				continue
			}
			m, _ := testsupport.MethodFor(c.Type(), op.id)
			for _, bad := range []string{"", ".", ".."} {
				before := n.Load()
				err, _ := callErr(t, c, m, args(m, context.Background(), bad))
				var ue *globus.UsageError
				if !errors.As(err, &ue) {
					t.Errorf("%s.%s(%q): err = %v (%T), want a *globus.UsageError", cl.name, op.method, bad, err, err)
				}
				if sent := n.Load() - before; sent != 0 {
					t.Errorf("%s.%s(%q): %d requests sent", cl.name, op.method, bad, sent)
				}
			}
			checked++
		}
		if checked == 0 {
			t.Errorf("%s: no operation with path parameters", cl.name)
		}
	}
}

// TestUnreadableAnswers answers every generated method that returns a
// document with a 200 it cannot read: each call must fail with a
// *globus.ResponseError naming the operation, status and Content-Type.
func TestUnreadableAnswers(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		cause                   bool // the ResponseError must wrap a decoding error
	}{
		{"malformed JSON", "application/json", `{"DATA": [1, }`, true},
		{"truncated JSON", "application/json", `{"DATA": [{"name": "a"`, true},
		{"array for an object", "application/json", `[1, 2, 3]`, true},
		{"HTML", "text/html; charset=utf-8", `<html><body>maintenance</body></html>`, false},
	}
	for _, cl := range clients {
		for _, tc := range cases {
			srv, _ := counter(t, tc.contentType, tc.body)
			c := reflect.ValueOf(cl.make(t, srv.URL))
			checked := 0
			for _, op := range specOperations(t, cl.spec) {
				m, _ := testsupport.MethodFor(c.Type(), op.id)
				if op.handwritten || m.Type.NumOut() != 2 {
					continue
				}
				if op.id == "oauth2Token" && tc.name == "array for an object" {
					continue // TokenGrantResult is a union: a list is one of its forms
				}
				where := fmt.Sprintf("%s.%s, %s", cl.name, op.method, tc.name)
				err, _ := callErr(t, c, m, args(m, context.Background(), "some-id"))
				if _, raw := err.(*json.SyntaxError); raw {
					t.Errorf("%s: a raw *json.SyntaxError", where)
					continue
				}
				var re *globus.ResponseError
				if !errors.As(err, &re) {
					t.Errorf("%s: err = %v (%T), want a *globus.ResponseError", where, err, err)
					continue
				}
				if re.Operation != op.id || re.StatusCode != http.StatusOK || re.ContentType != tc.contentType {
					t.Errorf("%s: ResponseError names %q, %d, %q", where, re.Operation, re.StatusCode, re.ContentType)
				}
				if tc.cause && errors.Unwrap(re) == nil {
					t.Errorf("%s: the ResponseError wraps no cause", where)
				}
				if strings.Contains(err.Error(), "maintenance") {
					t.Errorf("%s: the error quotes the body: %v", where, err)
				}
				checked++
			}
			if want := map[string]int{"transfer": 59, "auth": 31}[cl.name]; checked < want {
				t.Errorf("%s, %s: %d methods checked, want %d", cl.name, tc.name, checked, want)
			}
		}
	}
}

// TestUnusableValuesDoNotPanic calls every exported method of zero and nil
// values of the clients, and every method of working clients with a nil
// context: none may panic, and each that reports an error must report a
// *globus.UsageError, with nothing sent.
//
// Methods with a value receiver (String, Format, LogValue, ...) are called
// on the zero values only: Go itself dereferences a nil pointer to call
// them (fmt recovers from that and prints <nil>).
func TestUnusableValuesDoNotPanic(t *testing.T) {
	srv, n := counter(t, "application/json", `{}`)
	tc, err := transfer.NewClient(transfer.WithBaseURL(srv.URL + "/v0.10"))
	if err != nil {
		t.Fatal(err)
	}
	ac, err := auth.NewClient(auth.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	native, err := auth.NewNativeAppClient("0c4b1a2e-0000-4000-8000-00000000aaaa", auth.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	conf, err := auth.NewConfidentialAppClient("0c4b1a2e-0000-4000-8000-00000000bbbb", "secret", auth.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	values := []struct {
		name   string
		v      any
		nilPtr bool
		nilCtx bool // a working client, called with a nil context
	}{
		{"transfer.Client{}", &transfer.Client{}, false, false},
		{"(*transfer.Client)(nil)", (*transfer.Client)(nil), true, false},
		{"auth.Client{}", &auth.Client{}, false, false},
		{"(*auth.Client)(nil)", (*auth.Client)(nil), true, false},
		{"auth.NativeAppClient{}", &auth.NativeAppClient{}, false, false},
		{"(*auth.NativeAppClient)(nil)", (*auth.NativeAppClient)(nil), true, false},
		{"auth.ConfidentialAppClient{}", &auth.ConfidentialAppClient{}, false, false},
		{"(*auth.ConfidentialAppClient)(nil)", (*auth.ConfidentialAppClient)(nil), true, false},
		{"transfer.NewClient, nil ctx", tc, false, true},
		{"auth.NewClient, nil ctx", ac, false, true},
		{"auth.NewNativeAppClient, nil ctx", native, false, true},
		{"auth.NewConfidentialAppClient, nil ctx", conf, false, true},
	}
	for _, val := range values {
		rv := reflect.ValueOf(val.v)
		rt := rv.Type()
		calls := 0
		for i := range rt.NumMethod() {
			m := rt.Method(i)
			if val.nilPtr {
				if _, valueMethod := rt.Elem().MethodByName(m.Name); valueMethod {
					continue
				}
			}
			takesCtx := m.Type.NumIn() > 1 && m.Type.In(1) == reflect.TypeFor[context.Context]()
			if val.nilCtx && !takesCtx {
				continue
			}
			var ctx context.Context = context.Background()
			if val.nilCtx {
				ctx = nil
			}
			if m.Name == "Format" {
				continue // needs a fmt.State; fmt.Sprint below covers it
			}
			err, reports := callErr(t, rv, m, args(m, ctx, "x"))
			calls++
			if !reports {
				continue
			}
			var ue *globus.UsageError
			if !errors.As(err, &ue) {
				t.Errorf("%s.%s: err = %v (%T), want a *globus.UsageError", val.name, m.Name, err, err)
			}
		}
		if calls == 0 {
			t.Errorf("%s: no method called", val.name)
		}
		if !val.nilPtr {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: printing panicked: %v", val.name, r)
					}
				}()
				_ = fmt.Sprintf("%v %+v %#v %s", val.v, val.v, val.v, val.v)
			}()
		}
	}
	if got := n.Load(); got != 0 {
		t.Errorf("%d requests sent", got)
	}
}

// TestNilTransferBuilders checks that the builders of a nil *TransferData
// and *DeleteData stay nil, and that Build reports them.
func TestNilTransferBuilders(t *testing.T) {
	var td *transfer.TransferData
	var dd *transfer.DeleteData
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("a nil builder panicked: %v", r)
			}
		}()
		if got := td.AddFile("/a", "/b").SetLabel("l").AddDirectory("/c", "/d"); got != nil {
			t.Errorf("a nil TransferData became %v", got)
		}
		if got := dd.Add("/a").SetRecursive(true); got != nil {
			t.Errorf("a nil DeleteData became %v", got)
		}
	}()
	var ve *transfer.ValidationError
	if _, err := td.Build(); !errors.As(err, &ve) {
		t.Errorf("Build of a nil TransferData: %v", err)
	}
	if _, err := dd.Build(); !errors.As(err, &ve) {
		t.Errorf("Build of a nil DeleteData: %v", err)
	}
}
