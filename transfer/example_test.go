package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/transfer"
)

// exampleServer stands in for Transfer in the examples. Real programs omit
// WithBaseURL and pass WithAuthorizer instead.
func exampleServer() *httptest.Server {
	var mu sync.Mutex
	polls := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v0.10/operation/endpoint/{id}/ls", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, fileListDoc())
	})
	mux.HandleFunc("GET /v0.10/submission_id", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"DATA_TYPE":"submission_id","value":"9b4c4a3e-6df4-11ee-8b3a-a9a3ac7f7a7e"}`)
	})
	mux.HandleFunc("POST /v0.10/transfer", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusAccepted, submitResultDoc("transfer_result", "/transfer"))
	})
	mux.HandleFunc("GET /v0.10/task/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls++
		status := "ACTIVE"
		if polls >= 3 {
			status = "SUCCEEDED"
		}
		mu.Unlock()
		writeJSON(w, http.StatusOK, taskDoc(r.PathValue("id"), status))
	})
	mux.HandleFunc("GET /v0.10/task_list", func(w http.ResponseWriter, r *http.Request) {
		// 25 tasks, served in pages of the requested size.
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		end := min(offset+limit, 25)
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"task_list","offset":%d,"limit":%d,"total":25,"DATA":[%s]}`,
			offset, limit, join(offset, end, taskItem)))
	})
	mux.HandleFunc("GET /v0.10/operation/endpoint/{id}/stat", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, `{"code":"ConsentRequired","message":"Missing required data_access consent",`+
			`"request_id":"cq1","resource":"/operation/endpoint/x/stat",`+
			`"required_scopes":["urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/`+epID+`/data_access]"]}`)
	})
	return httptest.NewServer(mux)
}

// List a directory on a collection.
func ExampleClient_OperationLs() {
	srv := exampleServer()
	defer srv.Close()

	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL + "/v0.10"))
	if err != nil {
		log.Fatal(err)
	}
	list, err := c.OperationLs(context.Background(), epID, &transferapi.OperationLsParams{Path: "/~/"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listing of", list.AbsolutePath)
	for _, f := range list.DATA {
		fmt.Printf("%-4s %6d %s\n", f.Type, f.Size, f.Name)
	}
	// Output:
	// listing of /home/alice/
	// dir    4096 data
	// file   5120 results.csv
}

// Submit a transfer and wait until it is finished.
func ExampleClient_SubmitTransfer() {
	srv := exampleServer()
	defer srv.Close()

	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL + "/v0.10"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	data := transfer.NewTransferData(epID, hostEPID).
		SetLabel("nightly backup").
		SetSyncLevel(transfer.SyncChecksum).
		SetVerifyChecksum(true).
		AddDirectory("/data/runs/", "/archive/runs/")
	res, err := c.SubmitTransfer(ctx, data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("submitted:", res.Code)

	task, err := c.TaskWait(ctx, res.TaskID,
		transfer.WithPollInterval(10*time.Millisecond), // a real program would poll every few seconds
		transfer.WithProgress(func(t *transferapi.Task) {
			fmt.Println("status:", t.Status)
		}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("finished:", task.Status)
	// Output:
	// submitted: Accepted
	// status: ACTIVE
	// status: ACTIVE
	// status: SUCCEEDED
	// finished: SUCCEEDED
}

// Iterate over tasks; pages are fetched as the loop goes, and breaking out
// stops fetching.
func ExampleClient_Tasks() {
	srv := exampleServer()
	defer srv.Close()

	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL + "/v0.10"))
	if err != nil {
		log.Fatal(err)
	}
	filter, err := transfer.TaskFilter{
		Types:    []string{transfer.TaskTypeTransfer},
		Statuses: []string{transfer.StatusSucceeded},
	}.Expression()
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for task, err := range c.Tasks(context.Background(), &transferapi.TaskListParams{Filter: filter, Limit: 10}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		if n <= 2 {
			fmt.Println(task.TaskID, task.Status)
		}
	}
	fmt.Println(n, "tasks")
	// Output:
	// task-000 SUCCEEDED
	// task-001 SUCCEEDED
	// 25 tasks
}

// Build a task_list filter from typed values.
func ExampleTaskFilter() {
	expr, err := transfer.TaskFilter{
		Statuses: []string{transfer.StatusActive, transfer.StatusInactive},
		Labels:   []transfer.LabelPattern{transfer.LabelMatches("experiment1*")},
		RequestTime: transfer.TimeRange{
			From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		},
	}.Expression()
	fmt.Println(expr, err)

	_, err = transfer.TaskFilter{Labels: []transfer.LabelPattern{transfer.LabelEquals("a/b")}}.Expression()
	var ve *transfer.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// status:ACTIVE,INACTIVE/label:~experiment1*/request_time:2024-01-01T00:00:00Z, <nil>
	// true filter.label
}

// Mistakes in a submission are found before anything is sent.
func ExampleTransferData_Build() {
	_, err := transfer.NewTransferData(epID, hostEPID).
		Add(transfer.Item{SourcePath: "/a", DestinationPath: "/b", ChecksumAlgorithm: "SHA256"}).
		Build()
	fmt.Println(err)
	// Output:
	// transfer: invalid DATA[0].checksum_algorithm: it needs an external_checksum, verify_checksum or the checksum sync level
}

// Find out which scopes a user must consent to.
func ExampleConsentRequired() {
	srv := exampleServer()
	defer srv.Close()

	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL+"/v0.10"), transfer.WithoutRetries())
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.OperationStat(context.Background(), epID, &transferapi.OperationStatParams{Path: "/~/results.csv"})
	if e, ok := transfer.ConsentRequired(err); ok {
		fmt.Println("log in again with:", e.RequiredScopes[0])
	}
	var apiErr *globus.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.StatusCode)
	// Output:
	// log in again with: urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/6c54cade-bde5-45c1-bdea-f4bd71dba2cc/data_access]
	// true 403
}
