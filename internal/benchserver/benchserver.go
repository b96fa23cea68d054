// Package benchserver holds the loopback servers and canned bodies that the
// SDK's benchmarks share. It is used only by tests and benchmarks.
//
// Bodies are encoded once, before any timing starts, and served from
// memory, so that the server adds as little work and garbage as possible
// to what a benchmark measures.
package benchserver

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// EndpointID is the endpoint that the listing servers pretend to list.
const EndpointID = "0f1e2d3c-0000-4000-8000-000000000001"

// TaskID is the task whose records the paging servers serve.
const TaskID = "11111111-2222-4333-8444-555555555555"

// FileListBody returns an ls answer with n entries, shaped like the ones
// Transfer sends: a mix of files, directories and symlinks, Globus-style
// timestamps, and the paging fields of a listing.
func FileListBody(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"DATA_TYPE":"file_list","path":"/~/bench/","absolute_path":"/home/bench/","endpoint":%q,`+
		`"rename_supported":true,"symlink_supported":true,"length":%d,"total":%d,"DATA":[`, EndpointID, n, n)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		typ, link := "file", "null"
		switch i % 10 {
		case 0:
			typ = "dir"
		case 9:
			link = strconv.Quote("/data/target-" + strconv.Itoa(i))
		}
		fmt.Fprintf(&b, `{"DATA_TYPE":"file","name":"file-%06d.dat","type":%q,"link_target":%s,"user":"bench",`+
			`"group":"users","permissions":"0644","last_modified":"2024-%02d-%02d %02d:%02d:%02d+00:00","size":%d}`,
			i, typ, link, 1+i%12, 1+i%28, i%24, i%60, (i*7)%60, 1024*(i+1))
	}
	b.WriteString("]}")
	return b.Bytes()
}

// NewLs starts a loopback server that answers every request with body as
// JSON. Close it when done.
func NewLs(body []byte) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
}

// Pages serves a marker-paged listing of successful transfers: pages
// pages of perPage records each, next_marker 1, 2, ... and none on the last
// page. The records are encoded once and reused for every page.
type Pages struct {
	*httptest.Server
	// Requests counts the pages served.
	Requests atomic.Int64
	items    []byte
	pages    int
}

// NewPages starts a Pages server. Close it when done.
func NewPages(pages, perPage int) *Pages {
	var b bytes.Buffer
	for i := range perPage {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"DATA_TYPE":"successful_transfer","source_path":"/source/dir-%03d/file-%06d.dat",`+
			`"destination_path":"/destination/dir-%03d/file-%06d.dat"}`, i%100, i, i%100, i)
	}
	p := &Pages{items: b.Bytes(), pages: pages}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// PageBody returns the body of page k (from 0), as served.
func (p *Pages) PageBody(k int) []byte {
	var b bytes.Buffer
	p.write(&b, k)
	return b.Bytes()
}

func (p *Pages) write(w interface{ Write([]byte) (int, error) }, k int) {
	_, _ = w.Write([]byte(`{"DATA_TYPE":"successful_transfers","marker":` + strconv.Itoa(k) + `,"DATA":[`))
	_, _ = w.Write(p.items)
	if k+1 < p.pages {
		_, _ = w.Write([]byte(`],"next_marker":` + strconv.Itoa(k+1) + `}`))
	} else {
		_, _ = w.Write([]byte(`],"next_marker":null}`))
	}
}

