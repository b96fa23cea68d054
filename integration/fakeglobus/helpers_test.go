package fakeglobus_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

const (
	clientID     = "9c1b0f3e-0000-4000-8000-00000000c0de"
	clientSecret = "s3cret"
	nativeID     = "9c1b0f3e-0000-4000-8000-0000000a7e00"
	colA         = "aaaaaaaa-0000-4000-8000-000000000001"
	colB         = "bbbbbbbb-0000-4000-8000-000000000002"
)

// env is a started fake with one confidential client, one native client,
// two collections and an HTTP client of its own.
type env struct {
	t     testing.TB
	s     *fakeglobus.Server
	hc    *http.Client
	token string
}

func newEnv(t testing.TB, opts fakeglobus.Options) *env {
	t.Helper()
	s := fakeglobus.Start(t, opts)
	must(t, s.AddClient(fakeglobus.Client{ID: clientID, Secret: clientSecret}))
	must(t, s.AddClient(fakeglobus.Client{ID: nativeID}))
	must(t, s.AddCollection(colA, "Collection A"))
	must(t, s.AddCollection(colB, "Collection B"))
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	e := &env{t: t, s: s, hc: &http.Client{Transport: tr}}
	tok, err := s.IssueToken(clientID, fakeglobus.TransferScope)
	must(t, err)
	e.token = tok
	return e
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a Transfer request with the env's token and decodes the JSON
// answer into a map (or a nil map for a non-JSON answer).
func (e *env) do(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return e.doToken(e.token, method, path, body)
}

func (e *env) doToken(token, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(e.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.s.TransferURL()+path, rd)
	must(e.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.hc.Do(req)
	must(e.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	must(e.t, err)
	var out map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		must(e.t, json.Unmarshal(raw, &out))
	}
	return res.StatusCode, out
}

// token posts a form to the token endpoint (or another Auth path), with
// HTTP Basic when secret is set, and decodes the answer.
func (e *env) form(path, id, secret string, vals url.Values) (int, any) {
	e.t.Helper()
	if secret == "" && id != "" {
		vals.Set("client_id", id)
	}
	req, err := http.NewRequest("POST", e.s.AuthURL()+path, strings.NewReader(vals.Encode()))
	must(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		req.SetBasicAuth(id, secret)
	}
	res, err := e.hc.Do(req)
	must(e.t, err)
	defer res.Body.Close()
	var out any
	must(e.t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func str(v any) string { s, _ := v.(string); return s }

func num(v any) int { f, _ := v.(float64); return int(f) }

func data(m map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := m["DATA"].([]any)
	for _, x := range list {
		if d, ok := x.(map[string]any); ok {
			out = append(out, d)
		}
	}
	return out
}
