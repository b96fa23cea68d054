package api_test

import (
	"context"
	"encoding/json"
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

// TestTransferItemSchema checks the one item schema of a transfer
// document: a file, a directory or a symlink item passes, and a symlink
// item with the options of a copied file, or an unknown DATA_TYPE, is
// refused.
func TestTransferItemSchema(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.TransferYAML)
	if err != nil {
		t.Fatal(err)
	}
	item := doc.Components.Schemas["TransferItem"].Value
	for body, ok := range map[string]bool{
		`{"DATA_TYPE":"transfer_item","source_path":"/a","destination_path":"/b"}`:                                    true,
		`{"DATA_TYPE":"transfer_item","source_path":"/a/","destination_path":"/b/","recursive":true}`:                 true,
		`{"DATA_TYPE":"transfer_item","source_path":"/a","destination_path":"/b","external_checksum":"x"}`:            true,
		`{"DATA_TYPE":"transfer_symlink_item","source_path":"/l","destination_path":"/m"}`:                            true,
		`{"DATA_TYPE":"transfer_symlink_item","source_path":"/l","destination_path":"/m","recursive":false}`:          false,
		`{"DATA_TYPE":"transfer_symlink_item","source_path":"/l","destination_path":"/m","checksum_algorithm":"MD5"}`: false,
		`{"DATA_TYPE":"transfer_thing","source_path":"/a","destination_path":"/b"}`:                                   false,
		`{"DATA_TYPE":"transfer_item","source_path":"/a"}`:                                                            false,
	} {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		if err := item.VisitJSON(v); (err == nil) != ok {
			t.Errorf("%s: valid = %v, want %v (%v)", body, err == nil, ok, err)
		}
	}
}
