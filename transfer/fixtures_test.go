package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/httpx"
	"github.com/globus-go/globus/internal/spectest"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/transfer"
)

// fixturesDir holds recorded Globus responses. It lives outside the
// repository, so the tests that read it skip when it is absent.
const fixturesDir = "../../shared/globus/fixtures"

// documentType returns the type of the document that the method of
// transfer.Client for the operation op returns, or nil when it has none.
func documentType(op string) reflect.Type { return testsupport.DocumentType[*transfer.Client](op) }

type fixture struct {
	Service string          `json:"service"`
	Method  string          `json:"method"`
	Path    string          `json:"path"`
	Status  int             `json:"status"`
	JSON    json.RawMessage `json:"json"`
}

// operationFor finds the operationId whose method and path template match,
// preferring the template with the most literal segments.
func operationFor(t *testing.T, method, path string) string {
	t.Helper()
	v, err := spectest.Transfer()
	if err != nil {
		t.Fatal(err)
	}
	best, bestLiterals := "", -1
	for tmpl, item := range v.Doc().Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		literals := 0
		var re strings.Builder
		re.WriteString("^" + regexp.QuoteMeta(apiPrefix))
		for _, seg := range strings.Split(strings.TrimPrefix(tmpl, "/"), "/") {
			re.WriteString("/")
			if strings.HasPrefix(seg, "{") {
				re.WriteString("[^/]+")
			} else {
				re.WriteString(regexp.QuoteMeta(seg))
				literals++
			}
		}
		re.WriteString("$")
		if regexp.MustCompile(re.String()).MatchString(path) && literals > bestLiterals {
			best, bestLiterals = op.OperationID, literals
		}
	}
	return best
}

// decodedDocument decodes a recorded body as the client would: a success
// with httpx.Decode into the operation's document, an error status into
// the spec's error document.
func decodedDocument(op string, docType reflect.Type, rsp *http.Response) (any, error) {
	if rsp.StatusCode >= 400 {
		defer func() { _ = rsp.Body.Close() }()
		var e transferapi.TransferError
		return &e, json.NewDecoder(rsp.Body).Decode(&e)
	}
	_, call := httpx.Start(context.Background(), op)
	doc := reflect.New(docType)
	raw, err := httpx.Decode[json.RawMessage](call, rsp, nil)
	if err != nil {
		return nil, err
	}
	return doc.Interface(), json.Unmarshal(*raw, doc.Interface())
}

// sameJSON reports every difference between a recorded document and the
// re-encoding of what it decoded into: a field that disappeared was not
// declared; a changed value was decoded wrongly. Timestamps may change
// layout but not instant, and numbers sent as strings may become numbers.
// A false or 0 may disappear too: the generated documents hold plain
// values, whose zero means absent and is not encoded ([nonZero] makes the
// documents that check those fields).
func sameJSON(path string, orig, got any) []string {
	switch o := orig.(type) {
	case nil:
		if got != nil {
			return []string{fmt.Sprintf("%s: null became %v", path, got)}
		}
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object became %T", path, got)}
		}
		var diffs []string
		for k, ov := range o {
			gv, present := g[k]
			if !present {
				if ov != nil && !zeroJSON(ov) {
					diffs = append(diffs, fmt.Sprintf("%s.%s: lost (not declared?)", path, k))
				}
				continue
			}
			diffs = append(diffs, sameJSON(path+"."+k, ov, gv)...)
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(o) {
			return []string{fmt.Sprintf("%s: array of %d became %v", path, len(o), got)}
		}
		var diffs []string
		for i := range o {
			diffs = append(diffs, sameJSON(fmt.Sprintf("%s[%d]", path, i), o[i], g[i])...)
		}
		return diffs
	case string:
		switch g := got.(type) {
		case string:
			if g == o {
				return nil
			}
			ot, err1 := globus.ParseTime(o)
			gt, err2 := globus.ParseTime(g)
			if err1 == nil && err2 == nil && ot.Equal(gt.Time) {
				return nil
			}
		case json.Number:
			if g.String() == strings.TrimSpace(o) {
				return nil
			}
		}
		return []string{fmt.Sprintf("%s: %q became %v", path, o, got)}
	case json.Number:
		switch g := got.(type) {
		case json.Number:
			of, _ := o.Float64()
			gf, _ := g.Float64()
			if of == gf {
				return nil
			}
		case string:
			// Ids that the service sends as numbers or strings.
			if g == o.String() {
				return nil
			}
		}
		return []string{fmt.Sprintf("%s: %s became %v", path, o, got)}
	default:
		if !reflect.DeepEqual(orig, got) {
			return []string{fmt.Sprintf("%s: %v became %v", path, orig, got)}
		}
		return nil
	}
}

