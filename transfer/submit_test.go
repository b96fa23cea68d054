package transfer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/transfer"
)

// fakeSubmissions plays the submission side of Transfer: it hands out
// submission ids and creates at most one task per submission id, answering
// a repeated id with "Duplicate" and the first task's id, as the service
// does.
type fakeSubmissions struct {
	mu          sync.Mutex
	nextID      int
	tasks       map[string]string // submission id -> task id
	posts       []string          // submission ids of every POST, in order
	idRequests  int
	failFirstBy int // answer the first POST with this status after recording it
}

func (f *fakeSubmissions) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v0.10/submission_id", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.nextID++
		f.idRequests++
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", f.nextID)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, `{"DATA_TYPE":"submission_id","value":"`+id+`"}`)
	})
	submit := func(kind string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var doc struct {
				SubmissionID string `json:"submission_id"`
			}
			body, _ := io.ReadAll(r.Body)
			if err := json.Unmarshal(body, &doc); err != nil || doc.SubmissionID == "" {
				writeJSON(w, http.StatusBadRequest, `{"code":"ClientError.BadRequest","message":"no submission_id","request_id":"b1","resource":"/`+kind+`"}`)
				return
			}
			f.mu.Lock()
			if f.tasks == nil {
				f.tasks = map[string]string{}
			}
			f.posts = append(f.posts, doc.SubmissionID)
			first := len(f.posts) == 1
			taskID, dup := f.tasks[doc.SubmissionID]
			if !dup {
				taskID = fmt.Sprintf("11111111-0000-4000-8000-%012d", len(f.tasks)+1)
				f.tasks[doc.SubmissionID] = taskID
			}
			fail := f.failFirstBy
			f.mu.Unlock()

			if first && fail != 0 {
				// The task exists now, but the client never learns it.
				writeJSON(w, fail, `{"code":"ServiceUnavailable","message":"try again","request_id":"su1","resource":"/`+kind+`"}`)
				return
			}
			code, status := "Accepted", http.StatusAccepted
			if dup {
				code, status = "Duplicate", http.StatusOK
			}
			writeJSON(w, status, fmt.Sprintf(`{"DATA_TYPE":"%s_result","code":%q,"message":"ok","request_id":"r1","resource":"/%s","submission_id":%q,"task_id":%q}`,
				kind, code, kind, doc.SubmissionID, taskID))
		}
	}
	mux.HandleFunc("POST /v0.10/transfer", submit("transfer"))
	mux.HandleFunc("POST /v0.10/delete", submit("delete"))
	return mux
}

func TestSubmitTransferRetryCreatesOneTask(t *testing.T) {
	f := &fakeSubmissions{failFirstBy: http.StatusServiceUnavailable}
	c, _ := newServer(t, f.handler())
	data := transferDataForTest()

	res, err := c.SubmitTransfer(testContext(t), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.tasks) != 1 {
		t.Fatalf("%d tasks created, want exactly 1", len(f.tasks))
	}
	if len(f.posts) != 2 || f.posts[0] != f.posts[1] {
		t.Fatalf("POSTs carried submission ids %v, want the same id twice", f.posts)
	}
	if got, want := res.TaskID, f.tasks[f.posts[0]]; got != want {
		t.Errorf("task id = %q, want the original task %q", got, want)
	}
	if res.Code != transfer.SubmitResultDuplicate || res.SubmissionID != f.posts[0] {
		t.Errorf("code %q, submission id %q", res.Code, res.SubmissionID)
	}
	if data.SubmissionID() != "" {
		t.Errorf("the caller's data got submission id %q", data.SubmissionID())
	}
}

