package auth_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/authapi"
)

// fixturesDir holds recorded Globus answers. It lives outside the
// repository, so a clean clone skips the tests that read it.
const fixturesDir = "../../shared/globus/fixtures"

// parsers decode an answer with the generated parser of each operation.
var parsers = map[string]func(*http.Response) (any, error){
	"oauth2Token":            func(r *http.Response) (any, error) { return authapi.ParseOauth2TokenResponse(r) },
	"oauth2RevokeToken":      func(r *http.Response) (any, error) { return authapi.ParseOauth2RevokeTokenResponse(r) },
	"oauth2TokenIntrospect":  func(r *http.Response) (any, error) { return authapi.ParseOauth2TokenIntrospectResponse(r) },
	"getOpenidConfiguration": func(r *http.Response) (any, error) { return authapi.ParseGetOpenidConfigurationResponse(r) },
	"getJwk":                 func(r *http.Response) (any, error) { return authapi.ParseGetJwkResponse(r) },
	"userinfo":               func(r *http.Response) (any, error) { return authapi.ParseUserinfoResponse(r) },
	"getIdentities":          func(r *http.Response) (any, error) { return authapi.ParseGetIdentitiesResponse(r) },
	"getIdentityProviders":   func(r *http.Response) (any, error) { return authapi.ParseGetIdentityProvidersResponse(r) },
	"getConsents":            func(r *http.Response) (any, error) { return authapi.ParseGetConsentsResponse(r) },
	"getProjects":            func(r *http.Response) (any, error) { return authapi.ParseGetProjectsResponse(r) },
	"createProject":          func(r *http.Response) (any, error) { return authapi.ParseCreateProjectResponse(r) },
	"getProject":             func(r *http.Response) (any, error) { return authapi.ParseGetProjectResponse(r) },
	"updateProject":          func(r *http.Response) (any, error) { return authapi.ParseUpdateProjectResponse(r) },
	"deleteProject":          func(r *http.Response) (any, error) { return authapi.ParseDeleteProjectResponse(r) },
	"getPolicies":            func(r *http.Response) (any, error) { return authapi.ParseGetPoliciesResponse(r) },
	"createPolicy":           func(r *http.Response) (any, error) { return authapi.ParseCreatePolicyResponse(r) },
	"getPolicy":              func(r *http.Response) (any, error) { return authapi.ParseGetPolicyResponse(r) },
	"updatePolicy":           func(r *http.Response) (any, error) { return authapi.ParseUpdatePolicyResponse(r) },
	"deletePolicy":           func(r *http.Response) (any, error) { return authapi.ParseDeletePolicyResponse(r) },
	"getClients":             func(r *http.Response) (any, error) { return authapi.ParseGetClientsResponse(r) },
	"createClient":           func(r *http.Response) (any, error) { return authapi.ParseCreateClientResponse(r) },
	"getClient":              func(r *http.Response) (any, error) { return authapi.ParseGetClientResponse(r) },
	"updateClient":           func(r *http.Response) (any, error) { return authapi.ParseUpdateClientResponse(r) },
	"deleteClient":           func(r *http.Response) (any, error) { return authapi.ParseDeleteClientResponse(r) },
	"getClientCredentials":   func(r *http.Response) (any, error) { return authapi.ParseGetClientCredentialsResponse(r) },
	"createClientCredential": func(r *http.Response) (any, error) { return authapi.ParseCreateClientCredentialResponse(r) },
	"deleteClientCredential": func(r *http.Response) (any, error) { return authapi.ParseDeleteClientCredentialResponse(r) },
	"createScope":            func(r *http.Response) (any, error) { return authapi.ParseCreateScopeResponse(r) },
	"getScopes":              func(r *http.Response) (any, error) { return authapi.ParseGetScopesResponse(r) },
	"getScope":               func(r *http.Response) (any, error) { return authapi.ParseGetScopeResponse(r) },
	"updateScope":            func(r *http.Response) (any, error) { return authapi.ParseUpdateScopeResponse(r) },
	"deleteScope":            func(r *http.Response) (any, error) { return authapi.ParseDeleteScopeResponse(r) },
}

type fixture struct {
	Service string          `json:"service"`
	Method  string          `json:"method"`
	Path    string          `json:"path"`
	Status  int             `json:"status"`
	JSON    json.RawMessage `json:"json"`
}

// TestParsersCoverEveryOperation keeps the parser table in step with the
// spec, so that no operation's fixtures can go unchecked.
func TestParsersCoverEveryOperation(t *testing.T) {
	ops := authOps(t)
	for id := range ops {
		if parsers[id] == nil {
			t.Errorf("no parser for operation %s", id)
		}
	}
	if len(parsers) != len(ops) {
		t.Errorf("%d parsers for %d operations", len(parsers), len(ops))
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
			parsed, err := parsers[op.ID](resp)
			if err != nil {
				t.Fatalf("%s: decoding into the generated type: %v", op.ID, err)
			}
			field := "JSON200"
			if fx.Status >= 400 {
				field = "JSONDefault"
			}
			if reflect.ValueOf(parsed).Elem().FieldByName(field).IsNil() {
				t.Fatalf("%s: %s is nil after decoding a %d answer", op.ID, field, fx.Status)
			}
			if fx.Status >= 400 {
				e := globus.NewAPIError(&http.Response{StatusCode: fx.Status}, fx.JSON)
				if e.Code == "" || e.Message == "" {
					t.Errorf("APIError lacks code or message: %q %q", e.Code, e.Message)
				}
			}
			if op.ID == "oauth2Token" && fx.Status == 200 {
				r := parsed.(*authapi.Oauth2TokenResponse)
				if tr, err := r.JSON200.AsTokenResponse(); err != nil || tr.AccessToken == "" {
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
