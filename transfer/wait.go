package transfer

import (
	"context"
	"net/http"
	"time"

	"github.com/globus-go/globus/gen/transferapi"
)

// Task statuses as the service reports them.
const (
	// StatusActive: the task is queued or running.
	StatusActive = "ACTIVE"
	// StatusInactive: the task is paused, for example because credentials
	// expired or an administrator paused it. It resumes once the cause is
	// fixed, so it is not finished.
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
	interval     time.Duration
	progress     func(*transferapi.Task)
	stopInactive bool
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

// WithStopOnInactive makes TaskWait return as soon as the task is
// INACTIVE, for callers that want to act on a paused task (for example by
// asking the user to log in again) rather than wait for it to resume.
func WithStopOnInactive() WaitOption {
	return func(c *waitConfig) { c.stopInactive = true }
}

// TaskWait polls the task until it is finished and returns its last
// document.
//
// A task is finished when its status is neither ACTIVE nor INACTIVE, that
// is SUCCEEDED or FAILED: unlike the Python SDK's task_wait, an INACTIVE
// task is still waited for, since it resumes by itself once its cause is
// fixed. [WithStopOnInactive] returns on INACTIVE too.
//
// The first poll happens at once, then one every interval. When ctx ends
// first, TaskWait returns the last task document it got (nil if none) and
// ctx's error. A failed poll ends the wait with that error, and so does a
// task document without a status (an *[UnexpectedResponseError]).
func (c *Client) TaskWait(ctx context.Context, taskID string, opts ...WaitOption) (*transferapi.Task, error) {
	if err := checkTaskID(taskID); err != nil {
		return nil, err
	}
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
		task, err := c.GetTask(ctx, taskID)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return last, ctxErr
			}
			return last, err
		}
		last = task
		if cfg.progress != nil {
			cfg.progress(task)
		}
		if task.Status == nil || *task.Status == "" {
			return task, &UnexpectedResponseError{Operation: "getTask", StatusCode: http.StatusOK, Reason: "the task document has no status"}
		}
		if status := *task.Status; status != StatusActive && (status != StatusInactive || cfg.stopInactive) {
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