func (p *Pages) serve(w http.ResponseWriter, r *http.Request) {
	p.Requests.Add(1)
	k := 0
	if m := r.URL.Query().Get("marker"); m != "" {
		var err error
		if k, err = strconv.Atoi(m); err != nil || k < 0 || k >= p.pages {
			http.Error(w, `{"code":"BadRequest","message":"bad marker"}`, http.StatusBadRequest)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	p.write(w, k)
}

// TokenEndpoint is a Globus Auth token endpoint that takes Delay to answer
// each request and counts them.
type TokenEndpoint struct {
	*httptest.Server
	// Requests counts the token requests received.
	Requests atomic.Int64
	// Delay is how long each answer takes.
	Delay time.Duration
}

// NewTokenEndpoint starts a token endpoint whose answers take delay. Every
// answer carries a new access token, valid for two days, and a refresh
// token. Close it when done.
func NewTokenEndpoint(delay time.Duration) *TokenEndpoint {
	t := &TokenEndpoint{Delay: delay}
	t.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/oauth2/token" {
			http.NotFound(w, r)
			return
		}
		n := t.Requests.Add(1)
		time.Sleep(t.Delay)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"bench-access-%d","expires_in":172800,"resource_server":"transfer.api.globus.org",`+
			`"scope":"urn:globus:auth:scope:transfer.api.globus.org:all","token_type":"Bearer","refresh_token":"bench-refresh"}`, n)
	}))
	return t
}

// EventPages serves an offset-paged task event list of Total events, each
// page as long as the limit asked for. The events are encoded once.
type EventPages struct {
	*httptest.Server
	// Requests counts the pages served.
	Requests atomic.Int64
	// Total is the number of events in the list.
	Total int
	event []byte
}

// NewEventPages starts an EventPages server of total events. Close it when
// done.
func NewEventPages(total int) *EventPages {
	e := &EventPages{Total: total, event: []byte(`{"DATA_TYPE":"event","code":"PROGRESS","is_error":false,` +
		`"description":"progress update","details":"bytes=1048576 mbps=812.3 files=12","time":"2024-03-01 10:11:12+00:00",` +
		`"parent_task_id":"` + TaskID + `"}`)}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	return e
}

func (e *EventPages) serve(w http.ResponseWriter, r *http.Request) {
	e.Requests.Add(1)
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 10
	}
	n := max(0, min(limit, e.Total-offset))
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"DATA_TYPE":"event_list","offset":` + strconv.Itoa(offset) + `,"limit":` + strconv.Itoa(limit) +
		`,"total":` + strconv.Itoa(e.Total) + `,"length":` + strconv.Itoa(n) + `,"DATA":[`))
	for i := range n {
		if i > 0 {
			_, _ = w.Write([]byte{','})
		}
		_, _ = w.Write(e.event)
	}
	_, _ = w.Write([]byte(`]}`))
}

// TaskBody returns a get_task answer for TaskID shaped like a finished
// transfer task of Globus: every field the service sends, nulls where it
// sends them, and Globus-style timestamps.
func TaskBody() []byte {
	return []byte(`{"DATA_TYPE":"task","task_id":"` + TaskID + `","type":"TRANSFER","status":"SUCCEEDED",` +
		`"label":"nightly copy","username":"u_bench","owner_id":"4f1c0c3e-0000-4000-8000-000000000002",` +
		`"owner_string":"bench@example.org","request_time":"2024-05-01 02:00:01+00:00",` +
		`"completion_time":"2024-05-01 02:17:45+00:00","deadline":"2024-05-02 02:00:01+00:00","command":"API 0.10",` +
		`"source_endpoint":"bench#src","source_endpoint_id":"` + EndpointID + `","source_endpoint_display_name":"Bench source",` +
		`"destination_endpoint":"bench#dst","destination_endpoint_id":"0f1e2d3c-0000-4000-8000-000000000003",` +
		`"destination_endpoint_display_name":"Bench destination","source_host_endpoint":null,"source_host_endpoint_id":null,` +
		`"source_host_endpoint_display_name":null,"source_host_path":null,"destination_host_endpoint":null,` +
		`"destination_host_endpoint_id":null,"destination_host_endpoint_display_name":null,"destination_host_path":null,` +
		`"source_mapped_collection_id":null,"source_mapped_collection_display_name":null,` +
		`"destination_mapped_collection_id":null,"destination_mapped_collection_display_name":null,` +
		`"source_base_path":null,"destination_base_path":null,"source_local_user":null,"source_local_user_status":null,` +
		`"destination_local_user":null,"destination_local_user_status":null,"sync_level":3,"encrypt_data":true,` +
		`"verify_checksum":true,"delete_destination_extra":false,"recursive_symlinks":"ignore","preserve_timestamp":true,` +
		`"skip_source_errors":false,"fail_on_quota_errors":false,"filter_rules":null,"history_deleted":false,"faults":2,` +
		`"files":1840,"directories":12,"symlinks":0,"files_skipped":3,"files_transferred":1837,"subtasks_total":1855,` +
		`"subtasks_pending":0,"subtasks_retrying":0,"subtasks_succeeded":1852,"subtasks_expired":0,"subtasks_canceled":0,` +
		`"subtasks_failed":0,"subtasks_skipped_errors":3,"bytes_transferred":193273528320,"bytes_checksummed":193273528320,` +
		`"effective_bytes_per_second":181561984,"nice_status":null,"nice_status_details":null,` +
		`"nice_status_short_description":null,"nice_status_expires_in":null,"canceled_by_admin":null,` +
		`"canceled_by_admin_message":null,"is_paused":false,"is_ok":null,"fatal_error":null}`)
}

