package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/transfer"
)

// pagedServer serves `total` numbered items through one paging style and
// counts the requests.
type pagedServer struct {
	total    int
	pageSize int // for styles where the server picks the page size
	requests counter
	// failPage, when > 0, answers the request for that page (1-based) with
	// a 404.
	failPage int
	// stallPage, when > 0, makes that page return the cursor it was asked
	// for instead of the next one.
	stallPage int
	// stringNumbers sends offset, limit and total as JSON strings, as old
	// responses do.
	stringNumbers bool
}

func (s *pagedServer) num(n int) string {
	if s.stringNumbers {
		return strconv.Quote(strconv.Itoa(n))
	}
	return strconv.Itoa(n)
}

func taskItem(i int) string {
	return fmt.Sprintf(`{"DATA_TYPE":"task","task_id":"task-%03d","status":"SUCCEEDED","type":"TRANSFER"}`, i)
}

func eventItem(i int) string {
	return fmt.Sprintf(`{"DATA_TYPE":"event","code":"EVENT-%03d","is_error":false,"time":"2024-02-01 10:00:00+00:00"}`, i)
}

func fileItem(i int) string {
	return fmt.Sprintf(`{"DATA_TYPE":"file","name":"f-%03d","type":"file","size":%d}`, i, i)
}

func endpointItem(i int) string {
	return fmt.Sprintf(`{"DATA_TYPE":"endpoint","id":"ep-%03d","display_name":"Endpoint %d"}`, i, i)
}

func pathItem(kind string) func(int) string {
	return func(i int) string {
		return fmt.Sprintf(`{"DATA_TYPE":%q,"source_path":"/src/%03d","destination_path":"/dst/%03d"}`, kind, i, i)
	}
}

func join(from, to int, item func(int) string) string {
	parts := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		parts = append(parts, item(i))
	}
	return strings.Join(parts, ",")
}

func (s *pagedServer) fail(w http.ResponseWriter, page int) bool {
	if s.failPage > 0 && page == s.failPage {
		writeJSON(w, http.StatusNotFound, `{"code":"ClientError.NotFound","message":"gone","request_id":"nf1","resource":"/x"}`)
		return true
	}
	return false
}

// offsetTotal serves task_list-like listings.
func (s *pagedServer) offsetTotal(dataType string, item func(int) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.add("page")
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if s.fail(w, n) {
			return
		}
		end := min(offset+limit, s.total)
		if s.stallPage == n {
			end = offset // an empty page that does not advance
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":%q,"offset":%s,"limit":%s,"total":%s,"length":%d,"DATA":[%s]}`,
			dataType, s.num(offset), s.num(limit), s.num(s.total), max(end-offset, 0), join(offset, end, item)))
	}
}

// hasNext serves endpoint_search.
func (s *pagedServer) hasNext(w http.ResponseWriter, r *http.Request) {
	n := s.requests.add("page")
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	if s.fail(w, n) {
		return
	}
	end := min(offset+limit, s.total)
	if s.stallPage == n {
		end = offset
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"endpoint_list","offset":%d,"limit":%d,"has_next_page":%t,"DATA":[%s]}`,
		offset, limit, end < s.total || s.stallPage == n, join(offset, end, endpointItem)))
}

// marker serves successful_transfers and skipped_errors.
func (s *pagedServer) marker(dataType string, item func(int) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.add("page")
		start := 0
		if m := r.URL.Query().Get("marker"); m != "" {
			start, _ = strconv.Atoi(m)
			start -= 1000 // markers are opaque; these are offsets plus 1000
		}
		if s.fail(w, n) {
			return
		}
		end := min(start+s.pageSize, s.total)
		next := "null"
		if end < s.total {
			next = strconv.Itoa(end + 1000)
		}
		if s.stallPage == n {
			next = strconv.Itoa(start + 1000)
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":%q,"marker":%d,"next_marker":%s,"DATA":[%s]}`,
			dataType, start+1000, next, join(start, end, item)))
	}
}

