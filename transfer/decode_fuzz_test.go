package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/fixtureseeds"
	"github.com/globus-go/globus/internal/httpx"
)

// Hand-written bodies in the shapes Transfer sends; identifiers are made up.
const (
	seedFileList = `{"DATA_TYPE":"file_list","path":"/~/data/","absolute_path":"/home/u/data/",
		"endpoint":"0f1e2d3c-0000-4000-8000-000000000001","rename_supported":true,"symlink_supported":false,
		"length":2,"limit":"100","offset":0,"total":"2","DATA":[
		{"DATA_TYPE":"file","name":"a.txt","type":"file","size":12,"user":"u","group":"g","permissions":"0644",
		 "last_modified":"2024-03-01 10:11:12+00:00","link_target":null},
		{"DATA_TYPE":"file","name":"ln","type":"invalid_symlink","size":0,"link_target":"/gone",
		 "last_modified":"2024-03-01T10:11:12.5Z","link_size":5,"link_last_modified":"2024-03-01 10:11:12"}]}`
	seedTask = `{"DATA_TYPE":"task","task_id":"11111111-2222-4333-8444-555555555555","type":"TRANSFER",
		"status":"ACTIVE","label":"nightly","request_time":"2024-03-01 10:11:12+00:00","completion_time":null,
		"deadline":"2024-03-02 10:11:12+00:00","bytes_transferred":1048576,"files":3,"subtasks_total":"4",
		"fatal_error":null,"is_paused":false,"nice_status":"OK"}`
	seedTaskList = `{"DATA_TYPE":"task_list","length":1,"limit":10,"offset":"0","total":1,"DATA":[` + seedTask + `]}`
	seedEvents   = `{"DATA_TYPE":"event_list","length":2,"limit":"10","offset":"0","total":"2","DATA":[
		{"DATA_TYPE":"event","code":"SUCCEEDED","description":"done","details":"bytes=3 mbps=0.1",
		 "is_error":false,"time":"2011-05-12 18:49:25"},
		{"DATA_TYPE":"event","code":"PERMISSION_DENIED","is_error":true,"time":"2011-05-12T18:49:25+02:00"}]}`
)

// transferSeeds returns the recorded Transfer bodies, when the shared
// reference data is present.
func transferSeeds() [][]byte {
	return fixtureseeds.Bodies(func(c fixtureseeds.Case) bool { return c.Service == "transfer" })
}

// jsonResponse is a status-200 JSON answer carrying body, as the generated
// Parse functions receive it from the HTTP layer.
func jsonResponse(body []byte) *http.Response {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}
}

// checkStable asserts that doc, decoded from some body, encodes to JSON that
// decodes to a document with the same encoding, up to members that are null
// in one and absent in the other: nothing the decoder accepted is lost or
// changed by a second pass. (An empty timestamp string decodes to a
// non-nil zero Timestamp, which encodes as null and then decodes to nil;
// both mean "no time".)
func checkStable[T any](t *testing.T, doc *T) {
	t.Helper()
	first, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("a decoded document does not encode: %v", err)
	}
	var again T
	if err := json.Unmarshal(first, &again); err != nil {
		t.Fatalf("the encoding %s does not decode: %v", first, err)
	}
	second, err := json.Marshal(&again)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := withoutNulls(t, first), withoutNulls(t, second); !reflect.DeepEqual(a, b) {
		t.Fatalf("encoding is not stable:\n%s\n%s", first, second)
	}
}

// withoutNulls decodes b generically and drops every object member whose
// value is null.
func withoutNulls(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var strip func(any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if e == nil {
					delete(x, k)
				} else {
					x[k] = strip(e)
				}
			}
		case []any:
			for i, e := range x {
				x[i] = strip(e)
			}
		}
		return v
	}
	return strip(v)
}

// decodeAs decodes body as the client does, with httpx.Decode. An error
// must be a *globus.ResponseError naming op.
func decodeAs[T any](t *testing.T, op string, body []byte) (*T, error) {
	t.Helper()
	_, call := httpx.Start(context.Background(), op)
	doc, err := httpx.Decode[T](call, jsonResponse(body), nil)
	if err != nil {
		var re *globus.ResponseError
		if !errors.As(err, &re) || re.Operation != op {
			t.Fatalf("%s: got %T %v; want a *globus.ResponseError", op, err, err)
		}
	}
	return doc, err
}

// FuzzOperationLsResponse decodes arbitrary ls answers with the generated
// ParseOperationLsResponse. It must never panic; a decoded file list must
// be stable under encode and decode, keep its number of entries, and decode
// its paging numbers whether sent as numbers or strings.
func FuzzOperationLsResponse(f *testing.F) {
	for _, s := range []string{seedFileList, `{"DATA":[]}`, `{"DATA":null,"total":null}`, `{"DATA":[{}]}`,
		`{"limit":"x"}`, `{"DATA":[{"last_modified":"yesterday"}]}`, `{"DATA":[{"size":"12"}]}`, `[]`, `null`, `{`} {
		f.Add([]byte(s))
	}
	for _, b := range transferSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := decodeAs[transferapi.FileList](t, "operationLs", body)
		if err != nil {
			return
		}
		checkStable(t, doc)
		var generic struct {
			DATA []json.RawMessage `json:"DATA"`
		}
		if json.Unmarshal(body, &generic) == nil && doc.DATA != nil && len(doc.DATA) != len(generic.DATA) {
			t.Fatalf("%d entries decoded from %d", len(doc.DATA), len(generic.DATA))
		}
	})
}

// FuzzTaskResponses decodes arbitrary answers of the task operations
// (getTask, taskList, taskEventList) with the generated Parse functions.
// None may panic, and every decoded document must be stable under encode
// and decode.
func FuzzTaskResponses(f *testing.F) {
	for _, s := range []string{seedTask, seedTaskList, seedEvents, `{"DATA":[{"time":null}]}`, `{"status":7}`,
		`{"request_time":"2024-02-30 00:00:00"}`, `{"total":"1e2"}`, `{"DATA":[null]}`, `{}`} {
		for op := range uint8(3) {
			f.Add(op, []byte(s))
		}
	}
	for _, b := range transferSeeds() {
		for op := range uint8(3) {
			f.Add(op, b)
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		var doc any
		switch op % 3 {
		case 0:
			d, err := decodeAs[transferapi.Task](t, "getTask", body)
			if err != nil {
				return
			}
			checkStable(t, d)
			doc = d
		case 1:
			d, err := decodeAs[transferapi.TaskList](t, "taskList", body)
			if err != nil {
				return
			}
			checkStable(t, d)
			doc = d
		case 2:
			d, err := decodeAs[transferapi.EventList](t, "taskEventList", body)
			if err != nil {
				return
			}
			checkStable(t, d)
			doc = d
		}
		if reflect.ValueOf(doc).IsNil() {
			t.Fatal("a JSON answer with status 200 decoded to nil")
		}
	})
}
