package fakeglobus

import (
	"encoding/json"
	"math/big"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/globus-go/globus/internal/spectest"
)

// A bulk submission (submit_transfer, submit_delete) carries up to
// hundreds of thousands of items in its DATA array. Validating such a body
// in one piece with kin-openapi costs most of the fake's time for it: the
// validator builds a detailed error for every schema branch that does not
// match, and a TransferItem's "not" clause fails to match, by design, for
// every ordinary item. bulkCheck validates the same body, with the same
// validator and the same options, in two parts:
//
//   - the request (path, query, headers, security, and the body with DATA
//     emptied) through spectest, as any other request;
//   - every item of DATA against the item schema: with a checker compiled
//     once from that schema (itemRule), which implements kin-openapi's
//     rules for the keywords the item schemas use and accepts exactly the
//     values kin-openapi accepts; for an item schema with any other
//     keyword, with kin-openapi's VisitJSON in fail-fast mode (the same
//     rules, no error messages).
//
// Both parts apply every rule that the whole-body check applies: bulkCheck
// is only used for a body schema where DATA's own schema has no rule but
// its type and items, and the document schema no rule that spans
// properties (oneOf, anyOf, allOf, not, enum, discriminator). Whenever
// either part finds a violation, or the body is not an object with a DATA
// array, the whole request is validated again in one piece, so that the
// violation is reported exactly as before.
type bulkCheck struct {
	items *openapi3.Schema
	rule  *itemRule // nil when items uses a keyword itemRule lacks
}

// bulkChecks finds the operations of the Transfer spec whose bodies
// bulkCheck can validate, by "METHOD /v0.10/path" (paths without
// parameters only).
func bulkChecks(v *spectest.Validator) map[string]*bulkCheck {
	out := map[string]*bulkCheck{}
	if v == nil || v.Doc().IsOpenAPI31OrLater() {
		// OpenAPI 3.1 documents are validated by kin-openapi's JSON Schema
		// 2020-12 validator, whose rules itemRule does not follow.
		return out
	}
	for path, item := range v.Doc().Paths.Map() {
		if strings.Contains(path, "{") {
			continue
		}
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			if items := bulkItems(mt.Schema.Value); items != nil {
				rule, _ := compileRule(items, nil)
				out[method+" "+TransferPrefix+path] = &bulkCheck{items: items, rule: rule}
			}
		}
	}
	return out
}

// bulkItems returns the item schema of doc's DATA array, or nil when
// splitting the check as bulkCheck does could change its outcome.
func bulkItems(doc *openapi3.Schema) *openapi3.Schema {
	if !doc.Type.Is(openapi3.TypeObject) || doc.Not != nil || len(doc.OneOf)+len(doc.AnyOf)+len(doc.AllOf)+len(doc.Enum) != 0 ||
		doc.Discriminator != nil || doc.Always != nil || doc.Const != nil {
		return nil
	}
	ref := doc.Properties["DATA"]
	if ref == nil || ref.Value == nil {
		return nil
	}
	data := *ref.Value
	if !data.Type.Is(openapi3.TypeArray) || data.Items == nil || data.Items.Value == nil {
		return nil
	}
	items := data.Items.Value
	// Nothing but the type, the items and annotations may be left.
	data.Type, data.Items, data.Nullable = nil, nil, false
	data.Extensions, data.Origin, data.Title, data.Description = nil, nil, "", ""
	data.Example, data.Examples, data.ExternalDocs, data.Deprecated, data.Comment = nil, nil, nil, false, ""
	if !reflect.ValueOf(data).IsZero() {
		return nil
	}
	return items
}

// bulkOptions are the options openapi3filter validates a request body
// with (see spectest), but fail-fast instead of collecting every error.
var bulkOptions = []openapi3.SchemaValidationOption{
	openapi3.VisitAsRequest(),
	openapi3.DefaultsSet(func() {}),
	openapi3.FailFast(),
}

// check validates a request to a bulk operation; ok is false when the
// request must be validated in one piece instead.
func (c *bulkCheck) check(v *spectest.Validator, r *http.Request, body []byte) (ex *spectest.Exchange, ok bool) {
	doc, ok := decodeLikeKin(body)
	if !ok {
		return nil, false
	}
	obj, isObj := doc.(map[string]any)
	if !isObj {
		return nil, false
	}
	data, isArray := obj["DATA"].([]any)
	if !isArray {
		return nil, false
	}
	for _, it := range data {
		if c.rule != nil {
			if !c.rule.valid(it) {
				return nil, false
			}
		} else if c.items.VisitJSON(it, bulkOptions...) != nil {
			return nil, false
		}
	}
	obj["DATA"] = []any{}
	rest, err := json.Marshal(obj)
	if err != nil {
		return nil, false
	}
	ex, err = v.ValidateRequest(r, rest)
	return ex, err == nil
}

// itemRule is a schema compiled for validating decoded JSON values (as
// openapi3filter decodes them: nil, bool, json.Number, string, []any,
// map[string]any) by the rules of kin-openapi's OpenAPI 3.0 validator
// (openapi3.Schema.VisitJSON with VisitAsRequest), for the keywords type,
// nullable, enum (of strings), required, properties,
// additionalProperties, items, not, anyOf and allOf. compileRule refuses
// any schema with another keyword, a default, or a readOnly or writeOnly
// property, whose rules itemRule does not have.
type itemRule struct {
	types    *openapi3.Types
	nullable bool
	empty    bool // no keyword at all: any value but null
	not      *itemRule
	anyOf    []*itemRule
	allOf    []*itemRule
	enum     []string
	props    map[string]*itemRule
	required []string
	addlOK   bool      // properties not in props are allowed
	addl     *itemRule // and must match this, when set
	items    *itemRule
}

