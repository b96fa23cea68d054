package main

import (
	"errors"
	"fmt"
	"go/token"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// pagingExt describes how a listing operation pages, so that sdkgen can
// write its iterator. Its fields, all named as in the spec's JSON:
//
//	x-globus-go-paging:
//	  iterator: Tasks          # the iterator method's name
//	  items: DATA              # the answer's array of items
//	  doc: iterates over ...   # the iterator's doc comment, after its name
//	  # offset and limit paging:
//	  style: offset
//	  page-size: 1000          # the limit sent when params sets none
//	  max-results: 1000        # optional: the service serves no item past it
//	  more: total              # total, has_next_page, or total-or-full-page
//	  # or cursor paging (marker, last_key, next_token):
//	  style: cursor
//	  param: marker            # the query parameter that takes the cursor
//	  next: next_marker        # the answer's field that holds the next one
//	  more: next               # next (while it is set) or has_next_page
//
// The engine the iterators run on is hand-written, in the package that
// receives them (offsetPages and cursorPages).
const pagingExt = "x-globus-go-paging"

// pager is what the template needs to write one iterator.
type pager struct {
	Receiver string // the type the iterator belongs to
	Iter     string // the iterator's name, such as Tasks
	Doc      string
	OpID     string
	HTTP     string
	Method   string // the operation method it calls, such as TaskList
	Params   string // the qualified params type
	Item     string // the qualified item type
	Args     []arg  // the path parameters
	Items    string // Go name of the items field
	Offset   bool
	PageSize int
	MaxItems int
	More     string // Go expression of the answer doc saying how paging goes on
	Cursor   string // Go name of the cursor parameter
	Next     string // Go name of the answer's next cursor
}

// describePager returns the iterator of op, or nil when op is not paged.
// m is op's method, whose arguments the iterator shares.
func describePager(op codegen.OperationDefinition, m method, api string) (*pager, error) {
	raw, ok := op.Spec.Extensions[pagingExt]
	if !ok {
		return nil, nil
	}
	ext, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", pagingExt)
	}
	str := func(k string) string { s, _ := ext[k].(string); return s }
	num := func(k string) (int, error) {
		switch v := ext[k].(type) {
		case nil:
			return 0, nil
		case float64:
			if v != float64(int(v)) || v < 0 {
				return 0, fmt.Errorf("%s.%s is not a count", pagingExt, k)
			}
			return int(v), nil
		}
		return 0, fmt.Errorf("%s.%s is not a number", pagingExt, k)
	}
	p := &pager{Iter: str("iterator"), Doc: oneLine(str("doc")), OpID: m.OpID, HTTP: m.HTTP, Method: m.Name}
	if !token.IsIdentifier(p.Iter) || !token.IsExported(p.Iter) {
		return nil, fmt.Errorf("%s.iterator %q is not an exported Go name", pagingExt, p.Iter)
	}
	if p.Doc == "" {
		return nil, fmt.Errorf("%s.doc is missing", pagingExt)
	}
	if m.Result == "" || strings.HasPrefix(m.Result, "[]") || strings.HasPrefix(m.Result, "map[") {
		return nil, errors.New("a paged operation must answer a JSON object")
	}
	for _, a := range m.Args {
		switch {
		case a.Name == "params":
			p.Params = a.Type
		case a.Type == "string":
			p.Args = append(p.Args, a)
		default:
			return nil, errors.New("a paged operation takes no request body")
		}
	}
	if p.Params == "" {
		return nil, errors.New("a paged operation needs query parameters")
	}
	doc, err := answerSchema(op)
	if err != nil {
		return nil, err
	}
	field := func(json string, want string) (string, error) {
		prop, ok := doc.Properties[json]
		if !ok || prop.Value == nil {
			return "", fmt.Errorf("the answer has no property %q", json)
		}
		if want != "" && !prop.Value.Type.Is(want) {
			return "", fmt.Errorf("the answer's %q is not of type %s", json, want)
		}
		return codegen.SchemaNameToTypeName(json), nil
	}
	if p.Items, err = field(str("items"), openapi3.TypeArray); err != nil {
		return nil, err
	}
	itemRef := doc.Properties[str("items")].Value.Items
	if itemRef == nil || itemRef.Ref == "" {
		return nil, fmt.Errorf("the items of %q must be a named schema", str("items"))
	}
	p.Item = api + "." + codegen.SchemaNameToTypeName(itemRef.Ref[strings.LastIndex(itemRef.Ref, "/")+1:])
	param := func(name string) (string, error) {
		for _, q := range op.QueryParams {
			if q.ParamName == name {
				return q.GoName(), nil
			}
		}
		return "", fmt.Errorf("no query parameter %q", name)
	}
	switch str("style") {
	case "offset":
		p.Offset = true
		if _, err := param("offset"); err != nil {
			return nil, err
		}
		if _, err := param("limit"); err != nil {
			return nil, err
		}
		if p.PageSize, err = num("page-size"); err != nil {
			return nil, err
		}
		if p.PageSize == 0 {
			return nil, fmt.Errorf("%s.page-size is missing", pagingExt)
		}
		if p.MaxItems, err = num("max-results"); err != nil {
			return nil, err
		}
		switch more := str("more"); more {
		case "total", "total-or-full-page":
			name, err := field("total", "")
			if err != nil {
				return nil, err
			}
			p.More = "byTotal(int(doc." + name + "))"
			if more != "total" {
				p.More = "byTotalOrFullPage(int(doc." + name + "))"
			}
		case "has_next_page":
			name, err := field("has_next_page", openapi3.TypeBoolean)
			if err != nil {
				return nil, err
			}
			p.More = "byFlag(doc." + name + ")"
		default:
			return nil, fmt.Errorf("%s.more %q: want total, total-or-full-page or has_next_page", pagingExt, more)
		}
	case "cursor":
		if p.Cursor, err = param(str("param")); err != nil {
			return nil, err
		}
		if p.Next, err = field(str("next"), ""); err != nil {
			return nil, err
		}
		switch more := str("more"); more {
		case "next":
			p.More = "isSet(doc." + p.Next + ")"
		case "has_next_page":
			name, err := field("has_next_page", openapi3.TypeBoolean)
			if err != nil {
				return nil, err
			}
			p.More = "doc." + name
		default:
			return nil, fmt.Errorf("%s.more %q: want next or has_next_page", pagingExt, more)
		}
	default:
		return nil, fmt.Errorf("%s.style %q: want offset or cursor", pagingExt, str("style"))
	}
	p.Doc = p.Iter + " " + p.Doc + "\n\n" + p.how()
	return p, nil
}

