package integration_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// TestWorkflow is the user's everyday workflow end to end: client
// credentials, mkdir, a paged ls, a transfer waited for with progress, its
// events and successful transfers, the task list, a delete, and typed
// errors, with every request and response checked against the specs.
func TestWorkflow(t *testing.T) {
	w := setup(t, fakeglobus.Options{TaskPolls: 2})
	ctx := testContext(t)
	const nFiles = 120 // more than one page of ls and of successful_transfers
	files := putFiles(t, w.fake, srcID, "/data/run1/", nFiles)

	// mkdir, then the same mkdir again: Transfer refuses, with a typed error.
	if _, err := w.tc.OperationMkdir(ctx, dstID, transferapi.MkdirRequest{Path: "/~/results/"}); err != nil {
		t.Fatalf("mkdir: %v", err)
	}
	if w.renewals.Load() != 1 {
		t.Errorf("the first call fetched %d tokens, want 1", w.renewals.Load())
	}
	_, err := w.tc.OperationMkdir(ctx, dstID, transferapi.MkdirRequest{Path: "/~/results/"})
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) || !apiErr.HasCode("ExternalError.MkdirFailed") || apiErr.RequestID == "" {
		t.Errorf("mkdir of an existing directory: got %v, want a *globus.APIError with code ExternalError.MkdirFailed.Exists and a request id", err)
	}

	// A paged listing: 120 files in pages of 50, counted by the fake.
	var names []string
	lsBefore := w.fake.Requests("operationLs")
	for f, err := range w.tc.Ls(ctx, srcID, &transferapi.OperationLsParams{Path: "/data/run1/", Limit: 50}) {
		if err != nil {
			t.Fatalf("ls: %v", err)
		}
		names = append(names, f.Name)
		if f.Size != int64(len(files[f.Name])) {
			t.Errorf("%s: size %d, want %d", f.Name, f.Size, len(files[f.Name]))
		}
	}
	if pages := w.fake.Requests("operationLs") - lsBefore; len(names) != nFiles || pages != 3 || !slices.IsSorted(names) {
		t.Errorf("ls gave %d entries in %d pages (sorted: %v), want %d in 3, sorted", len(names), pages, slices.IsSorted(names), nFiles)
	}
	st, err := w.tc.OperationStat(ctx, srcID, &transferapi.OperationStatParams{Path: "/data/run1/file-007.dat"})
	if err != nil || st.Type != "file" || st.Size != int64(len(files["file-007.dat"])) {
		t.Errorf("stat: %+v, %v", st, err)
	}

	// Transfer the directory and wait, watching progress.
	td := transfer.NewTransferData(srcID, dstID).SetLabel("e2e run1").AddDirectory("/data/run1/", "/~/results/run1/")
	res, err := w.tc.SubmitTransfer(ctx, td)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if res.Code != transfer.SubmitResultAccepted || res.TaskID == "" || res.SubmissionID == "" {
		t.Fatalf("submit answered %+v", res)
	}
	taskID := res.TaskID
	var seen []string
	task, err := w.tc.TaskWait(ctx, taskID, transfer.WithPollInterval(5*time.Millisecond), transfer.WithProgress(func(tk *transferapi.Task) {
		seen = append(seen, tk.Status)
	}))
	if err != nil {
		t.Fatalf("TaskWait: %v", err)
	}
	if task.Status != transfer.StatusSucceeded || task.FilesTransferred != nFiles {
		t.Errorf("task ended %s with %d files transferred, want SUCCEEDED with %d", task.Status, task.FilesTransferred, nFiles)
	}
	if want := []string{"ACTIVE", "ACTIVE", "SUCCEEDED"}; !slices.Equal(seen, want) {
		t.Errorf("progress saw %v, want %v", seen, want)
	}
	for name, data := range files {
		got, err := w.fake.ReadFile(dstID, "/results/run1/"+name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("copied %s: %q, %v; want %q", name, got, err, data)
		}
	}

	// Events and successful transfers, through the iterators.
	var codes []string
	for ev, err := range w.tc.TaskEvents(ctx, taskID, nil) {
		if err != nil {
			t.Fatalf("events: %v", err)
		}
		codes = append(codes, ev.Code)
	}
	if len(codes) == 0 || codes[0] != "SUCCEEDED" {
		t.Errorf("events %v, want SUCCEEDED first (newest first)", codes)
	}
	copied := 0
	for st, err := range w.tc.SuccessfulTransfers(ctx, taskID, nil) {
		if err != nil {
			t.Fatalf("successful transfers: %v", err)
		}
		if _, ok := files[lastElem(st.SourcePath)]; !ok {
			t.Errorf("unexpected successful transfer of %q", st.SourcePath)
		}
		copied++
	}
	if copied != nFiles {
		t.Errorf("successful transfers listed %d files, want %d", copied, nFiles)
	}

	// The task list, filtered to transfers.
	params := &transferapi.TaskListParams{}
	if err := (transfer.TaskFilter{Types: []string{transfer.TaskTypeTransfer}}).Apply(params); err != nil {
		t.Fatal(err)
	}
	found := false
	for tk, err := range w.tc.Tasks(ctx, params) {
		if err != nil {
			t.Fatalf("tasks: %v", err)
		}
		found = found || tk.TaskID == taskID
	}
	if !found {
		t.Errorf("task %s is not in the task list", taskID)
	}

	// Delete what was copied.
	del, err := w.tc.SubmitDelete(ctx, transfer.NewDeleteData(dstID).SetRecursive(true).Add("/~/results/run1/"))
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	task, err = w.tc.TaskWait(ctx, del.TaskID, transfer.WithPollInterval(time.Millisecond))
	if err != nil || task.Status != transfer.StatusSucceeded {
		t.Fatalf("delete task: %v, %v", task.Status, err)
	}
	if ok, _ := w.fake.Exists(dstID, "/results/run1"); ok {
		t.Errorf("the deleted directory still exists")
	}

	// A missing task is a typed not-found error (code TaskNotFound).
	_, err = w.tc.GetTask(ctx, "00000000-0000-4000-8000-000000000000", nil)
	if !transfer.IsNotFound(err) || !errors.As(err, &apiErr) || !apiErr.HasCode("TaskNotFound") || apiErr.RequestID == "" {
		t.Errorf("GetTask of a missing task: %v, want a TaskNotFound *globus.APIError, with a request id, for which transfer.IsNotFound is true", err)
	}

	if n := w.fake.TasksCreated(); n != 2 {
		t.Errorf("%d tasks created, want 2", n)
	}
	if n := w.renewals.Load(); n != 1 {
		t.Errorf("%d tokens fetched, want 1 for the whole workflow", n)
	}
}

