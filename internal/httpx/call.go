package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"

	"github.com/globus-go/globus"
)

// Call is the record of one operation call. It travels with the call's
// requests in their context, under the one context key of this package, and
// carries what the layers of the pipeline must know about the call (whether
// it may be sent twice, the secrets it sends) and what they learn (whether
// its token was already renewed once).
//
// [Start] makes one; a request that arrives without one gets a fresh one at
// the entry of the pipeline. A Call belongs to one logical request: a request
// made inside another (an authorizer fetching a token while a Transfer call
// waits) gets a Call of its own.
type Call struct {
	// Op is the operationId of the call, such as "getTask".
	Op string
	// Idempotent marks a call that is safe to send more than once although
	// its method is not idempotent, such as a Transfer submission carrying a
	// submission_id. GET, HEAD, PUT, DELETE, OPTIONS and TRACE always are.
	Idempotent bool

	mu      sync.Mutex
	secrets []string
	claimed bool
	renewed bool
	// inline holds the first secrets (most calls have one, the
	// Authorization header), so that recording them allocates nothing.
	inline [2]string
}

type callKey struct{}

// Start returns a context that carries a Call for the operation op, and
// that Call. When ctx already carries a Call for op that no request has
// taken yet, Start returns it, so that a caller can prepare the Call of a
// method that starts its own (to mark it idempotent, say):
//
//	ctx, call := httpx.Start(ctx, "oauth2TokenIntrospect")
//	call.Idempotent = true
//	res, err := client.Oauth2TokenIntrospect(ctx, form) // starts "oauth2TokenIntrospect" too
//
// Any other Call in ctx is replaced, so that a call made inside another
// inherits nothing from it.
func Start(ctx context.Context, op string) (context.Context, *Call) {
	if c := callFrom(ctx); c != nil && c.Op == op && c.free() {
		return ctx, c
	}
	c := &Call{Op: op}
	return context.WithValue(ctx, callKey{}, c), c
}

// free reports whether no request has taken c yet.
func (c *Call) free() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.claimed
}

// callFrom returns the Call that ctx carries, or nil.
func callFrom(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

// claim marks the Call as taken by a request, and reports whether it was
// free. A Call already taken belongs to another request.
func (c *Call) claim() bool { return c.once(&c.claimed) }

// takeRenewal reports whether the call may still renew its token after a
// 401, and uses that one chance up.
func (c *Call) takeRenewal() bool { return c.once(&c.renewed) }

// once sets *flag, one of c's flags, and reports whether it was unset.
func (c *Call) once(flag *bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *flag {
		return false
	}
	*flag = true
	return true
}

// AddSecret records a value that the call sends and that must never appear
// in an error or a log line: a token, a client secret, a code, a verifier.
// Empty values are ignored.
func (c *Call) AddSecret(values ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range values {
		if v != "" {
			if c.secrets == nil {
				c.secrets = c.inline[:0]
			}
			c.secrets = append(c.secrets, v)
		}
	}
}

// Scrub returns s with every secret of the call replaced by
// [globus.Redacted].
func (c *Call) Scrub(s string) string {
	if c == nil {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.secrets {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, globus.Redacted)
		}
	}
	return s
}

// hasSecrets reports whether the call recorded any secret.
func (c *Call) hasSecrets() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.secrets) > 0
}

// DecodeWith turns the result of a generated client method into the
// document it answers with, decoded as d says. err is that method's error: a [*globus.UsageError] from
// building the request (a bad path parameter) comes back naming the call;
// other errors ([*globus.APIError], transport failures) come back as they
// are. A response with a status other than 2xx, a Content-Type that is not
// JSON, or a body that cannot be read or decoded into T gives a
// [*globus.ResponseError] that names the operation, status and Content-Type
// and wraps the cause. The body is always closed.
func DecodeWith[T any](d Decoding, call *Call, resp *http.Response, err error) (*T, error) {
	if err != nil {
		return nil, callError(call, err)
	}
	defer closeBody(resp)
	if rerr := checkSuccess(call, resp); rerr != nil {
		return nil, rerr
	}
	ct := resp.Header.Get("Content-Type")
	if !isJSON(ct) {
		return nil, &globus.ResponseError{Operation: call.Op, StatusCode: resp.StatusCode, ContentType: ct,
			Reason: "the answer is not JSON"}
	}
	var out T
	if err := decodeJSON(d, resp.Body, &out); err != nil {
		return nil, &globus.ResponseError{Operation: call.Op, StatusCode: resp.StatusCode, ContentType: ct, Err: err}
	}
	return &out, nil
}