// lastKey serves endpoint_manager_task_list.
func (s *pagedServer) lastKey(w http.ResponseWriter, r *http.Request) {
	n := s.requests.add("page")
	start := 0
	if k := r.URL.Query().Get("last_key"); k != "" {
		start, _ = strconv.Atoi(strings.TrimPrefix(k, "key-"))
	}
	if s.fail(w, n) {
		return
	}
	end := min(start+s.pageSize, s.total)
	key := fmt.Sprintf("key-%d", end)
	if s.stallPage == n {
		key = fmt.Sprintf("key-%d", start)
		if start == 0 {
			key = "" // the first request carried no key
		}
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"task_list","has_next_page":%t,"last_key":%q,"DATA":[%s]}`,
		end < s.total, key, join(start, end, taskItem)))
}

// nextToken serves get_shared_endpoint_list.
func (s *pagedServer) nextToken(w http.ResponseWriter, r *http.Request) {
	n := s.requests.add("page")
	start := 0
	if tok := r.URL.Query().Get("next_token"); tok != "" {
		start, _ = strconv.Atoi(strings.TrimPrefix(tok, "tok-"))
	}
	if s.fail(w, n) {
		return
	}
	end := min(start+s.pageSize, s.total)
	tok := "null"
	if end < s.total {
		tok = fmt.Sprintf(`"tok-%d"`, end)
	}
	if s.stallPage == n {
		tok = fmt.Sprintf(`"tok-%d"`, start)
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"shared_endpoint_list","next_token":%s,"shared_endpoints":[%s]}`,
		tok, join(start, end, endpointItem)))
}

// style describes one iterator under test.
type style struct {
	name  string
	path  string
	serve func(*pagedServer) http.HandlerFunc
	// iterate returns the iterator with a page size of 10 where the
	// client chooses it, and the identifiers of the items.
	iterate func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error]
	// id is the identifier of item i.
	id func(i int) string
}

// ids maps an iterator of documents to their identifiers.
func ids[T any](seq iter.Seq2[T, error], id func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if err != nil {
				yield("", err)
				return
			}
			if !yield(id(v), nil) {
				return
			}
		}
	}
}

