package fakeglobus_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// sent reports whether m carries k, and its value.
func sent(m map[string]any, k string) (any, bool) { v, ok := m[k]; return v, ok }

// TestAuthAPIUpdatesTellNullFromAbsent checks the three states of a
// nullable field in the Auth API's updates: a field left out stays as it
// is, an explicit null clears it (and is answered as null, not left out),
// and a value (even an empty list) sets it. Defaults of new records are
// answered as zeros, falses and nulls, never left out.
func TestAuthAPIUpdatesTellNullFromAbsent(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	alice, err := e.s.IssueToken(clientID, "openid", "urn:globus:auth:scope:auth.globus.org:view_identities")
	must(t, err)
	as := func(method, path string, body any) map[string]any {
		t.Helper()
		st, m := authSend(t, e, method, path, alice, "", "", body)
		if st != http.StatusOK {
			t.Fatalf("%s %s: %d %v", method, path, st, m)
		}
		return m
	}
	pid := str(obj(as("POST", "/v2/api/projects", map[string]any{"project": map[string]any{"display_name": "Lab", "contact_email": "lab@example.org"}}), "project")["id"])

	// A refused project update changes nothing.
	if st, m := authSend(t, e, "PUT", "/v2/api/projects/"+pid, alice, "", "", map[string]any{"project": map[string]any{"display_name": "Renamed", "admin_ids": []string{}}}); st != http.StatusBadRequest {
		t.Errorf("a project without admins: %d %v", st, m)
	}
	if p := obj(as("GET", "/v2/api/projects/"+pid, nil), "project"); p["display_name"] != "Lab" {
		t.Errorf("a refused update renamed the project: %v", p)
	}

	// A new policy sends its defaults.
	pol := obj(as("POST", "/v2/api/policies", map[string]any{"policy": map[string]any{"project_id": pid, "display_name": "p", "description": "d"}}), "policy")
	for k, want := range map[string]any{"high_assurance": false, "required_mfa": false, "authentication_assurance_timeout": nil, "domain_constraints_include": nil, "domain_constraints_exclude": nil} {
		if v, ok := sent(pol, k); !ok || v != want {
			t.Errorf("new policy's %s: %v (sent %v), want %v", k, v, ok, want)
		}
	}
	path := "/v2/api/policies/" + str(pol["id"])
	as("PUT", path, map[string]any{"policy": map[string]any{"authentication_assurance_timeout": 3600, "domain_constraints_include": []string{"a.org"}}})
	pol = obj(as("PUT", path, map[string]any{"policy": map[string]any{}}), "policy")
	if pol["authentication_assurance_timeout"] != float64(3600) || fmt.Sprint(pol["domain_constraints_include"]) != "[a.org]" {
		t.Errorf("fields left out of an update changed: %v", pol)
	}
	pol = obj(as("PUT", path, map[string]any{"policy": map[string]any{"authentication_assurance_timeout": nil, "domain_constraints_exclude": []string{}}}), "policy")
	if v, ok := sent(pol, "authentication_assurance_timeout"); !ok || v != nil {
		t.Errorf("a timeout set to null: %v (sent %v)", v, ok)
	}
	if l, ok := pol["domain_constraints_exclude"].([]any); !ok || len(l) != 0 {
		t.Errorf("an exclusion list set to []: %#v", pol["domain_constraints_exclude"])
	}
	if fmt.Sprint(pol["domain_constraints_include"]) != "[a.org]" {
		t.Errorf("the inclusion list, left out, changed: %v", pol["domain_constraints_include"])
	}

	// A client's identity provider settings.
	c := obj(as("POST", "/v2/api/clients", map[string]any{"client": map[string]any{"name": "svc", "project": pid, "required_idp": "idp-1"}}), "client")
	if v, ok := sent(c, "preselect_idp"); !ok || v != nil || c["required_idp"] != "idp-1" || c["prompt_for_named_grant"] != false {
		t.Errorf("new client: %v", c)
	}
	path = "/v2/api/clients/" + str(c["id"])
	c = obj(as("PUT", path, map[string]any{"client": map[string]any{"preselect_idp": "pre"}}), "client")
	if c["required_idp"] != "idp-1" || c["preselect_idp"] != "pre" {
		t.Errorf("after setting preselect_idp: %v", c)
	}
	c = obj(as("PUT", path, map[string]any{"client": map[string]any{"required_idp": nil}}), "client")
	if v, ok := sent(c, "required_idp"); !ok || v != nil || c["preselect_idp"] != "pre" {
		t.Errorf("after clearing required_idp: %v", c)
	}
}
