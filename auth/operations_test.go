package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// Fixed ids used by the operation tests.
const (
	idIdentity = "6f1c2a44-7e0b-4d53-9a1e-0c6b1f2d3e4a"
	idProject  = "0b8e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b"
	idPolicy   = "9a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d"
	idClient   = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
	idCred     = "5e6f7a8b-9c0d-4e1f-9a2b-3c4d5e6f7a8b"
	idScope    = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
	idIdP      = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
)

// opCase exercises one operation: the fake server answers body with status
// 200, and call makes the request through the generated client and checks
// what it decoded.
type opCase struct {
	op   string
	body string
	call func(ctx context.Context, c *auth.Client) error
}

func check(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	return fmt.Errorf(format, args...)
}

var clientJSON = `{"id":"` + idClient + `","name":"portal","client_type":"confidential_client","public_client":false,` +
	`"visibility":"private","project":"` + idProject + `","parent_client":null,"redirect_uris":["https://portal.example.org/cb"],` +
	`"grant_types":["authorization_code","refresh_token"],"scopes":[],"fqdns":[],"links":{"terms_and_conditions":null,"privacy_policy":null},` +
	`"required_idp":null,"preselect_idp":null,"prompt_for_named_grant":true,"userinfo_from_effective_identity":true}`

var projectJSON = `{"id":"` + idProject + `","display_name":"Lab","project_name":"Lab","contact_email":"lab@example.org",` +
	`"admin_ids":["` + idIdentity + `"],"admin_group_ids":null,"admins":{"identities":[{"id":"` + idIdentity + `","username":"ada@example.org"}],"groups":[]}}`

var policyJSON = `{"id":"` + idPolicy + `","project_id":"` + idProject + `","display_name":"MFA","description":"needs MFA",` +
	`"high_assurance":true,"authentication_assurance_timeout":3600,"required_mfa":true,` +
	`"domain_constraints_include":["example.org"],"domain_constraints_exclude":null}`

var scopeJSON = `{"id":"` + idScope + `","scope_string":"https://auth.globus.org/scopes/` + idClient + `/read","name":"Read",` +
	`"description":"read things","client":"` + idClient + `","advertised":false,"allows_refresh_token":true,"required_domains":[],` +
	`"dependent_scopes":[{"scope":"` + idScope + `","optional":false,"requires_refresh_token":true}]}`

var credJSON = `{"id":"` + idCred + `","name":"ci","client":"` + idClient + `","created":"2026-01-02T03:04:05.678901+00:00","secret":null}`