func lastElem(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// TestTokenExpiresDuringTaskWait lets the access token die while TaskWait
// is polling a long task: the poll that gets 401 renews the token and is
// sent again, and the wait ends normally.
func TestTokenExpiresDuringTaskWait(t *testing.T) {
	t.Run("lifetime runs out", func(t *testing.T) {
		// The fake's clock moves 20 minutes per poll; tokens live an hour
		// and the task takes three. The authorizer, on the real clock,
		// still believes its token good: only the 401 tells it otherwise.
		clock := &fakeglobus.ManualClock{}
		w := setup(t, fakeglobus.Options{Now: clock.Now, TokenLifetime: time.Hour, TaskDuration: 3 * time.Hour})
		testWaitAcrossExpiry(t, w, func() { clock.Advance(20 * time.Minute) }, 3)
	})
	t.Run("expired by the server", func(t *testing.T) {
		w := setup(t, fakeglobus.Options{TaskPolls: 12})
		polls := 0
		testWaitAcrossExpiry(t, w, func() {
			polls++
			if polls%4 == 0 {
				w.fake.ExpireAll()
			}
		}, 3)
	})
}

func testWaitAcrossExpiry(t *testing.T, w *world, onPoll func(), minRenewals int32) {
	ctx := testContext(t)
	putFiles(t, w.fake, srcID, "/big/", 5)
	res, err := w.tc.SubmitTransfer(ctx, transfer.NewTransferData(srcID, dstID).AddDirectory("/big/", "/copy/"))
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	polls := 0
	task, err := w.tc.TaskWait(ctx, res.TaskID, transfer.WithPollInterval(time.Millisecond), transfer.WithProgress(func(*transferapi.Task) {
		polls++
		onPoll()
	}))
	if err != nil {
		t.Fatalf("TaskWait across token expiry: %v", err)
	}
	if task.Status != transfer.StatusSucceeded {
		t.Fatalf("task ended %s", task.Status)
	}
	// Each renewal after the first token answers one rejected poll, which
	// the fake counts as a getTask request that TaskWait never saw.
	renewed := w.renewals.Load() - 1
	rejected := w.fake.Requests("getTask") - polls
	if renewed < minRenewals || int(renewed) != rejected {
		t.Errorf("%d renewals and %d rejected polls (of %d); want at least %d renewals, one per rejected poll", renewed, rejected, polls+rejected, minRenewals)
	}
	t.Logf("%d polls, %d rejected with 401 and retried with a renewed token", polls, rejected)
	if ok, _ := w.fake.Exists(dstID, "/copy/file-004.dat"); !ok {
		t.Errorf("the transfer did not copy the files")
	}
}