// TaskListPages returns the pages of an endpoint-manager task list of
// total tasks, perPage a page, as the service pages it: last_key names
// the next page and has_next_page says whether there is one. The tasks
// are TaskBody with ids of their own.
func TaskListPages(total, perPage int) [][]byte {
	task := TaskBody()
	var pages [][]byte
	for start := 0; start < total; start += perPage {
		end := min(start+perPage, total)
		var b bytes.Buffer
		b.WriteString(`{"DATA_TYPE":"task_list","DATA":[`)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteByte(',')
			}
			id := fmt.Sprintf("11111111-2222-4333-8444-%012d", i)
			b.Write(bytes.Replace(task, []byte(TaskID), []byte(id), 1))
		}
		more := end < total
		fmt.Fprintf(&b, `],"has_next_page":%t,"last_key":%q,"limit":%d}`, more, map[bool]string{true: "page-" + strconv.Itoa(len(pages)+1)}[more], perPage)
		pages = append(pages, b.Bytes())
	}
	return pages
}

// NewComparison returns the handler of the server that the SDK
// comparison (internal/benchserver/compare) runs against: a directory of
// lsEntries entries at any ls path, an endpoint-manager task list of
// tasks tasks in pages of 1000 following last_key, and the submission id
// and transfer submission that a submission needs. It checks no token.
func NewComparison(lsEntries, tasks int) http.Handler {
	ls := FileListBody(lsEntries)
	pages := TaskListPages(tasks, 1000)
	mux := http.NewServeMux()
	writeJSON := func(w http.ResponseWriter, status int, body []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	mux.HandleFunc("GET /v0.10/operation/endpoint/{id}/ls", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, ls)
	})
	mux.HandleFunc("GET /v0.10/endpoint_manager/task_list", func(w http.ResponseWriter, r *http.Request) {
		k := 0
		if key := r.URL.Query().Get("last_key"); key != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(key, "page-"))
			if err != nil || n <= 0 || n >= len(pages) {
				writeJSON(w, http.StatusBadRequest, []byte(`{"code":"BadRequest","message":"bad last_key"}`))
				return
			}
			k = n
		}
		writeJSON(w, http.StatusOK, pages[k])
	})
	mux.HandleFunc("GET /v0.10/submission_id", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"DATA_TYPE":"submission_id","value":"`+TaskID+`"}`))
	})
	mux.HandleFunc("POST /v0.10/transfer", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, http.StatusAccepted, []byte(`{"DATA_TYPE":"transfer_result","code":"Accepted","message":"ok",`+
			`"request_id":"bench","resource":"/transfer","submission_id":"`+TaskID+`","task_id":"`+TaskID+`"}`))
	})
	return mux
}