func styles() []style {
	ten := 10
	taskIDOf := func(t transferapi.Task) string { return t.TaskID }
	eventCode := func(e transferapi.Event) string { return e.Code }
	endpointID := func(e transferapi.Endpoint) string { return e.ID }
	srcPath := func(s transferapi.SuccessfulTransfer) string { return s.SourcePath }
	skipPath := func(s transferapi.SkippedError) string { return s.SourcePath }
	taskFmt := func(i int) string { return fmt.Sprintf("task-%03d", i) }
	eventFmt := func(i int) string { return fmt.Sprintf("EVENT-%03d", i) }
	epFmt := func(i int) string { return fmt.Sprintf("ep-%03d", i) }
	pathFmt := func(i int) string { return fmt.Sprintf("/src/%03d", i) }
	return []style{
		{"operationLs", "GET /v0.10/operation/endpoint/{endpoint_id}/ls",
			func(s *pagedServer) http.HandlerFunc { return s.offsetTotal("file_list", fileItem) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.Ls(ctx, hostEPID, &transferapi.OperationLsParams{Limit: ten}), func(f transferapi.FileDocument) string { return f.Name })
			}, func(i int) string { return fmt.Sprintf("f-%03d", i) }},
		{"taskList", "GET /v0.10/task_list",
			func(s *pagedServer) http.HandlerFunc { return s.offsetTotal("task_list", taskItem) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.Tasks(ctx, &transferapi.TaskListParams{Limit: ten}), taskIDOf)
			}, taskFmt},
		{"taskEventList", "GET /v0.10/task/{task_id}/event_list",
			func(s *pagedServer) http.HandlerFunc { return s.offsetTotal("event_list", eventItem) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.TaskEvents(ctx, taskID, &transferapi.TaskEventListParams{Limit: ten}), eventCode)
			}, eventFmt},
		{"endpointManagerTaskEventList", "GET /v0.10/endpoint_manager/task/{task_id}/event_list",
			func(s *pagedServer) http.HandlerFunc { return s.offsetTotal("event_list", eventItem) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.EndpointManagerTaskEvents(ctx, taskID, &transferapi.EndpointManagerTaskEventListParams{Limit: ten}), eventCode)
			}, eventFmt},
		{"endpointSearch", "GET /v0.10/endpoint_search",
			func(s *pagedServer) http.HandlerFunc { return s.hasNext },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.SearchEndpoints(ctx, &transferapi.EndpointSearchParams{Limit: ten}), endpointID)
			}, epFmt},
		{"taskSuccessfulTransfers", "GET /v0.10/task/{task_id}/successful_transfers",
			func(s *pagedServer) http.HandlerFunc {
				return s.marker("successful_transfers", pathItem("successful_transfer"))
			},
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.SuccessfulTransfers(ctx, taskID, nil), srcPath)
			}, pathFmt},
		{"taskSkippedErrors", "GET /v0.10/task/{task_id}/skipped_errors",
			func(s *pagedServer) http.HandlerFunc { return s.marker("skipped_errors", pathItem("skipped_error")) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.SkippedErrors(ctx, taskID, nil), skipPath)
			}, pathFmt},
		{"endpointManagerTaskSuccessfulTransfers", "GET /v0.10/endpoint_manager/task/{task_id}/successful_transfers",
			func(s *pagedServer) http.HandlerFunc {
				return s.marker("successful_transfers", pathItem("successful_transfer"))
			},
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.EndpointManagerSuccessfulTransfers(ctx, taskID, nil), srcPath)
			}, pathFmt},
		{"endpointManagerTaskSkippedErrors", "GET /v0.10/endpoint_manager/task/{task_id}/skipped_errors",
			func(s *pagedServer) http.HandlerFunc { return s.marker("skipped_errors", pathItem("skipped_error")) },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.EndpointManagerSkippedErrors(ctx, taskID, nil), skipPath)
			}, pathFmt},
		{"endpointManagerTaskList", "GET /v0.10/endpoint_manager/task_list",
			func(s *pagedServer) http.HandlerFunc { return s.lastKey },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.EndpointManagerTasks(ctx, nil), taskIDOf)
			}, taskFmt},
		{"getSharedEndpointList", "GET /v0.10/endpoint/{endpoint_id}/shared_endpoint_list",
			func(s *pagedServer) http.HandlerFunc { return s.nextToken },
			func(ctx context.Context, c *transfer.Client) iter.Seq2[string, error] {
				return ids(c.SharedEndpoints(ctx, hostEPID, nil), endpointID)
			}, epFmt},
	}
}

func startPaged(t *testing.T, st style, s *pagedServer) *transfer.Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(st.path, st.serve(s))
	c, _ := newServer(t, mux)
	return c
}