// zeroJSON reports whether v, decoded by decodeGeneric, is false or a zero
// number (possibly sent as a string).
func zeroJSON(v any) bool {
	switch v := v.(type) {
	case bool:
		return !v
	case json.Number:
		f, err := v.Float64()
		return err == nil && f == 0
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err == nil && f == 0
	}
	return false
}

// nonZero returns a copy of v, decoded by decodeGeneric, in which every
// value that zeroJSON reports is replaced by true or 1, so that a field
// lost on re-encoding cannot be excused as a zero value.
func nonZero(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = nonZero(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = nonZero(x)
		}
		return out
	case bool:
		return true
	case json.Number:
		if zeroJSON(v) {
			return json.Number("1")
		}
	case string:
		if zeroJSON(v) {
			return "1"
		}
	}
	return v
}

func decodeGeneric(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func loadTransferFixtures(t *testing.T) map[string]fixture {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fixturesDir, "*.json"))
	if len(files) == 0 {
		t.Skipf("no fixtures in %s", fixturesDir)
	}
	out := map[string]fixture{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if fx.Service == "transfer" {
			out[filepath.Base(f)] = fx
		}
	}
	if len(out) == 0 {
		t.Skip("no Transfer fixtures")
	}
	return out
}

// TestFixturesDecode decodes every recorded Transfer response with the
// document type of its operation and checks that no field is lost or
// changed on the way.
func TestFixturesDecode(t *testing.T) {
	fixtures := loadTransferFixtures(t)
	names := make([]string, 0, len(fixtures))
	for n := range fixtures {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		fx := fixtures[name]
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			op := operationFor(t, fx.Method, fx.Path)
			docType := documentType(op)
			if docType == nil {
				t.Fatalf("no operation for %s %s (got %q)", fx.Method, fx.Path, op)
			}
			orig := decodeGeneric(t, fx.JSON)
			probe, err := json.Marshal(nonZero(orig))
			if err != nil {
				t.Fatal(err)
			}
			// The recording itself, and the recording with false and 0 made
			// true and 1, which are encoded again when they are declared.
			for _, body := range [][]byte{fx.JSON, probe} {
				rsp := &http.Response{
					StatusCode: fx.Status,
					Header:     http.Header{"Content-Type": []string{"application/json"}},
					Body:       io.NopCloser(bytes.NewReader(body)),
				}
				doc, err := decodedDocument(op, docType, rsp)
				if err != nil {
					t.Fatalf("%s: decoding: %v", op, err)
				}
				again, err := json.Marshal(doc)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range sameJSON("$", decodeGeneric(t, body), decodeGeneric(t, again)) {
					t.Errorf("%s (%T): %s", op, doc, d)
				}
			}
			if fx.Status >= 400 {
				checkErrorFixture(t, fx)
			}
		})
	}
}

