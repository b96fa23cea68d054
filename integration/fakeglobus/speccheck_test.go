package fakeglobus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestBulkCheckIsCompiled makes sure both bulk submissions take the fast
// check with the compiled item rule, so that a spec change which turns it
// off is noticed, and that it accepts a valid body and leaves a bad one
// to the whole-body check.
func TestBulkCheckIsCompiled(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct{ path, good, bad string }{
		{"/transfer",
			`{"DATA_TYPE":"transfer","source_endpoint":"a","destination_endpoint":"b","DATA":[{"DATA_TYPE":"transfer_item","source_path":"/a","destination_path":"/b"}]}`,
			`{"DATA_TYPE":"transfer","source_endpoint":"a","destination_endpoint":"b","DATA":[{"DATA_TYPE":"transfer_item","source_path":"/a"}]}`},
		{"/delete",
			`{"DATA_TYPE":"delete","endpoint":"a","DATA":[{"DATA_TYPE":"delete_item","path":"/a"}]}`,
			`{"DATA_TYPE":"delete","endpoint":"a","DATA":[{"DATA_TYPE":"delete_item","path":7}]}`},
	} {
		op := "POST " + TransferPrefix + c.path
		bc := s.bulk[op]
		if bc == nil || bc.rule == nil {
			t.Errorf("%s: no compiled bulk check (%+v)", op, bc)
			continue
		}
		for _, body := range []string{c.good, c.bad} {
			req := httptest.NewRequest(http.MethodPost, TransferPrefix+c.path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer x")
			_, ok := bc.check(s.transferV, req, []byte(body))
			if want := body == c.good; ok != want {
				t.Errorf("%s %s: fast check ok=%v, want %v", op, body, ok, want)
			}
		}
	}
}

// TestItemRuleMatchesKin compares the compiled item rules with
// kin-openapi's own validator on many items, valid and not: both must
// accept exactly the same ones.
func TestItemRuleMatchesKin(t *testing.T) {
	s := New(Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	values := []any{nil, true, false, json.Number("1"), json.Number("1.5"), json.Number("1e999"), "", "x",
		"transfer_item", "transfer_symlink_item", "delete_item", []any{}, []any{"a"}, map[string]any{}, map[string]any{"a": "b"}}
	keys := []string{"DATA_TYPE", "source_path", "destination_path", "recursive", "external_checksum", "checksum_algorithm", "path", "other"}
	for op, c := range s.bulk {
		accepted := 0
		for i := range 20000 {
			var item any
			if i%50 == 0 {
				item = values[rng.IntN(len(values))]
			} else {
				m := map[string]any{}
				for _, k := range keys {
					switch rng.IntN(3) {
					case 0:
					case 1:
						m[k] = values[rng.IntN(len(values))]
					case 2:
						m[k] = "/some/path"
						if k == "DATA_TYPE" {
							m[k] = []string{"transfer_item", "transfer_symlink_item", "delete_item"}[rng.IntN(3)]
						} else if k == "recursive" {
							m[k] = rng.IntN(2) == 0
						}
					}
				}
				item = m
			}
			want := c.items.VisitJSON(item, openapi3.VisitAsRequest(), openapi3.MultiErrors()) == nil
			if got := c.rule.valid(item); got != want {
				t.Fatalf("%s: item %#v: compiled rule says %v, kin-openapi %v", op, item, got, want)
			}
			if want {
				accepted++
			}
		}
		if accepted < 100 {
			t.Errorf("%s: only %d generated items were valid", op, accepted)
		}
	}
}

// TestBulkCheckReportsLateBadItem submits 100,000 items of which only the
// 99,999th breaks the spec (a symlink item with a checksum, which only the
// item schema's "not" clause forbids), then ten items of which the ninth
// breaks it in other ways: the fake refuses each submission and reports
// the violation, naming the item.
func TestBulkCheckReportsLateBadItem(t *testing.T) {
	for _, c := range []struct {
		name string
		n    int
		bad  map[string]any
	}{
		{"symlink item with a checksum", 100_000, map[string]any{"DATA_TYPE": "transfer_symlink_item", "source_path": "/a", "destination_path": "/b", "external_checksum": "abc"}},
		{"symlink item with recursive", 10, map[string]any{"DATA_TYPE": "transfer_symlink_item", "source_path": "/a", "destination_path": "/b", "recursive": false}},
		{"missing destination_path", 10, map[string]any{"DATA_TYPE": "transfer_item", "source_path": "/a"}},
		{"unknown DATA_TYPE", 10, map[string]any{"DATA_TYPE": "transfer_thing", "source_path": "/a", "destination_path": "/b"}},
		{"recursive not a boolean", 10, map[string]any{"DATA_TYPE": "transfer_item", "source_path": "/a", "destination_path": "/b", "recursive": "yes"}},
		{"null source_path", 10, map[string]any{"DATA_TYPE": "transfer_item", "source_path": nil, "destination_path": "/b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var mu sync.Mutex
			var reported []error
			s := New(Options{Report: func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() }})
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(s.AddClient(Client{ID: "c", Secret: "s"}))
			must(s.AddCollection("aaaaaaaa-0000-4000-8000-000000000001", "A"))
			tok, err := s.IssueToken("c", TransferScope)
			must(err)
			items := make([]any, c.n)
			for i := range items {
				items[i] = map[string]any{"DATA_TYPE": "transfer_item", "source_path": fmt.Sprintf("/in/%d", i), "destination_path": fmt.Sprintf("/out/%d", i)}
			}
			items[c.n-2] = c.bad
			body, err := json.Marshal(map[string]any{
				"DATA_TYPE": "transfer", "submission_id": "x",
				"source_endpoint":      "aaaaaaaa-0000-4000-8000-000000000001",
				"destination_endpoint": "aaaaaaaa-0000-4000-8000-000000000001",
				"DATA":                 items,
			})
			must(err)
			req := httptest.NewRequest(http.MethodPost, TransferPrefix+"/transfer", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "ClientError.BadRequest") {
				t.Fatalf("answer %d %.300s, want 400 ClientError.BadRequest", rec.Code, rec.Body)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(reported) != 1 || !strings.Contains(reported[0].Error(), fmt.Sprintf("DATA/%d", c.n-2)) {
				t.Fatalf("reported %d violations, want one naming item %d: %.500v", len(reported), c.n-2, reported)
			}
		})
	}
}

// decodeSamples are documents for comparing decodeLikeKin with
// encoding/json.
var decodeSamples = []string{
	`{}`, `[]`, `{"a":1}`, ` {"a" : [1, -0, 0.5, -1.5e+10, 1E-3, true, false, null, "x"]} `,
	`{"a":1,"a":2}`, `{"DATA":[{"DATA_TYPE":"transfer_item","source_path":"/a","destination_path":"/b"}]}`,
	`{"k\u0041":"\u00e9\n\"\\/"}`, `{"é":"ünïcode"}`, "{\"a\":\"\x7f\"}", "{\"a\":\"\xff\"}",
	`01`, `1.`, `.5`, `-`, `+1`, `1e`, `1e+`, `[1,]`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{1:2}`, `[1 2]`,
	`"abc`, `"a\`, `"\q"`, "\"a\tb\"", `tru`, `nul`, `{} x`, `{}{}`, ``, ` `, `[[[[[]]]]]`, `1e999`,
	`{"a":[{"b":{"c":[null]}}]}`, `"\ud800"`, `"\u12"`,
}

// TestDecodeLikeKin checks decodeLikeKin against encoding/json (with
// UseNumber, as openapi3filter decodes): whenever it decodes a document,
// the value is the one encoding/json makes of it.
func TestDecodeLikeKin(t *testing.T) {
	for _, s := range decodeSamples {
		checkDecodeLikeKin(t, []byte(s))
	}
	deep := strings.Repeat("[", 2000) + strings.Repeat("]", 2000)
	if _, ok := decodeLikeKin([]byte(deep)); ok {
		t.Error("decodeLikeKin decoded a document nested 2000 deep")
	}
}

// FuzzDecodeLikeKin is TestDecodeLikeKin on arbitrary documents.
func FuzzDecodeLikeKin(f *testing.F) {
	for _, s := range decodeSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkDecodeLikeKin(t, b) })
}

func checkDecodeLikeKin(t *testing.T, b []byte) {
	t.Helper()
	got, ok := decodeLikeKin(b)
	if !ok {
		return
	}
	var want any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("%q: decodeLikeKin accepted what encoding/json refuses: %v", b, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeLikeKin made %#v, encoding/json %#v", b, got, want)
	}
}