func TestPagingAllStyles(t *testing.T) {
	for _, st := range styles() {
		t.Run(st.name, func(t *testing.T) {
			ctx := testContext(t)

			// The whole listing: 95 items in pages of 10.
			s := &pagedServer{total: 95, pageSize: 10, stringNumbers: st.name == "taskEventList"}
			c := startPaged(t, st, s)
			i := 0
			for id, err := range st.iterate(ctx, c) {
				if err != nil {
					t.Fatalf("item %d: %v", i, err)
				}
				if want := st.id(i); id != want {
					t.Fatalf("item %d = %q, want %q", i, id, want)
				}
				i++
			}
			if i != 95 {
				t.Errorf("got %d items, want 95", i)
			}
			if got := s.requests.get("page"); got != 10 {
				t.Errorf("%d requests for 95 items in pages of 10, want 10", got)
			}

			// Breaking out early: 25 items need 3 pages and no more.
			s2 := &pagedServer{total: 95, pageSize: 10}
			c2 := startPaged(t, st, s2)
			i = 0
			for _, err := range st.iterate(ctx, c2) {
				if err != nil {
					t.Fatal(err)
				}
				i++
				if i == 25 {
					break
				}
			}
			if got := s2.requests.get("page"); got != 3 {
				t.Errorf("%d requests after breaking at item 25, want 3", got)
			}

			// An error on page 3 comes once, after the 20 items before it.
			s3 := &pagedServer{total: 95, pageSize: 10, failPage: 3}
			c3 := startPaged(t, st, s3)
			i = 0
			var errs []error
			for _, err := range st.iterate(ctx, c3) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				i++
			}
			if i != 20 || len(errs) != 1 {
				t.Fatalf("got %d items and %d errors, want 20 and 1", i, len(errs))
			}
			var apiErr *globus.APIError
			if !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusNotFound {
				t.Errorf("error = %v, want the 404 as a *globus.APIError", errs[0])
			}
			if got := s3.requests.get("page"); got != 3 {
				t.Errorf("%d requests, want 3", got)
			}

			// A server that hands back the cursor it was given.
			s4 := &pagedServer{total: 95, pageSize: 10, stallPage: 2}
			c4 := startPaged(t, st, s4)
			errs = nil
			for _, err := range st.iterate(ctx, c4) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			var stalled *transfer.PagingStalledError
			if len(errs) != 1 || !errors.As(errs[0], &stalled) {
				t.Fatalf("errors = %v, want one *PagingStalledError", errs)
			}
			if stalled.Operation != st.name {
				t.Errorf("Operation = %q, want %q", stalled.Operation, st.name)
			}
			if got := s4.requests.get("page"); got != 2 {
				t.Errorf("%d requests, want 2", got)
			}
		})
	}
}

func TestOffsetPagingStopsAtTheServiceLimit(t *testing.T) {
	s := &pagedServer{total: 5000}
	mux := http.NewServeMux()
	var limits []string
	inner := s.offsetTotal("task_list", taskItem)
	mux.HandleFunc("GET /v0.10/task_list", func(w http.ResponseWriter, r *http.Request) {
		limits = append(limits, r.URL.Query().Get("offset")+"+"+r.URL.Query().Get("limit"))
		inner(w, r)
	})
	c, _ := newServer(t, mux)
	size := 300
	n := 0
	for _, err := range c.Tasks(testContext(t), &transferapi.TaskListParams{Limit: size}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != transfer.MaxOffsetResults {
		t.Errorf("got %d tasks, want %d", n, transfer.MaxOffsetResults)
	}
	// The first page's offset, 0, is not sent.
	if got := strings.Join(limits, " "); got != "+300 300+300 600+300 900+100" {
		t.Errorf("requests %s", got)
	}
}

func TestPagingKeepsCallerParams(t *testing.T) {
	s := &pagedServer{total: 30}
	mux := http.NewServeMux()
	inner := s.offsetTotal("task_list", taskItem)
	var filters []string
	mux.HandleFunc("GET /v0.10/task_list", func(w http.ResponseWriter, r *http.Request) {
		filters = append(filters, r.URL.Query().Get("filter"))
		inner(w, r)
	})
	c, _ := newServer(t, mux)
	params := &transferapi.TaskListParams{Limit: 10, Filter: "status:SUCCEEDED"}
	n := 0
	for _, err := range c.Tasks(testContext(t), params) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 30 || strings.Join(filters, ",") != "status:SUCCEEDED,status:SUCCEEDED,status:SUCCEEDED" {
		t.Errorf("%d tasks, filters %v", n, filters)
	}
	if params.Offset != 0 || params.Limit != 10 || params.Filter != "status:SUCCEEDED" {
		t.Errorf("the caller's params were changed: %+v", params)
	}
}

func TestPagingStopsOnCanceledContext(t *testing.T) {
	s := &pagedServer{total: 50, pageSize: 10}
	st := styles()[0]
	c := startPaged(t, st, s)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	n := 0
	var last error
	for _, err := range st.iterate(ctx, c) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || n != 10 {
		t.Errorf("got %d items then %v, want 10 then context.Canceled", n, last)
	}
	if got := s.requests.get("page"); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}
