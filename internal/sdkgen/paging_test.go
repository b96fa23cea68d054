package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// widgetSpec is a small API with one paged listing; {{paging}} is replaced
// by each case's x-globus-go-paging.
const widgetSpec = `openapi: 3.0.3
info: {title: widgets, version: "1"}
paths:
  /shelf/{shelf_id}/widgets:
    get:
      operationId: listWidgets
      summary: List the widgets on a shelf.
{{paging}}
      parameters:
        - {name: shelf_id, in: path, required: true, schema: {type: string}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: marker, in: query, schema: {type: string}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/WidgetList'}
components:
  schemas:
    Widget:
      type: object
      properties:
        id: {type: string}
    WidgetList:
      type: object
      properties:
        DATA:
          type: array
          items: {$ref: '#/components/schemas/Widget'}
        total: {type: integer}
        has_next_page: {type: boolean}
        next_marker: {type: string}
`

// generateWidgets writes the widget API with the given paging extension
// and returns sdkgen's output for it.
func generateWidgets(t *testing.T, paging string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	spec := filepath.Join(dir, "widgets.yaml")
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(spec, []byte(strings.Replace(widgetSpec, "{{paging}}", paging, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := "package: widgetapi\noutput: gen/widgetapi/widgetapi.gen.go\ngenerate: {models: true, client: true}\n" +
		"output-options: {prefer-skip-optional-pointer: true, name-normalizer: ToCamelCaseWithInitialisms}\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := generate(cfg, spec, "widgets", "Client")
	return string(src), err
}

// TestPagedOperationGetsIterator checks that an operation the spec marks
// as paged gets its iterator from the generator alone, for each style.
func TestPagedOperationGetsIterator(t *testing.T) {
	const sig = "func (c *Client) Widgets(ctx context.Context, shelfID string, params *widgetapi.ListWidgetsParams) iter.Seq2[widgetapi.Widget, error] {"
	for name, tc := range map[string]struct{ ext, want string }{
		"offset with total": {`      x-globus-go-paging: {iterator: Widgets, doc: iterates over widgets., items: DATA, style: offset, page-size: 50, more: total}`,
			"offsetPages(ctx, \"listWidgets\", q.Offset, cmp.Or(q.Limit, 50), 0,"},
		"offset with a ceiling": {`      x-globus-go-paging: {iterator: Widgets, doc: iterates over widgets., items: DATA, style: offset, page-size: 50, max-results: 1000, more: has_next_page}`,
			"return doc.DATA, byFlag(doc.HasNextPage), nil"},
		"marker": {`      x-globus-go-paging: {iterator: Widgets, doc: iterates over widgets., items: DATA, style: cursor, param: marker, next: next_marker, more: next}`,
			"return doc.DATA, cursorText(doc.NextMarker), isSet(doc.NextMarker), nil"},
	} {
		t.Run(name, func(t *testing.T) {
			src, err := generateWidgets(t, tc.ext)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{sig, tc.want, "// Widgets iterates over widgets."} {
				if !strings.Contains(src, want) {
					t.Errorf("the output lacks %q:\n%s", want, src)
				}
			}
		})
	}
	src, err := generateWidgets(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src, "iter.Seq2") {
		t.Error("an operation without x-globus-go-paging got an iterator")
	}
}

// TestBadPagingExtensionRefused checks that a paging description the
// generator cannot follow stops it with an error naming the problem.
func TestBadPagingExtensionRefused(t *testing.T) {
	for ext, want := range map[string]string{
		`      x-globus-go-paging: {iterator: Widgets, doc: d, items: DATA, style: pages}`:                                               "style",
		`      x-globus-go-paging: {iterator: widgets, doc: d, items: DATA, style: offset, page-size: 5, more: total}`:                   "exported",
		`      x-globus-go-paging: {iterator: Widgets, items: DATA, style: offset, page-size: 5, more: total}`:                           "doc",
		`      x-globus-go-paging: {iterator: Widgets, doc: d, items: ITEMS, style: offset, page-size: 5, more: total}`:                  "ITEMS",
		`      x-globus-go-paging: {iterator: Widgets, doc: d, items: DATA, style: offset, more: total}`:                                 "page-size",
		`      x-globus-go-paging: {iterator: Widgets, doc: d, items: DATA, style: cursor, param: token, next: next_marker, more: next}`: "token",
		`      x-globus-go-paging: {iterator: Widgets, doc: d, items: DATA, style: offset, page-size: 5, more: sometimes}`:               "more",
	} {
		_, err := generateWidgets(t, ext)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one that mentions %q", ext, err, want)
		}
	}
}
