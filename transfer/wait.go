package transfer

import (
	"context"
	"net/http"
	"time"

	"github.com/globus-go/globus"

	"github.com/globus-go/globus/gen/transferapi"
)

// Task statuses as the service reports them.
const (
	// StatusActive: the task is queued or running.
	StatusActive = "ACTIVE"
	// StatusInactive: the task is paused, for example because credentials
	// expired, a consent is missing or an administrator paused it. It
	// resumes once the cause is fixed; until then it needs attention.
	StatusInactive = "INACTIVE"
	// StatusSucceeded: the task finished and did everything it was asked.
	StatusSucceeded = "SUCCEEDED"
	// StatusFailed: the task finished without doing everything, or was
	// canceled.
	StatusFailed = "FAILED"
)

// DefaultPollInterval is how long [Client.TaskWait] waits between two polls
// unless [WithPollInterval] says otherwise.
const DefaultPollInterval = 5 * time.Second

// WaitOption configures [Client.TaskWait].
type WaitOption func(*waitConfig)

type waitConfig struct {
	interval        time.Duration
	progress        func(*transferapi.Task)
	throughInactive bool
}

// WithPollInterval sets the time between two polls. Values below one
// millisecond are raised to one millisecond. Default: [DefaultPollInterval].
func WithPollInterval(d time.Duration) WaitOption {
	return func(c *waitConfig) { c.interval = max(d, time.Millisecond) }
}

// WithProgress calls fn with every task document TaskWait fetches,
// including the last one, from the goroutine that called TaskWait.
func WithProgress(fn func(*transferapi.Task)) WaitOption {
	return func(c *waitConfig) { c.progress = fn }
}

// WithWaitThroughInactive makes TaskWait keep polling while the task is
// INACTIVE and return only once it is SUCCEEDED or FAILED, for callers that
// rely on someone else (an administrator, a later login) to resume a paused
// task.
func WithWaitThroughInactive() WaitOption {
	return func(c *waitConfig) { c.throughInactive = true }
}

// TaskWait polls the task until it is no longer ACTIVE and returns its
// last document.
//
// TaskWait returns once the status leaves ACTIVE, as the Python SDK's
// task_wait does: on SUCCEEDED or FAILED, and also on INACTIVE, a paused
// task that usually needs the caller to act (log in again, give consent).
// Check the returned task's Status. [WithWaitThroughInactive] keeps
// waiting through INACTIVE instead.
//
// The first poll happens at once, then one every interval. When ctx ends
// first, TaskWait returns the last task document it got (nil if none) and
// ctx's error. A failed poll ends the wait with that error at once, with no
// further poll: a *[globus.APIError], a transport error, or a
// *[globus.ResponseError] for an answer that cannot be read as a task or a
// task document without a status.
func (c *Client) TaskWait(ctx context.Context, taskID string, opts ...WaitOption) (*transferapi.Task, error) {
	cfg := waitConfig{interval: DefaultPollInterval}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var last *transferapi.Task
	for {
		task, err := c.GetTask(ctx, taskID, nil)
		if err != nil {
			if ctx == nil {
				return last, err
			}
			if ctxErr := ctx.Err(); ctxErr != nil {
				return last, ctxErr
			}
			return last, err
		}
		last = task
		if cfg.progress != nil {
			cfg.progress(task)
		}
		if task.Status == "" {
			return task, &globus.ResponseError{Operation: "getTask", StatusCode: http.StatusOK,
				ContentType: "application/json", Reason: "the task document has no status"}
		}
		if status := task.Status; status != StatusActive && (status != StatusInactive || !cfg.throughInactive) {
			return task, nil
		}
		if timer == nil {
			timer = time.NewTimer(cfg.interval)
		} else {
			timer.Reset(cfg.interval)
		}
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-timer.C:
		}
	}
}
