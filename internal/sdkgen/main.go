// Command sdkgen writes the operation methods of transfer.Client and
// auth.Client: one method per operation of an OpenAPI document, named after
// its operationId, that sends the request through the raw client oapi-codegen
// generated and returns the decoded document.
//
// It reads the spec and the oapi-codegen configuration of the raw client, so
// that every type name it writes is the one oapi-codegen chose:
//
//	go run ./internal/sdkgen -config gen/transferapi/config.yaml -spec api/transfer.yaml \
//		-package transfer -receiver Client -out transfer/operations.gen.go
//
// Run it from the module root (generate.go does). With -raw it first writes
// the raw client and models themselves, as oapi-codegen's command would,
// to the output the configuration names; see writeRaw for the one change
// it makes to oapi-codegen's client template.
//
// # What a method returns
//
// The document type is that of the first 2xx response, in status order,
// with a JSON content type (application/json or a +json type). When several
// 2xx responses carry JSON they must all have the same Go type (submitTransfer
// answers 200 and 202 with a TaskSubmissionResult): a spec whose successes
// differ in type is refused, since one method cannot return both; describe
// such answers with one oneOf schema instead. A oneOf schema is a union type
// of the raw package (auth's oauth2Token answers a TokenGrantResult, either
// a token object or a list): the method returns the union, decoded as it is,
// and the caller picks the variant with its AsXxx methods. An operation none
// of whose 2xx responses is JSON gets a method that returns only an error,
// through httpx.Expect.
//
// # Arguments
//
// Path parameters are plain strings, converted to globus.PathSegment (which
// refuses "", "." and "..") for the raw client. Query and header parameters
// are the generated XxxParams, passed as a pointer that may be nil. A JSON
// body is the generated body type; a form body
// (application/x-www-form-urlencoded) is the generated form struct, encoded
// with httpx.EncodeForm so that its secrets are recorded in the call.
//
// Operations whose spec carries "x-globus-go-handwritten: true" get no
// method: the package writes its own (transfer's submissions, which add a
// submission id and may be retried).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"go.yaml.in/yaml/v3"
)

// handwrittenExt marks an operation whose method the package writes itself.
const handwrittenExt = "x-globus-go-handwritten"

const modulePath = "github.com/globus-go/globus"

// config is the part of an oapi-codegen configuration file that sdkgen
// needs: the codegen options and the output file, whose directory names the
// raw package.
type config struct {
	codegen.Configuration `yaml:",inline"`
	Output                string `yaml:"output"`
}

// method is what the template needs to write one operation method.
type method struct {
	Name     string // Go name, such as GetTask
	OpID     string // operationId as the spec spells it, such as getTask
	Summary  string
	HTTP     string // such as "GET /task/{task_id}"
	Args     []arg  // path parameters, then params, then body
	RawCall  string // the raw client method
	RawArgs  []string
	Result   string // the document type, qualified; empty for Expect
	FormBody bool
}

type arg struct {
	Name, Type string
}

// file is the template's data.
type file struct {
	Package  string
	Receiver string
	APIName  string // the raw package's name, such as transferapi
	APIPath  string // its import path
	Globus   bool   // some method converts a path parameter
	Methods  []method
	Lists    []string // item types of the answers' lists, qualified
	Pagers   []pager
	Skipped  []string
}

func main() {
	cfgPath := flag.String("config", "", "oapi-codegen configuration of the raw client")
	specPath := flag.String("spec", "", "OpenAPI document")
	pkg := flag.String("package", "", "package of the generated file")
	recv := flag.String("receiver", "Client", "type the methods belong to")
	out := flag.String("out", "", "file to write")
	raw := flag.Bool("raw", false, "write the raw client and models to the configuration's output instead")
	flag.Parse()
	if *raw && *cfgPath != "" && *specPath != "" {
		if err := writeRaw(*cfgPath, *specPath); err != nil {
			fmt.Fprintln(os.Stderr, "sdkgen:", err)
			os.Exit(1)
		}
		return
	}
	if *cfgPath == "" || *specPath == "" || *pkg == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	src, err := generate(*cfgPath, *specPath, *pkg, *recv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

// generate returns the formatted source of the methods file.
func generate(cfgPath, specPath, pkg, recv string) ([]byte, error) {
	ops, cfg, err := operations(cfgPath, specPath)
	if err != nil {
		return nil, err
	}
	f := file{Package: pkg, Receiver: recv, APIName: cfg.PackageName,
		APIPath: path.Join(modulePath, path.Dir(cfg.Output))}
	for _, op := range ops {
		if handwritten(op) {
			f.Skipped = append(f.Skipped, op.OperationId)
			continue
		}
		m, err := describe(op, f.APIName)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.OperationId, err)
		}
		if len(op.PathParams) > 0 {
			f.Globus = true
		}
		f.Methods = append(f.Methods, m)
		p, err := describePager(op, m, f.APIName)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.OperationId, err)
		}
		if p != nil {
			p.Receiver = recv
			f.Pagers = append(f.Pagers, *p)
		}
	}
	f.Lists = listItems(ops, f.APIName)
	var buf bytes.Buffer
	if err := fileTemplate.Execute(&buf, f); err != nil {
		return nil, err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated code: %w\n%s", err, buf.Bytes())
	}
	return src, nil
}