// operationCases covers every operation of api/auth.yaml.
var operationCases = []opCase{
	{"oauth2Token", `{"access_token":"at-1","expires_in":172800,"resource_server":"auth.globus.org","scope":"openid","token_type":"Bearer","other_tokens":[]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.Oauth2Token(ctx, authapi.TokenRequest{GrantType: authapi.GrantTypeClientCredentials, Scope: "openid"})
			if err != nil {
				return err
			}
			tr := r.Response
			return check(tr != nil && tr.AccessToken == "at-1" && tr.ExpiresIn == 172800, "decoded %+v", tr.ResourceServer)
		}},
	{"oauth2RevokeToken", `{"active":false}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.Oauth2RevokeToken(ctx, authapi.TokenRevokeRequest{Token: "at-1", TokenTypeHint: "access_token"})
			if err != nil {
				return err
			}
			return check(r != nil && !r.Active, "active not false")
		}},
	{"oauth2TokenIntrospect", `{"active":true,"scope":"openid","client_id":"` + idClient + `","sub":"` + idIdentity + `",` +
		`"username":"ada@example.org","name":null,"email":null,"aud":["` + idClient + `"],"iss":"https://auth.globus.org",` +
		`"exp":1900000000,"iat":1800000000,"nbf":1800000000,"token_type":"Bearer","identity_set":["` + idIdentity + `"]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.Oauth2TokenIntrospect(ctx, authapi.TokenIntrospectRequest{Token: "at-1", Include: "identity_set"})
			if err != nil {
				return err
			}
			aud, err := r.Aud.AsAudienceList()
			if err != nil {
				return err
			}
			return check(r.Active && r.Sub == idIdentity && len(aud) == 1 && len(r.IdentitySet) == 1, "decoded wrongly")
		}},
	{"getOpenidConfiguration", `{"issuer":"https://auth.globus.org","jwks_uri":"https://auth.globus.org/jwk.json",` +
		`"id_token_signing_alg_values_supported":["RS512"],"code_challenge_methods_supported":["S256"],"claims_parameter_supported":false}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetOpenidConfiguration(ctx)
			if err != nil {
				return err
			}
			return check(r.Issuer == "https://auth.globus.org" && (r.IDTokenSigningAlgValuesSupported)[0] == "RS512", "decoded wrongly")
		}},
	{"getJwk", `{"keys":[{"kty":"RSA","alg":"RS512","use":"sig","kid":"k1","n":"AQAB","e":"AQAB"}]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetJwk(ctx)
			if err != nil {
				return err
			}
			return check(len(r.Keys) == 1 && r.Keys[0].Kid == "k1", "decoded wrongly")
		}},
	{"userinfo", `{"sub":"` + idIdentity + `","preferred_username":"ada@example.org","name":"Ada","email":"ada@example.org",` +
		`"email_verified":true,"identity_provider":"` + idIdP + `","identity_set":[{"sub":"` + idIdentity + `","username":"ada@example.org"}]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.Userinfo(ctx)
			if err != nil {
				return err
			}
			return check(r.Sub == idIdentity && len(r.IdentitySet) == 1, "decoded wrongly")
		}},
	{"getIdentities", `{"identities":[{"id":"` + idIdentity + `","username":"ada@example.org","status":"used","identity_provider":"` + idIdP + `",` +
		`"identity_type":"login","name":"Ada","email":null,"organization":"Example"}],"included":{"identity_providers":[{"id":"` + idIdP + `","name":"Example"}]}}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetIdentities(ctx, &authapi.GetIdentitiesParams{Usernames: []string{"ada@example.org", "bob@example.org"}, Include: "identity_provider"})
			if err != nil {
				return err
			}
			return check(len(r.Identities) == 1 && r.Identities[0].ID == idIdentity && len(r.Included.IdentityProviders) == 1, "decoded wrongly")
		}},
	{"getIdentityProviders", `{"identity_providers":[{"id":"` + idIdP + `","name":"Example","short_name":"example","domains":["example.org"],"alternative_names":[]}]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetIdentityProviders(ctx, &authapi.GetIdentityProvidersParams{Domains: []string{"example.org", "example.com"}})
			if err != nil {
				return err
			}
			return check((r.IdentityProviders[0].Domains)[0] == "example.org", "decoded wrongly")
		}},
	{"getConsents", `{"consents":[{"id":101,"client":"` + idClient + `","scope":"` + idScope + `","scope_name":"urn:globus:auth:scope:transfer.api.globus.org:all",` +
		`"effective_identity":"` + idIdentity + `","dependency_path":[101],"status":"approved","created":"2026-01-02T03:04:05.678901+00:00",` +
		`"updated":"2026-01-02T03:04:05.678901+00:00","last_used":null,"allows_refresh":true,"atomically_revocable":false,"auto_approved":false}]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetConsents(ctx, idIdentity, &authapi.GetConsentsParams{All: true})
			if err != nil {
				return err
			}
			return check(r.Consents[0].ID == 101 && (r.Consents[0].DependencyPath)[0] == 101, "decoded wrongly")
		}},
	{"getProjects", `{"projects":[` + projectJSON + `]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetProjects(ctx)
			if err != nil {
				return err
			}
			return check(r.Projects[0].ID == idProject, "decoded wrongly")
		}},
	{"createProject", `{"project":` + projectJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.CreateProject(ctx, authapi.ProjectCreateRequest{Project: authapi.ProjectCreate{
				DisplayName: "Lab", ContactEmail: "lab@example.org", AdminIds: []string{idIdentity}}})
			if err != nil {
				return err
			}
			return check(r.Project.ContactEmail == "lab@example.org", "decoded wrongly")
		}},
	{"getProject", `{"project":` + projectJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetProject(ctx, idProject)
			if err != nil {
				return err
			}
			return check(len(r.Project.Admins.Identities) == 1, "decoded wrongly")
		}},
	{"updateProject", `{"project":` + projectJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.UpdateProject(ctx, idProject, authapi.ProjectUpdateRequest{Project: authapi.ProjectUpdate{DisplayName: "Lab"}})
			if err != nil {
				return err
			}
			return check(r.Project.DisplayName == "Lab", "decoded wrongly")
		}},
	{"deleteProject", `{"project":` + projectJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.DeleteProject(ctx, idProject)
			if err != nil {
				return err
			}
			return check(r.Project.ID == idProject, "decoded wrongly")
		}},
	{"getPolicies", `{"policies":[` + policyJSON + `]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetPolicies(ctx)
			if err != nil {
				return err
			}
			return check(r.Policies[0].RequiredMfa, "decoded wrongly")
		}},
	{"createPolicy", `{"policy":` + policyJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.CreatePolicy(ctx, authapi.PolicyCreateRequest{Policy: authapi.PolicyCreate{
				ProjectID: idProject, DisplayName: "MFA", Description: "needs MFA", RequiredMfa: true}})
			if err != nil {
				return err
			}
			return check(r.Policy.AuthenticationAssuranceTimeout == 3600, "decoded wrongly")
		}},
	{"getPolicy", `{"policy":` + policyJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetPolicy(ctx, idPolicy)
			if err != nil {
				return err
			}
			return check((r.Policy.DomainConstraintsInclude)[0] == "example.org", "decoded wrongly")
		}},
	{"updatePolicy", `{"policy":` + policyJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.UpdatePolicy(ctx, idPolicy, authapi.PolicyUpdateRequest{Policy: authapi.PolicyUpdate{HighAssurance: testsupport.Ptr(true)}})
			if err != nil {
				return err
			}
			return check(r.Policy.HighAssurance, "decoded wrongly")
		}},
	{"deletePolicy", `{"policy":` + policyJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.DeletePolicy(ctx, idPolicy)
			if err != nil {
				return err
			}
			return check(r.Policy.ID == idPolicy, "decoded wrongly")
		}},
	{"getClients", `{"clients":[` + clientJSON + `]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetClients(ctx, &authapi.GetClientsParams{})
			if err != nil {
				return err
			}
			return check(len(r.Clients) == 1 && (r.Clients)[0].ID == idClient, "decoded wrongly")
		}},
	{"createClient", `{"client":` + clientJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			ct := authapi.ClientTypeConfidentialClient
			r, err := c.CreateClient(ctx, authapi.ClientCreateRequest{Client: authapi.ClientCreate{
				Name: "portal", Project: idProject, ClientType: ct, RedirectUris: []string{"https://portal.example.org/cb"}}})
			if err != nil {
				return err
			}
			return check(r.Client.ID == idClient, "decoded wrongly")
		}},
	{"getClient", `{"client":` + clientJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetClient(ctx, idClient)
			if err != nil {
				return err
			}
			return check((r.Client.GrantTypes)[0] == "authorization_code", "decoded wrongly")
		}},
	{"updateClient", `{"client":` + clientJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			vis := authapi.ClientVisibilityPrivate
			r, err := c.UpdateClient(ctx, idClient, authapi.ClientUpdateRequest{Client: authapi.ClientUpdate{Name: "portal", Visibility: vis}})
			if err != nil {
				return err
			}
			return check(r.Client.Name == "portal", "decoded wrongly")
		}},
	{"deleteClient", `{"client":` + clientJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.DeleteClient(ctx, idClient)
			if err != nil {
				return err
			}
			return check(r.Client.ID == idClient, "decoded wrongly")
		}},
	{"getClientCredentials", `{"credentials":[` + credJSON + `]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetClientCredentials(ctx, idClient)
			if err != nil {
				return err
			}
			return check(r.Credentials[0].ID == idCred && r.Credentials[0].Secret == "", "decoded wrongly")
		}},
	{"createClientCredential", `{"credential":{"id":"` + idCred + `","name":"ci","client":"` + idClient + `","created":"2026-01-02T03:04:05.678901+00:00","secret":"s3cr3t-new"}}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.CreateClientCredential(ctx, idClient, authapi.ClientCredentialCreateRequest{Credential: authapi.ClientCredentialCreate{Name: "ci"}})
			if err != nil {
				return err
			}
			return check(r.Credential.Secret == "s3cr3t-new", "decoded wrongly")
		}},
	{"deleteClientCredential", `{"credential":` + credJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.DeleteClientCredential(ctx, idClient, idCred)
			if err != nil {
				return err
			}
			return check(r.Credential.Name == "ci", "decoded wrongly")
		}},
	{"createScope", `{"scope":` + scopeJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.CreateScope(ctx, idClient, authapi.ScopeCreateRequest{Scope: authapi.ScopeCreate{
				Name: "Read", Description: "read things", ScopeSuffix: "read",
				DependentScopes: []authapi.DependentScope{{Scope: idScope, RequiresRefreshToken: true}}}})
			if err != nil {
				return err
			}
			return check((r.Scope.DependentScopes)[0].RequiresRefreshToken, "decoded wrongly")
		}},
	{"getScopes", `{"scopes":[` + scopeJSON + `]}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetScopes(ctx, &authapi.GetScopesParams{ScopeStrings: []string{"openid", "email"}})
			if err != nil {
				return err
			}
			return check(r.Scopes[0].ID == idScope, "decoded wrongly")
		}},
	{"getScope", `{"scope":` + scopeJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.GetScope(ctx, idScope)
			if err != nil {
				return err
			}
			return check(r.Scope.AllowsRefreshToken, "decoded wrongly")
		}},
	{"updateScope", `{"scope":` + scopeJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.UpdateScope(ctx, idScope, authapi.ScopeUpdateRequest{Scope: authapi.ScopeUpdate{Advertised: testsupport.Ptr(false)}})
			if err != nil {
				return err
			}
			return check(!r.Scope.Advertised, "decoded wrongly")
		}},
	{"deleteScope", `{"scope":` + scopeJSON + `}`,
		func(ctx context.Context, c *auth.Client) error {
			r, err := c.DeleteScope(ctx, idScope)
			if err != nil {
				return err
			}
			return check(r.Scope.Name == "Read", "decoded wrongly")
		}},
}

// TestEveryOperation calls each of the 32 operations of api/auth.yaml
// through the generated client of auth.Client, against a server that
// validates every request and response with the spec, and checks that the
// request reached the operation's method and path.
func TestEveryOperation(t *testing.T) {
	ops := authOps(t)
	if len(ops) != 32 {
		t.Errorf("api/auth.yaml has %d operations, want 32", len(ops))
	}
	seen := map[string]bool{}
	for _, tc := range operationCases {
		if seen[tc.op] {
			t.Fatalf("operation %s is listed twice", tc.op)
		}
		seen[tc.op] = true
	}
	for _, id := range sortedKeys(ops) {
		if !seen[id] {
			t.Errorf("operation %s has no test case", id)
		}
	}

	for _, tc := range operationCases {
		t.Run(tc.op, func(t *testing.T) {
			op, ok := ops[tc.op]
			if !ok {
				t.Fatalf("operation %s is not in api/auth.yaml", tc.op)
			}
			f := newFakeAuth(t)
			f.handle("/", func(w http.ResponseWriter, r *http.Request) {
				if !op.matches(r.Method, r.URL.Path) {
					t.Errorf("request %s %s does not match %s %s", r.Method, r.URL.Path, op.Method, op.Path)
				}
				testsupport.WriteJSON(w, http.StatusOK, tc.body)
			})
			c := mustClient(t, auth.WithBaseURL(f.URL()), auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("tok-ops")))
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatalf("%s: %v", tc.op, err)
			}
			hits := f.requests()
			if len(hits) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(hits))
			}
			if hits[0].Auth != "Bearer tok-ops" {
				t.Errorf("Authorization = %q", hits[0].Auth)
			}
		})
	}
}

// TestCommaSeparatedListParameters checks that list parameters go out as a
// single comma-separated value, as Globus Auth expects.
func TestCommaSeparatedListParameters(t *testing.T) {
	f := newFakeAuth(t)
	f.handle("GET /v2/api/identities", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, `{"identities":[]}`)
	})
	c := mustClient(t, auth.WithBaseURL(f.URL()))
	_, err := c.GetIdentities(context.Background(), &authapi.GetIdentitiesParams{
		Usernames: []string{"a@example.org", "b@example.org"}, Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(f.requests()[0].Query)
	if err != nil {
		t.Fatal(err)
	}
	if got := q["usernames"]; len(got) != 1 || got[0] != "a@example.org,b@example.org" {
		t.Errorf("usernames = %q", got)
	}
	if q.Get("provision") != "true" {
		t.Errorf("provision = %q", q.Get("provision"))
	}
}

// TestAPIErrorFromResourceCall checks that an Auth API error comes back as
// a *globus.APIError with the code and message of the errors array.
func TestAPIErrorFromResourceCall(t *testing.T) {
	f := newFakeAuth(t)
	f.handle("GET /v2/api/projects/{id}", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusNotFound, `{"errors":[{"code":"NOT_FOUND","detail":"No such project","id":"e1","status":"404","title":"Not Found"}]}`)
	})
	c := mustClient(t, auth.WithBaseURL(f.URL()))
	_, err := c.GetProject(context.Background(), idProject)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 404 || apiErr.Code != "NOT_FOUND" || apiErr.Message != "No such project" {
		t.Errorf("APIError = %d %q %q", apiErr.StatusCode, apiErr.Code, apiErr.Message)
	}
	if !strings.Contains(string(apiErr.Body), "No such project") {
		t.Errorf("raw body lost: %q", apiErr.Body)
	}
	var decoded authapi.ErrorResponse
	if err := json.Unmarshal(apiErr.Body, &decoded); err != nil || decoded.Errors == nil {
		t.Errorf("the body does not decode as ErrorResponse: %v", err)
	}
}