// how describes, for the doc comment, how the iterator pages.
func (p *pager) how() string {
	var b strings.Builder
	fmt.Fprintf(&b, "It pages through %s (%s)", p.OpID, p.HTTP)
	if p.Offset {
		fmt.Fprintf(&b, " with offset and limit, %d items a request unless params sets Limit", p.PageSize)
		if p.MaxItems > 0 {
			fmt.Fprintf(&b, ", and stops after item %d, the last the service serves", p.MaxItems)
		}
		b.WriteString(". An Offset in params says where to start.")
	} else {
		b.WriteString(" by cursor. A cursor in params says where to start.")
	}
	b.WriteString(" params may be nil and is not changed. The iterator holds one page at a time," +
		" sends no request once the loop stops, and yields an error once, as its last value.")
	return b.String()
}

// comment returns text as a doc comment of lines no longer than 77
// columns; a blank line in text starts a new paragraph.
func comment(text string) string {
	var out []string
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			out = append(out, "//")
		}
		line := "//"
		for _, w := range strings.Fields(para) {
			if len(line)+1+len(w) > 77 && line != "//" {
				out = append(out, line)
				line = "//"
			}
			line += " " + w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// answerSchema returns the object schema of op's first 2xx JSON answer.
func answerSchema(op codegen.OperationDefinition) (*openapi3.Schema, error) {
	for _, code := range []string{"200", "201", "202"} {
		r := op.Spec.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		for ct, mt := range r.Value.Content {
			if isJSON(ct) && mt.Schema != nil && mt.Schema.Value != nil {
				return mt.Schema.Value, nil
			}
		}
	}
	return nil, errors.New("no JSON answer to page through")
}

// pagerTemplate writes one iterator.
const pagerTemplate = `{{define "pager"}}
{{comment .Doc}}
func (c *{{.Receiver}}) {{.Iter}}(ctx context.Context{{range .Args}}, {{.Name}} {{.Type}}{{end}}, params {{.Params}}) iter.Seq2[{{.Item}}, error] {
	var q {{slice .Params 1}}
	if params != nil {
		q = *params
	}
{{- if .Offset}}
	return offsetPages(ctx, {{printf "%q" .OpID}}, q.Offset, cmp.Or(q.Limit, {{.PageSize}}), {{.MaxItems}}, func(ctx context.Context, offset, limit int) ([]{{.Item}}, pageEnd, error) {
		q := q
		q.Offset, q.Limit = offset, limit
		doc, err := c.{{.Method}}(ctx{{range .Args}}, {{.Name}}{{end}}, &q)
		if err != nil {
			return nil, pageEnd{}, err
		}
		return doc.{{.Items}}, {{.More}}, nil
	})
{{- else}}
	return cursorPages(ctx, {{printf "%q" .OpID}}, cursorText(q.{{.Cursor}}), func(ctx context.Context, cursor string) ([]{{.Item}}, string, bool, error) {
		q := q
		q.{{.Cursor}} = cursor
		doc, err := c.{{.Method}}(ctx{{range .Args}}, {{.Name}}{{end}}, &q)
		if err != nil {
			return nil, "", false, err
		}
		return doc.{{.Items}}, cursorText(doc.{{.Next}}), {{.More}}, nil
	})
{{- end}}
}
{{end}}`
