package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/globus-go/globus/api"
)

// TestSpecsAreValid loads each document with kin-openapi and validates it,
// including examples and schema defaults, and checks the conventions the
// generated clients rely on.
func TestSpecsAreValid(t *testing.T) {
	for name, spec := range map[string][]byte{"auth.yaml": api.AuthYAML, "transfer.yaml": api.TransferYAML} {
		t.Run(name, func(t *testing.T) {
			loader := openapi3.NewLoader()
			doc, err := loader.LoadFromData(spec)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if err := doc.Validate(context.Background()); err != nil {
				t.Fatalf("validate: %v", err)
			}
			if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
				t.Errorf("openapi version %q, want 3.0.x", doc.OpenAPI)
			}
			if len(doc.Servers) != 1 || !strings.HasPrefix(doc.Servers[0].URL, "https://") {
				t.Errorf("want exactly one https server, got %v", doc.Servers)
			}
			seen := map[string]string{}
			for path, item := range doc.Paths.Map() {
				for method, op := range item.Operations() {
					where := method + " " + path
					if op.OperationID == "" {
						t.Errorf("%s has no operationId", where)
						continue
					}
					if first := op.OperationID[:1]; strings.ToLower(first) != first || strings.Contains(op.OperationID, "_") {
						t.Errorf("%s: operationId %q is not lowerCamelCase", where, op.OperationID)
					}
					if prev, dup := seen[op.OperationID]; dup {
						t.Errorf("operationId %q used by %s and %s", op.OperationID, prev, where)
					}
					seen[op.OperationID] = where
					if op.Responses.Default() == nil {
						t.Errorf("%s has no default (error) response", where)
					}
				}
			}
		})
	}
}

// TestPathParametersArePathSegments checks that every path parameter of
// both specs has the Go type globus.PathSegment, so that every generated
// method refuses "", "." and ".." before it sends anything.
func TestPathParametersArePathSegments(t *testing.T) {
	for name, spec := range map[string][]byte{"auth.yaml": api.AuthYAML, "transfer.yaml": api.TransferYAML} {
		doc, err := openapi3.NewLoader().LoadFromData(spec)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n := 0
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
					if p.Value == nil || p.Value.In != openapi3.ParameterInPath {
						continue
					}
					n++
					where := name + " " + method + " " + path + " " + p.Value.Name
					if p.Value.Schema == nil || p.Value.Schema.Value == nil {
						t.Errorf("%s: no schema", where)
						continue
					}
					ext := p.Value.Schema.Value.Extensions
					if ext["x-go-type"] != "globus.PathSegment" {
						t.Errorf("%s: x-go-type is %v, want globus.PathSegment", where, ext["x-go-type"])
					}
					imp, _ := ext["x-go-type-import"].(map[string]any)
					if imp["path"] != "github.com/globus-go/globus" {
						t.Errorf("%s: x-go-type-import is %v, want path github.com/globus-go/globus", where, ext["x-go-type-import"])
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no path parameter", name)
		}
	}
}