// compileRule compiles sch, or reports false when itemRule cannot
// implement it exactly. path holds the schemas being compiled around sch,
// to refuse recursive schemas.
func compileRule(sch *openapi3.Schema, path []*openapi3.Schema) (*itemRule, bool) {
	if sch == nil || slices.Contains(path, sch) || len(path) > 32 {
		return nil, false
	}
	path = append(path, sch)
	rest := *sch
	rest.Type, rest.Nullable, rest.Enum, rest.Required, rest.Properties = nil, false, nil, nil, nil
	rest.AdditionalProperties, rest.Not, rest.AnyOf, rest.AllOf, rest.Items = openapi3.AdditionalProperties{}, nil, nil, nil, nil
	rest.Extensions, rest.Origin, rest.Title, rest.Description = nil, nil, "", ""
	rest.Example, rest.Examples, rest.ExternalDocs, rest.Deprecated, rest.XML, rest.Comment = nil, nil, nil, false, nil, ""
	if !reflect.ValueOf(rest).IsZero() {
		return nil, false
	}
	r := &itemRule{types: sch.Type, nullable: sch.Nullable || sch.Type.IncludesNull(), empty: sch.IsEmpty(), required: sch.Required}
	sub := func(ref *openapi3.SchemaRef) (*itemRule, bool) {
		if ref == nil {
			return nil, true
		}
		if ref.Value == nil {
			return nil, false
		}
		return compileRule(ref.Value, path)
	}
	var ok bool
	if r.not, ok = sub(sch.Not); !ok {
		return nil, false
	}
	if r.items, ok = sub(sch.Items); !ok {
		return nil, false
	}
	for _, refs := range []struct {
		in  openapi3.SchemaRefs
		out *[]*itemRule
	}{{sch.AnyOf, &r.anyOf}, {sch.AllOf, &r.allOf}} {
		for _, ref := range refs.in {
			c, ok := sub(ref)
			if !ok || c == nil {
				return nil, false
			}
			*refs.out = append(*refs.out, c)
		}
	}
	for _, e := range sch.Enum {
		s, isStr := e.(string)
		if !isStr {
			return nil, false
		}
		r.enum = append(r.enum, s)
	}
	if len(sch.Properties) > 0 {
		r.props = map[string]*itemRule{}
		for name, ref := range sch.Properties {
			if ref == nil || ref.Value == nil || ref.Value.ReadOnly || ref.Value.WriteOnly || ref.Value.Default != nil {
				return nil, false
			}
			c, ok := sub(ref)
			if !ok {
				return nil, false
			}
			r.props[name] = c
		}
	}
	r.addlOK = sch.AdditionalProperties.Has == nil || *sch.AdditionalProperties.Has
	if r.addl, ok = sub(sch.AdditionalProperties.Schema); !ok {
		return nil, false
	}
	return r, true
}

// valid reports whether kin-openapi's validator accepts v, following
// openapi3.Schema.visitJSON and its helpers step by step.
func (r *itemRule) valid(v any) bool {
	if v == nil && r.nullable {
		return true
	}
	if r.empty {
		return v != nil
	}
	if r.not != nil && r.not.valid(v) {
		return false
	}
	xof := false
	if len(r.anyOf) > 0 {
		if !slices.ContainsFunc(r.anyOf, func(b *itemRule) bool { return b.valid(v) }) {
			return false
		}
		xof = true
	}
	for _, b := range r.allOf {
		if !b.valid(v) {
			return false
		}
		xof = true
	}
	if xof && v == nil {
		return true
	}
	if r.enum != nil {
		if s, isStr := v.(string); !isStr || !slices.Contains(r.enum, s) {
			return false
		}
	}
	switch v := v.(type) {
	case bool:
		return r.types.Permits(openapi3.TypeBoolean)
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return false
		}
		if r.types.Permits(openapi3.TypeInteger) && !r.types.Permits(openapi3.TypeNumber) {
			return big.NewFloat(f).IsInt()
		}
		return r.types.Permits(openapi3.TypeInteger) || r.types.Permits(openapi3.TypeNumber)
	case string:
		return r.types.Permits(openapi3.TypeString)
	case []any:
		if !r.types.Permits(openapi3.TypeArray) {
			return false
		}
		if r.items != nil {
			for _, x := range v {
				if !r.items.valid(x) {
					return false
				}
			}
		}
		return true
	case map[string]any:
		if !r.types.Permits(openapi3.TypeObject) {
			return false
		}
		for k, x := range v {
			if p := r.props[k]; p != nil {
				if !p.valid(x) {
					return false
				}
				continue
			}
			if !r.addlOK || (r.addl != nil && !r.addl.valid(x)) {
				return false
			}
		}
		for _, k := range r.required {
			if _, ok := v[k]; !ok {
				return false
			}
		}
		return true
	}
	return false // nil, not nullable; or a type JSON does not decode to
}
