package fakeglobus

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/globus-go/globus/gen/server/authserver"
	"github.com/globus-go/globus/gen/server/transferserver"
	"github.com/globus-go/globus/internal/spectest"
)

// TestServerInterfacesCoverTheSpecs documents the guarantee of routes.go:
// the generated strict server interfaces, which authOps and transferOps must
// implement to compile, have exactly one method per operation of
// api/auth.yaml and api/transfer.yaml.
func TestServerInterfacesCoverTheSpecs(t *testing.T) {
	total := 0
	for _, c := range []struct {
		name  string
		load  func() (*spectest.Validator, error)
		iface reflect.Type
	}{
		{"auth", spectest.Auth, reflect.TypeFor[authserver.StrictServerInterface]()},
		{"transfer", spectest.Transfer, reflect.TypeFor[transferserver.StrictServerInterface]()},
	} {
		v, err := c.load()
		if err != nil {
			t.Fatal(err)
		}
		var ops, methods []string
		for _, item := range v.Doc().Paths.Map() {
			for _, o := range item.Operations() {
				ops = append(ops, strings.ToLower(o.OperationID))
			}
		}
		for i := range c.iface.NumMethod() {
			methods = append(methods, strings.ToLower(c.iface.Method(i).Name))
		}
		slices.Sort(ops)
		slices.Sort(methods)
		if !slices.Equal(ops, methods) {
			t.Errorf("%s: operations %v, interface methods %v", c.name, ops, methods)
		}
		total += len(ops)
	}
	if total != 93 {
		t.Errorf("%d operations, want 93", total)
	}
}

// TestBindErrorShapes sends parameters that the generated handlers cannot
// bind straight to the router (the spec check in ServeHTTP would refuse
// them first): the answers keep each service's error shape.
func TestBindErrorShapes(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct {
		path, key, want string
	}{
		{TransferPrefix + "/task_list?limit=many", "code", "ClientError.BadRequest"},
		{"/v2/api/identities?provision=maybe", "error", "bad_request"},
		{"/v2/api/identities/x/consents?all=maybe", "error", "bad_request"},
	} {
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v: %s", c.path, err, rec.Body)
		}
		if rec.Code != http.StatusBadRequest || doc[c.key] != c.want {
			t.Errorf("%s: %d %s, want 400 with %s %q", c.path, rec.Code, rec.Body, c.key, c.want)
		}
	}
}