// loadConfig reads an oapi-codegen configuration file, with oapi-codegen's
// defaults filled in.
func loadConfig(cfgPath string) (config, error) {
	var cfg config
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		return cfg, err
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", cfgPath, err)
	}
	if cfg.Output == "" || cfg.PackageName == "" {
		return cfg, fmt.Errorf("%s: package and output are required", cfgPath)
	}
	cfg.Configuration = cfg.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", cfgPath, err)
	}
	return cfg, nil
}

// operations loads the spec as oapi-codegen does and returns its operation
// definitions, named with the configuration of the raw client.
func operations(cfgPath, specPath string) ([]codegen.OperationDefinition, config, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, cfg, err
	}
	load := func() (*openapi3.T, error) {
		swagger, err := util.LoadSwaggerWithOverlay(specPath, util.LoadSwaggerWithOverlayOpts{
			Path: cfg.OutputOptions.Overlay.Path, Strict: true, AllowRemoteRefsFrom: cfg.AllowRemoteRefsFrom})
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", specPath, err)
		}
		return swagger, nil
	}
	// OperationDefinitions names things through codegen's package state
	// (name normalizer, type mapping, initialisms), which only Generate
	// sets up from a Configuration. Running it once, and discarding its
	// output, makes the names here those of the raw client. Generate
	// rewrites the operationIds of the document it is given into Go names,
	// so the definitions come from a second, fresh copy, whose operations
	// keep the operationIds of the spec.
	first, err := load()
	if err != nil {
		return nil, cfg, err
	}
	if _, err := codegen.Generate(first, cfg.Configuration); err != nil {
		return nil, cfg, fmt.Errorf("oapi-codegen: %w", err)
	}
	swagger, err := load()
	if err != nil {
		return nil, cfg, err
	}
	specIDs := map[*openapi3.Operation]string{}
	for _, item := range swagger.Paths.Map() {
		for _, op := range item.Operations() {
			specIDs[op] = op.OperationID
		}
	}
	ops, err := codegen.OperationDefinitions(swagger)
	if err != nil {
		return nil, cfg, fmt.Errorf("oapi-codegen operations: %w", err)
	}
	if len(ops) == 0 {
		return nil, cfg, errors.New("the spec has no operations")
	}
	for i := range ops {
		if ops[i].Spec != nil {
			ops[i].SpecOperationId = specIDs[ops[i].Spec]
		}
	}
	return ops, cfg, nil
}

func handwritten(op codegen.OperationDefinition) bool {
	if op.Spec == nil {
		return false
	}
	v, ok := op.Spec.Extensions[handwrittenExt]
	b, isBool := v.(bool)
	return ok && isBool && b
}

// describe turns one operation into a method.
func describe(op codegen.OperationDefinition, api string) (method, error) {
	m := method{Name: op.OperationId, OpID: op.SpecOperationId, Summary: oneLine(op.Summary),
		HTTP: op.Method + " " + op.Path, RawCall: op.OperationId}
	if m.OpID == "" {
		return m, errors.New("no operationId")
	}
	for _, p := range op.PathParams {
		name := p.GoVariableName()
		m.Args = append(m.Args, arg{Name: name, Type: "string"})
		m.RawArgs = append(m.RawArgs, "globus.PathSegment("+name+")")
	}
	if op.RequiresParamObject() {
		m.Args = append(m.Args, arg{Name: "params", Type: "*" + api + "." + op.OperationId + "Params"})
		m.RawArgs = append(m.RawArgs, "params")
	}
	switch bodies := supportedBodies(op); len(bodies) {
	case 0:
		if op.HasBody() {
			return m, errors.New("no request body of a supported content type")
		}
	case 1:
		b := bodies[0]
		typ := api + "." + op.OperationId + b.NameTag + "RequestBody"
		if b.Schema.IsRef() {
			typ = api + "." + b.Schema.RefType
		}
		if b.IsJSON() {
			m.Args = append(m.Args, arg{Name: "body", Type: typ})
			m.RawArgs = append(m.RawArgs, "body")
		} else {
			m.Args = append(m.Args, arg{Name: "form", Type: typ})
			m.RawCall += "WithBody"
			m.RawArgs = append(m.RawArgs, strconv.Quote(b.ContentType), "body")
			m.FormBody = true
		}
	default:
		return m, fmt.Errorf("%d request bodies; sdkgen supports one", len(bodies))
	}
	res, err := result(op, api)
	if err != nil {
		return m, err
	}
	m.Result = res
	return m, nil
}

