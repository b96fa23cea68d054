package main

import (
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// listItems returns the qualified Go types of the items of every list that
// the generated methods' answers can hold: the arrays of named schemas
// among the properties of the 2xx JSON answers, and of the schemas those
// name in turn, and top-level arrays of named schemas. The methods decode
// such lists block by block (httpx.List). A list of an inline schema, or
// of a schema with its own Go type (x-go-type), is left to the decoder.
func listItems(ops []codegen.OperationDefinition, api string) []string {
	seen := map[*openapi3.Schema]bool{}
	items := map[string]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Type.Is(openapi3.TypeArray) && s.Items != nil {
			if name := namedType(s.Items); name != "" {
				items[api+"."+name] = true
			}
			walk(s.Items)
		}
		for _, p := range s.Properties {
			walk(p)
		}
		for _, sub := range s.AllOf {
			walk(sub)
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
	}
	for _, op := range ops {
		if handwritten(op) || op.Spec == nil || op.Spec.Responses == nil {
			continue
		}
		for code, r := range op.Spec.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil || status < 200 || status > 299 || r.Value == nil {
				continue
			}
			for ct, mt := range r.Value.Content {
				if isJSON(ct) {
					walk(mt.Schema)
				}
			}
		}
	}
	out := make([]string, 0, len(items))
	for it := range items {
		out = append(out, it)
	}
	slices.Sort(out)
	return out
}

// namedType returns the Go type name of a schema reference to a named
// object schema of components/schemas, or "" for anything else.
func namedType(ref *openapi3.SchemaRef) string {
	name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/")
	if !ok || ref.Value == nil || !ref.Value.Type.Is(openapi3.TypeObject) {
		return ""
	}
	if _, custom := ref.Value.Extensions["x-go-type"]; custom {
		return ""
	}
	return codegen.SchemaNameToTypeName(name)
}