// Expect is [Decode] for an operation whose answer carries no document the
// caller needs: it checks the status and discards the body.
func Expect(call *Call, resp *http.Response, err error) error {
	if err != nil {
		return callError(call, err)
	}
	defer closeBody(resp)
	if rerr := checkSuccess(call, resp); rerr != nil {
		return rerr
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return &globus.ResponseError{Operation: call.Op, StatusCode: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return nil
}

// callError names the call in a usage error found while building its
// request, and returns other errors as they are.
func callError(call *Call, err error) error {
	var ue *globus.UsageError
	if errors.As(err, &ue) && ue.Op == "" {
		return &globus.UsageError{Op: call.Op, Problem: ue.Problem, Err: ue.Err}
	}
	return err
}

func checkSuccess(call *Call, resp *http.Response) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &globus.ResponseError{Operation: call.Op, StatusCode: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"),
			Reason:      fmt.Sprintf("the status is %d %s, not a success", resp.StatusCode, http.StatusText(resp.StatusCode))}
	}
	return nil
}

func closeBody(resp *http.Response) {
	if resp != nil && resp.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
	}
}

// isJSON reports whether a Content-Type names JSON: application/json, or
// any type with a +json suffix.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	const suffix = "+json"
	return strings.EqualFold(mt, "application/json") ||
		len(mt) > len(suffix) && strings.Contains(mt, "/") && strings.EqualFold(mt[len(mt)-len(suffix):], suffix)
}

// EncodeForm encodes v, a generated form struct, as an
// application/x-www-form-urlencoded body. Fields named by their `form` tag
// (or else their `json` tag) are sent when set; [globus.Secret] fields are
// sent with their real value and recorded in call as secrets, so that no
// error or log line of the call repeats them.
func EncodeForm(call *Call, v any) (io.Reader, error) {
	vals := url.Values{}
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return nil, &globus.UsageError{Op: call.Op, Problem: fmt.Sprintf("a form body must be a struct, not %T", v)}
	}
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name := formName(f)
		if name == "" {
			continue
		}
		fv := rv.Field(i)
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		}
		if fv.IsZero() && (fv.Kind() == reflect.String || fv.Kind() == reflect.Slice) {
			continue
		}
		switch x := fv.Interface().(type) {
		case globus.Secret:
			call.AddSecret(x.Reveal())
			vals.Add(name, x.Reveal())
		case fmt.Stringer:
			vals.Add(name, x.String())
		default:
			if fv.Kind() == reflect.Slice {
				for j := range fv.Len() {
					vals.Add(name, fmt.Sprint(fv.Index(j).Interface()))
				}
				continue
			}
			vals.Add(name, fmt.Sprint(fv.Interface()))
		}
	}
	return strings.NewReader(vals.Encode()), nil
}

func formName(f reflect.StructField) string {
	for _, key := range []string{"form", "json"} {
		if tag, ok := f.Tag.Lookup(key); ok {
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" {
				return ""
			}
			if name != "" {
				return name
			}
		}
	}
	return ""
}

// Begin starts the call of the operation op of a client whose type is
// named client (such as "transfer.Client"); made says whether the client
// was built by its constructor (false for a nil pointer or a zero value).
// It refuses such a client and a nil context with a [*globus.UsageError]
// naming the method, and otherwise returns [Start]'s context and Call.
func Begin(ctx context.Context, client string, made bool, op string) (context.Context, *Call, error) {
	name := client + "." + strings.ToUpper(op[:1]) + op[1:]
	switch {
	case !made:
		return ctx, nil, &globus.UsageError{Op: name, Problem: "the " + client + " is nil or was not made by its constructor"}
	case ctx == nil:
		return ctx, nil, &globus.UsageError{Op: name, Problem: "the context is nil"}
	}
	ctx, call := Start(ctx, op)
	return ctx, call, nil
}

// Unusable is the HTTP client of the raw client that a client not made by
// its constructor hands out: every request fails with a
// [*globus.UsageError] naming Op, and nothing is sent.
type Unusable struct{ Op string }

// Do refuses req.
func (u Unusable) Do(*http.Request) (*http.Response, error) {
	return nil, &globus.UsageError{Op: u.Op, Problem: "the client was not made by its constructor"}
}