func TestSubmitTransferFetchesAFreshIDEachTime(t *testing.T) {
	f := &fakeSubmissions{}
	c, _ := newServer(t, f.handler())
	data := transferDataForTest()
	ctx := testContext(t)
	first, err := c.SubmitTransfer(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.SubmitTransfer(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if f.idRequests != 2 || len(f.tasks) != 2 || first.TaskID == second.TaskID {
		t.Errorf("%d id requests, %d tasks, task ids %q and %q", f.idRequests, len(f.tasks), first.TaskID, second.TaskID)
	}
	if first.Code != transfer.SubmitResultAccepted {
		t.Errorf("code = %q", first.Code)
	}
}

func TestSubmitWithCallerSubmissionID(t *testing.T) {
	f := &fakeSubmissions{}
	c, _ := newServer(t, f.handler())
	ctx := testContext(t)
	data := transferDataForTest().SetSubmissionID("22222222-0000-4000-8000-000000000001")
	a, err := c.SubmitTransfer(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.SubmitTransfer(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if f.idRequests != 0 {
		t.Errorf("%d submission ids fetched, want none", f.idRequests)
	}
	if len(f.tasks) != 1 || a.TaskID != b.TaskID || b.Code != transfer.SubmitResultDuplicate {
		t.Errorf("resubmitting made %d tasks (%q, %q, code %q)", len(f.tasks), a.TaskID, b.TaskID, b.Code)
	}
}

func TestSubmitDeleteRetryCreatesOneTask(t *testing.T) {
	f := &fakeSubmissions{failFirstBy: http.StatusBadGateway}
	c, _ := newServer(t, f.handler())
	data := deleteDataForTest()
	res, err := c.SubmitDelete(testContext(t), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.tasks) != 1 || len(f.posts) != 2 || f.posts[0] != f.posts[1] {
		t.Fatalf("tasks %v, posts %v", f.tasks, f.posts)
	}
	if res.TaskID != f.tasks[f.posts[0]] || data.SubmissionID() != "" {
		t.Errorf("task %q, caller's submission id %q", res.TaskID, data.SubmissionID())
	}
}

func TestSubmitInvalidDataSendsNothing(t *testing.T) {
	var requests atomic.Int32
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeJSON(w, http.StatusOK, `{"DATA_TYPE":"submission_id","value":"x"}`)
	}))
	ctx := testContext(t)
	var ve *transfer.ValidationError
	if _, err := c.SubmitTransfer(ctx, transfer.NewTransferData(epID, hostEPID)); !errors.As(err, &ve) {
		t.Errorf("transfer without items: %v", err)
	}
	if _, err := c.SubmitDelete(ctx, transfer.NewDeleteData(epID)); !errors.As(err, &ve) {
		t.Errorf("delete without paths: %v", err)
	}
	if _, err := c.SubmitTransfer(ctx, nil); !errors.As(err, &ve) {
		t.Errorf("nil transfer: %v", err)
	}
	if _, err := c.SubmitDelete(ctx, nil); !errors.As(err, &ve) {
		t.Errorf("nil delete: %v", err)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestSubmitErrorIsAPIError(t *testing.T) {
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, `{"DATA_TYPE":"submission_id","value":"s-1"}`)
			return
		}
		writeJSON(w, http.StatusBadRequest, `{"code":"ClientError.BadRequest.NoTransferItems","message":"A transfer requires at least one item","request_id":"oUAA6Sq2P","resource":"/v0.10/transfer"}`)
	}))
	_, err := c.SubmitTransfer(testContext(t), transferDataForTest())
	if !transfer.HasCode(err, transfer.CodeBadRequest) || transfer.HasCode(err, transfer.CodeNotFound) {
		t.Errorf("error %v does not match ClientError.BadRequest", err)
	}
	if e, ok := transfer.APIError(err); !ok || e.RequestID != "oUAA6Sq2P" || e.StatusCode != 400 {
		t.Errorf("APIError = %+v, %v", e, ok)
	}
}

// TestExternalErrorsAreNotRetried checks the Transfer retry rule: a 5xx
// whose code starts with ExternalError or EndpointError is final, while
// other 5xx answers are retried.
func TestExternalErrorsAreNotRetried(t *testing.T) {
	for _, tc := range []struct {
		code     string
		attempts int32
	}{
		{"ExternalError.DirListingFailed.GCDisconnected", 1},
		{"EndpointError", 1},
		{"ServiceUnavailable", 6},
	} {
		t.Run(tc.code, func(t *testing.T) {
			var n atomic.Int32
			c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				writeJSON(w, http.StatusServiceUnavailable, `{"code":"`+tc.code+`","message":"failed","request_id":"e1","resource":"/operation/endpoint/`+epID+`/ls"}`)
			}))
			_, err := c.OperationLs(testContext(t), epID, nil)
			var apiErr *globus.APIError
			if !errors.As(err, &apiErr) || apiErr.Code != tc.code {
				t.Fatalf("error = %v", err)
			}
			if got := n.Load(); got != tc.attempts {
				t.Errorf("%d attempts, want %d", got, tc.attempts)
			}
		})
	}
}

func TestSkipCodePrefixesCanBeOverridden(t *testing.T) {
	var n atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, http.StatusBadGateway, `{"code":"ExternalError.DirListingFailed","message":"failed","request_id":"e1","resource":"/x"}`)
	})
	policy := fastRetries
	policy.MaxRetries = 2
	policy.SkipCodePrefixes = []string{}
	c, _ := newServer(t, h, transfer.WithRetryPolicy(transfer.RetryPolicy(policy)))
	if _, err := c.OperationLs(testContext(t), epID, nil); !transfer.IsDirListingFailed(err) {
		t.Fatalf("error = %v", err)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("%d attempts, want 3", got)
	}
}

// renewingAuthorizer hands out "token-1", and "token-2" once asked to renew.
type renewingAuthorizer struct {
	mu      sync.Mutex
	token   string
	renewed int
}

func (a *renewingAuthorizer) SetAuthorizationHeader(ctx context.Context, h http.Header) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	h.Set("Authorization", "Bearer "+a.token)
	return nil
}

func (a *renewingAuthorizer) HandleMissingAuthorization(ctx context.Context, _ string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.renewed++
	a.token = "token-2"
	return true
}