// checkErrorFixture builds the SDK error from a recorded error answer, as
// the client would, and checks the Transfer helpers on it.
func checkErrorFixture(t *testing.T, fx fixture) {
	t.Helper()
	var body struct {
		Code           string   `json:"code"`
		RequestID      string   `json:"request_id"`
		RequiredScopes []string `json:"required_scopes"`
		AuthParams     *struct {
			SessionMessage string   `json:"session_message"`
			RequiredScopes []string `json:"required_scopes"`
		} `json:"authorization_parameters"`
	}
	if err := json.Unmarshal(fx.JSON, &body); err != nil {
		t.Fatal(err)
	}
	var err error = globus.NewAPIError(&http.Response{StatusCode: fx.Status, Status: fmt.Sprint(fx.Status)}, fx.JSON)
	e, ok := transfer.APIError(err)
	if !ok || e.Code != body.Code || e.RequestID != body.RequestID || !transfer.HasCode(err, body.Code) {
		t.Errorf("APIError %+v does not carry code %q and request id %q", e, body.Code, body.RequestID)
	}
	ce, consent := transfer.ConsentRequired(err)
	if consent != (body.Code == transfer.CodeConsentRequired) {
		t.Errorf("ConsentRequired = %v for code %q", consent, body.Code)
	}
	if consent {
		if strings.Join(ce.RequiredScopes, " ") != strings.Join(body.RequiredScopes, " ") {
			t.Errorf("RequiredScopes = %v, want %v", ce.RequiredScopes, body.RequiredScopes)
		}
		if body.AuthParams != nil {
			if ce.AuthorizationParameters == nil ||
				ce.AuthorizationParameters.SessionMessage != body.AuthParams.SessionMessage ||
				strings.Join(ce.AuthorizationParameters.RequiredScopes, " ") != strings.Join(body.AuthParams.RequiredScopes, " ") {
				t.Errorf("AuthorizationParameters = %+v, want %+v", ce.AuthorizationParameters, body.AuthParams)
			}
		}
	}
	if fx.Status == http.StatusNotFound && !transfer.IsNotFound(err) && !transfer.IsEndpointNotFound(err) {
		t.Errorf("a 404 with code %q is neither IsNotFound nor IsEndpointNotFound", body.Code)
	}
}

// TestFixtureFields checks chosen fields of recorded documents, where the
// generic round trip could not tell a right value from a wrong one.
func TestFixtureFields(t *testing.T) {
	fixtures := loadTransferFixtures(t)
	decode := func(t *testing.T, name string, into any) fixture {
		t.Helper()
		fx, ok := fixtures[name]
		if !ok {
			t.Skipf("%s is absent", name)
		}
		if err := json.Unmarshal(fx.JSON, into); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return fx
	}
	t.Run("string paging numbers", func(t *testing.T) {
		var el transferapi.EventList
		decode(t, "docs2017_transfer_event_list.json", &el)
		if el.Limit != 10 || el.Offset != 0 || el.Total != 2 || len(el.DATA) != 2 {
			t.Fatalf("limit %v offset %v total %v", el.Limit, el.Offset, el.Total)
		}
		ev := el.DATA[0]
		if ev.Time.IsZero() || ev.Time.UTC().Format("2006-01-02 15:04:05") != "2011-05-12 18:49:25" || ev.Code != "SUCCEEDED" {
			t.Errorf("first event %+v", ev)
		}
	})
	t.Run("submit transfer", func(t *testing.T) {
		var r transferapi.TaskSubmissionResult
		decode(t, "transfer__submit_transfer__default.json", &r)
		if r.Code != transfer.SubmitResultAccepted || r.TaskID == "" || r.SubmissionID == "" || r.TaskLink.Rel != "related" {
			t.Errorf("%+v", r)
		}
	})
	t.Run("successful transfers marker", func(t *testing.T) {
		var r transferapi.SuccessfulTransfers
		decode(t, "transfer__endpoint_manager_task_successful_transfers__default.json", &r)
		if r.NextMarker == 0 || len(r.DATA) == 0 || r.DATA[0].SourcePath == "" {
			t.Errorf("%+v", r)
		}
	})
	t.Run("file list", func(t *testing.T) {
		var fl transferapi.FileList
		decode(t, "docs2017_transfer_file_list.json", &fl)
		if len(fl.DATA) == 0 || fl.DATA[0].Name == "" || fl.DATA[0].LastModified.IsZero() {
			t.Errorf("%+v", fl)
		}
	})
	t.Run("submission id", func(t *testing.T) {
		var s transferapi.SubmissionID
		decode(t, "transfer__get_submission_id__default.json", &s)
		if s.Value == "" {
			t.Error("empty submission id")
		}
	})
}
