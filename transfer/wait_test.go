package transfer_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/transfer"
)

// statusSequence answers GET /task/{id} with the statuses in order,
// repeating the last one.
func statusSequence(statuses ...string) (http.Handler, func() int) {
	var mu sync.Mutex
	n := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v0.10/task/{task_id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		s := statuses[min(n, len(statuses)-1)]
		n++
		mu.Unlock()
		writeJSON(w, http.StatusOK, taskDoc(r.PathValue("task_id"), s))
	})
	return mux, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func TestTaskWaitUntilFinished(t *testing.T) {
	h, polls := statusSequence("ACTIVE", "ACTIVE", "INACTIVE", "ACTIVE", "SUCCEEDED")
	c, _ := newServer(t, h)
	var seen []string
	task, err := c.TaskWait(testContext(t), taskID,
		transfer.WithPollInterval(time.Millisecond), transfer.WithWaitThroughInactive(),
		transfer.WithProgress(func(t *transferapi.Task) { seen = append(seen, t.Status) }))
	if err != nil {
		t.Fatal(err)
	}
	if task.Status != transfer.StatusSucceeded || task.TaskID != taskID {
		t.Errorf("final task %s %s", task.TaskID, task.Status)
	}
	if got := strings.Join(seen, " "); got != "ACTIVE ACTIVE INACTIVE ACTIVE SUCCEEDED" {
		t.Errorf("progress saw %s", got)
	}
	if polls() != 5 {
		t.Errorf("%d polls, want 5", polls())
	}
}

func TestTaskWaitFailedTaskIsFinished(t *testing.T) {
	h, polls := statusSequence("ACTIVE", "FAILED")
	c, _ := newServer(t, h)
	task, err := c.TaskWait(testContext(t), taskID, transfer.WithPollInterval(time.Millisecond))
	if err != nil || task.Status != transfer.StatusFailed || polls() != 2 {
		t.Errorf("task %v, err %v, %d polls", task, err, polls())
	}
}

// By default, as in the Python SDK, an INACTIVE task ends the wait.
func TestTaskWaitReturnsOnInactive(t *testing.T) {
	h, polls := statusSequence("ACTIVE", "INACTIVE", "SUCCEEDED")
	c, _ := newServer(t, h)
	task, err := c.TaskWait(testContext(t), taskID, transfer.WithPollInterval(time.Millisecond))
	if err != nil || task.Status != transfer.StatusInactive || polls() != 2 {
		t.Errorf("task %v, err %v, %d polls", task, err, polls())
	}
}

func TestTaskWaitHonoursTheInterval(t *testing.T) {
	h, _ := statusSequence("ACTIVE", "ACTIVE", "SUCCEEDED")
	c, _ := newServer(t, h)
	start := time.Now()
	if _, err := c.TaskWait(testContext(t), taskID, transfer.WithPollInterval(40*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("three polls took %v, want at least two intervals of 40ms", d)
	}
}

func TestTaskWaitContextCanceled(t *testing.T) {
	h, polls := statusSequence("ACTIVE")
	c, _ := newServer(t, h)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	calls := 0
	task, err := c.TaskWait(ctx, taskID, transfer.WithPollInterval(time.Hour), transfer.WithProgress(func(*transferapi.Task) {
		calls++
		cancel()
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if task == nil || task.Status != transfer.StatusActive || calls != 1 || polls() != 1 {
		t.Errorf("last task %v, %d progress calls, %d polls", task, calls, polls())
	}
}

func TestTaskWaitDeadline(t *testing.T) {
	h, _ := statusSequence("ACTIVE")
	c, _ := newServer(t, h)
	ctx, cancel := context.WithTimeout(testContext(t), 30*time.Millisecond)
	defer cancel()
	_, err := c.TaskWait(ctx, taskID, transfer.WithPollInterval(5*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestTaskWaitErrors(t *testing.T) {
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"code":"ClientError.NotFound","message":"Task not found","request_id":"nf","resource":"/task/x"}`)
	}))
	_, err := c.TaskWait(testContext(t), taskID, transfer.WithPollInterval(time.Millisecond))
	if !transfer.IsNotFound(err) {
		t.Errorf("err = %v, want a not-found error", err)
	}
	var ue *globus.UsageError
	if _, err := c.TaskWait(testContext(t), ""); !errors.As(err, &ue) {
		t.Errorf("empty task id: %v", err)
	}
}

func TestTaskWaitTaskWithoutStatus(t *testing.T) {
	c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"DATA_TYPE":"task","task_id":"`+taskID+`"}`)
	}))
	_, err := c.TaskWait(testContext(t), taskID, transfer.WithPollInterval(time.Millisecond))
	var ue *globus.ResponseError
	if !errors.As(err, &ue) || ue.Reason == "" {
		t.Errorf("err = %v, want an *globus.ResponseError", err)
	}
}

// TestTaskWaitStopsAtAnUnreadableAnswer checks that TaskWait ends at the
// first answer it cannot read as a task, with a *globus.ResponseError, and
// does not poll on until its deadline.
func TestTaskWaitStopsAtAnUnreadableAnswer(t *testing.T) {
	for name, body := range map[string]string{"malformed": `{"status": "ACT`, "array": `[1]`} {
		var polls atomic.Int64
		c := newPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			polls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}))
		ctx, cancel := context.WithTimeout(testContext(t), 10*time.Second)
		start := time.Now()
		_, err := c.TaskWait(ctx, taskID, transfer.WithPollInterval(time.Millisecond))
		cancel()
		var re *globus.ResponseError
		if !errors.As(err, &re) || re.Operation != "getTask" || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v (%T), want a *globus.ResponseError for getTask", name, err, err)
		}
		if n := polls.Load(); n != 1 {
			t.Errorf("%s: %d polls, want 1", name, n)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: TaskWait took %v", name, d)
		}
	}
}