func TestAuthorizerRenewsAfter401(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer token-2" {
			writeJSON(w, http.StatusUnauthorized, `{"code":"AuthenticationFailed","message":"Token is not active","request_id":"a1","resource":"/task/x"}`)
			return
		}
		writeJSON(w, http.StatusOK, taskDoc(taskID, "SUCCEEDED"))
	}), transfer.WithAuthorizer(&renewingAuthorizer{token: "token-1"}))
	task, err := c.GetTask(testContext(t), taskID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if task.Status != transfer.StatusSucceeded {
		t.Errorf("status = %q", task.Status)
	}
	if len(seen) != 2 || seen[0] != "Bearer token-1" || seen[1] != "Bearer token-2" {
		t.Errorf("Authorization headers %q", seen)
	}
}

// TestFullDocumentsMatchTheSpec submits documents that use every option
// through the spec-validating server.
func TestFullDocumentsMatchTheSpec(t *testing.T) {
	f := &fakeSubmissions{}
	c, _ := newServer(t, f.handler())
	ctx := testContext(t)
	if _, err := c.SubmitTransfer(ctx, everyFieldTransfer(time.Now().Add(time.Hour)).SetSubmissionID("")); err != nil {
		t.Fatal(err)
	}
	del := transfer.NewDeleteData(epID).SetLabel("cleanup").SetDeadline(time.Now().Add(time.Hour)).
		SetNotifyOnSucceeded(false).SetNotifyOnFailed(false).SetNotifyOnInactive(false).
		SetRecursive(true).SetIgnoreMissing(true).SetInterpretGlobs(true).SetLocalUser("alice").Add("/scratch/*.tmp")
	if _, err := c.SubmitDelete(ctx, del); err != nil {
		t.Fatal(err)
	}
	if len(f.tasks) != 2 {
		t.Errorf("%d tasks", len(f.tasks))
	}
}

func TestSubmitAnswerWithoutTaskID(t *testing.T) {
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, `{"DATA_TYPE":"submission_id","value":"s-1"}`)
			return
		}
		writeJSON(w, http.StatusAccepted, `{"DATA_TYPE":"transfer_result","code":"Accepted","message":"ok","request_id":"r","resource":"/transfer"}`)
	}))
	_, err := c.SubmitTransfer(testContext(t), transferDataForTest())
	var ue *globus.ResponseError
	if !errors.As(err, &ue) || ue.Operation != "submitTransfer" || ue.StatusCode != http.StatusAccepted {
		t.Errorf("err = %v", err)
	}
}

// TestSubmitTransferFailureNamesTheSubmissionID covers a submission whose
// every attempt is lost after the task was created: the error names the
// submission id, and submitting again with it finds the task instead of
// creating a second one.
func TestSubmitTransferFailureNamesTheSubmissionID(t *testing.T) {
	f := &fakeSubmissions{failFirstBy: http.StatusServiceUnavailable}
	c, _ := newServer(t, f.handler(), transfer.WithoutRetries())
	data := transferDataForTest()
	ctx := testContext(t)

	_, err := c.SubmitTransfer(ctx, data)
	var subErr *transfer.SubmissionError
	if !errors.As(err, &subErr) {
		t.Fatalf("error %v (%T) is not a *SubmissionError", err, err)
	}
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the cause is not the 503 APIError: %v", err)
	}
	if subErr.SubmissionID == "" || len(f.posts) != 1 || subErr.SubmissionID != f.posts[0] {
		t.Fatalf("error names submission id %q, the POST carried %v", subErr.SubmissionID, f.posts)
	}

	res, err := c.SubmitTransfer(ctx, data.SetSubmissionID(subErr.SubmissionID))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.tasks) != 1 || res.TaskID != f.tasks[subErr.SubmissionID] || res.Code != transfer.SubmitResultDuplicate {
		t.Errorf("resubmission: %d tasks, task %q, code %q; want the one original task as Duplicate", len(f.tasks), res.TaskID, res.Code)
	}
}

// TestSubmitUnreadableSuccessNamesTheSubmissionID covers a 202 whose body
// names no task: the task may exist, so the error must carry the
// submission id to resubmit with.
func TestSubmitUnreadableSuccessNamesTheSubmissionID(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v0.10/delete", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusAccepted, `{"DATA_TYPE":"delete_result","code":"Accepted","message":"ok","request_id":"r1","resource":"/delete"}`)
	})
	c, _ := newServer(t, mux)
	data := deleteDataForTest().SetSubmissionID("00000000-0000-4000-8000-00000000abcd")
	_, err := c.SubmitDelete(testContext(t), data)
	var subErr *transfer.SubmissionError
	var unexpected *globus.ResponseError
	if !errors.As(err, &subErr) || subErr.SubmissionID != "00000000-0000-4000-8000-00000000abcd" || !errors.As(err, &unexpected) {
		t.Fatalf("err = %v (%T), want a *SubmissionError with the id around an *globus.ResponseError", err, err)
	}
}