// supportedBodies returns the request bodies sdkgen can send: JSON, or a
// URL-encoded form.
func supportedBodies(op codegen.OperationDefinition) []codegen.RequestBodyDefinition {
	var out []codegen.RequestBodyDefinition
	for _, b := range op.Bodies {
		if b.IsJSON() || b.ContentType == "application/x-www-form-urlencoded" {
			out = append(out, b)
		}
	}
	return out
}

// result returns the qualified Go type of the document the operation
// answers with, or "" when no 2xx response is JSON. See the package
// documentation for the rules.
func result(op codegen.OperationDefinition, api string) (string, error) {
	type success struct {
		status int
		typ    string
	}
	var found []success
	for _, r := range op.Responses {
		status, err := strconv.Atoi(r.StatusCode)
		if err != nil || status < 200 || status > 299 {
			continue
		}
		for _, c := range r.Contents {
			if !isJSON(c.ContentType) {
				continue
			}
			typ, err := qualify(c.Schema, api)
			if err != nil {
				return "", fmt.Errorf("response %d: %w", status, err)
			}
			found = append(found, success{status, typ})
			break
		}
	}
	if len(found) == 0 {
		return "", nil
	}
	slices.SortFunc(found, func(a, b success) int { return a.status - b.status })
	for _, s := range found[1:] {
		if s.typ != found[0].typ {
			return "", fmt.Errorf("2xx answers of different types (%d: %s, %d: %s); describe them with one oneOf schema",
				found[0].status, found[0].typ, s.status, s.typ)
		}
	}
	return found[0].typ, nil
}

// qualify returns the Go type of a response schema, qualified with the raw
// package: a named type (Task), or a slice or string-keyed map of one. An
// inline object schema is refused: it has no type of its own in the raw
// package.
func qualify(s codegen.Schema, api string) (string, error) {
	typ := s.TypeDecl()
	prefix := ""
	for {
		switch {
		case strings.HasPrefix(typ, "[]"):
			prefix, typ = prefix+"[]", typ[2:]
			continue
		case strings.HasPrefix(typ, "map[string]"):
			prefix, typ = prefix+"map[string]", typ[len("map[string]"):]
			continue
		}
		break
	}
	if !token.IsIdentifier(typ) {
		return "", fmt.Errorf("inline response schema (%s); give it a name under components/schemas", s.TypeDecl())
	}
	if token.IsExported(typ) {
		typ = api + "." + typ
	}
	return prefix + typ, nil
}

// isJSON reports whether a media type is JSON: application/json, or any
// type with a +json suffix.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var fileTemplate = template.Must(template.New("file").Funcs(template.FuncMap{
	"join":    strings.Join,
	"comment": comment,
}).Parse(`// Code generated by internal/sdkgen; DO NOT EDIT.

package {{.Package}}

import (
{{- if .Pagers}}
	"cmp"{{end}}
	"context"
{{- if .Pagers}}
	"iter"{{end}}
{{if .Globus}}
	"github.com/globus-go/globus"{{end}}
	"{{.APIPath}}"
	"github.com/globus-go/globus/internal/httpx"
)
{{- if .Skipped}}

// Operations with hand-written methods: {{join .Skipped ", "}}.
{{- end}}

// decoding decodes the answers of the methods below; the lists of these
// items are collected block by block (httpx.List).
var decoding = httpx.NewDecoding({{range .Lists}}
	httpx.List[{{.}}](),{{end}}
)
{{range .Methods}}
// {{.Name}} {{if .Summary}}{{.Summary}}{{else}}calls the {{.OpID}} operation.{{end}}
//
// {{.HTTP}}
{{- range .Args}}{{if eq .Name "params"}}
//
// params may be nil.{{end}}{{end}}
func (c *{{$.Receiver}}) {{.Name}}(ctx context.Context{{range .Args}}, {{.Name}} {{.Type}}{{end}}) {{if .Result}}(*{{.Result}}, error){{else}}error{{end}} {
	ctx, call, err := c.start(ctx, {{printf "%q" .OpID}})
	if err != nil {
		return {{if .Result}}nil, {{end}}err
	}
{{- if .FormBody}}
	body, err := httpx.EncodeForm(call, form)
	if err != nil {
		return {{if .Result}}nil, {{end}}err
	}
{{- end}}
	resp, err := c.api.{{.RawCall}}(ctx{{range .RawArgs}}, {{.}}{{end}})
{{- if .Result}}
	return httpx.DecodeWith[{{.Result}}](decoding, call, resp, err)
{{- else}}
	return httpx.Expect(call, resp, err)
{{- end}}
}
{{end}}
{{- range .Pagers}}{{template "pager" .}}{{end}}` + pagerTemplate))
