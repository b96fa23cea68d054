package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
	"github.com/globus-go/globus/internal/testsupport"
)

// fixturesDir holds recorded Globus answers. It lives outside the
// repository, so a clean clone skips the tests that read it.
const fixturesDir = "../../shared/globus/fixtures"

// documentType returns the type of the document that the method of
// auth.Client for the operation op returns, or nil when it has none.
// documentType is the generated type that holds op's answer: the document
// of its method, except for the token endpoint, whose method sorts the
// generated union into an OAuthTokenResponse.
func documentType(op string) reflect.Type {
	if op == "oauth2Token" {
		return reflect.TypeFor[authapi.TokenGrantResult]()
	}
	return testsupport.DocumentType[*auth.Client](op)
}

type fixture struct {
	Service string          `json:"service"`
	Method  string          `json:"method"`
	Path    string          `json:"path"`
	Status  int             `json:"status"`
	JSON    json.RawMessage `json:"json"`
}

// TestMethodsCoverEveryOperation checks that every operation of the spec
// is a method of auth.Client that returns a document, so that no
// operation's fixtures can go unchecked.
func TestMethodsCoverEveryOperation(t *testing.T) {
	for id := range authOps(t) {
		if documentType(id) == nil {
			t.Errorf("no method of *auth.Client returns the document of operation %s", id)
		}
	}
}

// TestFixturesDecode decodes every recorded Auth answer into the generated
// type of its operation and status: JSON200 for successes, the error type
// for failures (which must also yield a useful *globus.APIError).
func TestFixturesDecode(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixturesDir, "*.json"))
	if len(files) == 0 {
		t.Skipf("no fixtures in %s (it is outside the repository)", fixturesDir)
	}
	ops := authOps(t)
	n := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(raw, &fx); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if fx.Service != "auth" {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			var op *specOp
			for _, o := range ops {
				if o.matches(fx.Method, fx.Path) {
					op = &o
					break
				}
			}
			if op == nil {
				t.Fatalf("no operation for %s %s", fx.Method, fx.Path)
			}
			resp := &http.Response{
				StatusCode: fx.Status,
				Header:     http.Header{"Content-Type": {"application/json"}},
				Body:       io.NopCloser(bytes.NewReader(fx.JSON)),
			}
			var parsed any
			if fx.Status >= 400 {
				var e authapi.ErrorResponse
				if err := json.Unmarshal(fx.JSON, &e); err != nil {
					t.Fatalf("%s: decoding the error: %v", op.ID, err)
				}
			} else {
				_, call := httpx.Start(context.Background(), op.ID)
				raw, err := httpx.Decode[json.RawMessage](call, resp, nil)
				if err != nil {
					t.Fatalf("%s: %v", op.ID, err)
				}
				doc := reflect.New(documentType(op.ID))
				if err := json.Unmarshal(*raw, doc.Interface()); err != nil {
					t.Fatalf("%s: decoding into the generated type: %v", op.ID, err)
				}
				parsed = doc.Interface()
			}
			if fx.Status >= 400 {
				e := globus.NewAPIError(&http.Response{StatusCode: fx.Status}, fx.JSON)
				if e.Code == "" || e.Message == "" {
					t.Errorf("APIError lacks code or message: %q %q", e.Code, e.Message)
				}
			}
			if op.ID == "oauth2Token" && fx.Status == 200 {
				r := parsed.(*authapi.TokenGrantResult)
				if tr, err := r.AsTokenResponse(); err != nil || tr.AccessToken == "" {
					t.Errorf("token answer does not decode as TokenResponse: %v", err)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("the fixtures directory holds no Auth fixture")
	}
	t.Logf("%d Auth fixtures decoded", n)
}
