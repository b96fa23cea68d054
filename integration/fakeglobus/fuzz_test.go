package fakeglobus_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/internal/spectest"
)

type fuzzOp struct{ service, method, path, id string }

func fuzzOps(t testing.TB) []fuzzOp {
	var ops []fuzzOp
	for _, svc := range []string{"auth", "transfer"} {
		load := spectest.Auth
		if svc == "transfer" {
			load = spectest.Transfer
		}
		v, err := load()
		must(t, err)
		for path, item := range v.Doc().Paths.Map() {
			for method, o := range item.Operations() {
				ops = append(ops, fuzzOp{svc, method, path, o.OperationID})
			}
		}
	}
	slices.SortFunc(ops, func(a, b fuzzOp) int { return strings.Compare(a.id, b.id) })
	return ops
}

// FuzzOperations sends arbitrary queries and bodies to every operation of
// both specs, on a fake with real ids: whatever arrives, the fake must not
// panic, answer 501 or fail with a 5xx of its own.
func FuzzOperations(f *testing.F) {
	// Arbitrary input breaks the specs on purpose; only the answers count.
	w := newWalkEnv(f, func(error) {})
	ops := fuzzOps(f)
	for i, o := range ops {
		var body []byte
		if b := walkBody(w, o.id); b != nil {
			body, _ = json.Marshal(b)
		}
		f.Add(uint8(i), "", body)
	}
	f.Add(uint8(0), "filter=request_time:2026-01-01,&orderby=label DESC", []byte(`{}`))
	f.Add(uint8(1), "path=/&orderby=size DESC,name", []byte(`null`))
	f.Fuzz(func(t *testing.T, n uint8, query string, body []byte) {
		if strings.ContainsFunc(query, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			t.Skip("an HTTP client cannot send control characters in a URL")
		}
		o := ops[int(n)%len(ops)]
		path := o.path
		for name, id := range w.ids {
			path = strings.ReplaceAll(path, "{"+name+"}", id)
		}
		target := path
		if o.service == "transfer" {
			target = fakeglobus.TransferPrefix + path
		}
		req, err := http.NewRequest(o.method, w.s.URL()+target, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.RawQuery = query
		switch {
		case strings.HasPrefix(path, "/v2/oauth2/token"):
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(clientID, clientSecret)
		case o.service == "auth":
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+w.authToken)
		default:
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+w.token)
		}
		// A handler that panicked would cut the connection: the error
		// fails the run as a 5xx does.
		res, err := w.hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s?%s %q: %v", o.method, target, query, body, err)
		}
		answer, _ := io.ReadAll(res.Body)
		res.Body.Close()
		// Transfer reports what an endpoint refused (a directory that
		// already exists, say) as 502 with an ExternalError code, as the
		// fake does; any other 5xx, and 501, is a fault of the fake.
		var doc struct{ Code string }
		_ = json.Unmarshal(answer, &doc)
		external := res.StatusCode == http.StatusBadGateway && strings.HasPrefix(doc.Code, "ExternalError.")
		if res.StatusCode == http.StatusNotImplemented || (res.StatusCode >= 500 && !external) {
			t.Fatalf("%s %s?%s %q: %d %s", o.method, target, query, body, res.StatusCode, answer)
		}
	})
}
