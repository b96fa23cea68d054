package transfer

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/globus-go/globus"

	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/httpx"
)

// SubmitResultDuplicate is the code of the answer to a submission whose
// submission_id the service has already accepted: the earlier submission
// created the task, and the answer carries that task's id.
const SubmitResultDuplicate = "Duplicate"

// SubmitResultAccepted is the code of the answer to a submission that
// created a new task.
const SubmitResultAccepted = "Accepted"

// submissionID fetches a new submission id (GetSubmissionID), refusing an
// empty one.
func (c *Client) submissionID(ctx context.Context) (string, error) {
	doc, err := c.GetSubmissionID(ctx)
	if err != nil {
		return "", err
	}
	if doc.Value == "" {
		return "", &globus.ResponseError{Operation: "getSubmissionId", StatusCode: http.StatusOK,
			ContentType: "application/json", Reason: "the submission id is empty"}
	}
	return doc.Value, nil
}

// SubmitTransfer checks data, submits it and returns the service's answer,
// whose TaskID names the new task.
//
// When data has no submission id, SubmitTransfer fetches one first and uses
// it for this submission only; data itself is never changed. The POST is
// marked idempotent, so a transient failure (a 503, a connection reset) is
// retried with the same submission id: should the first attempt have
// created the task after all, the service answers the retry with code
// [SubmitResultDuplicate] and the id of that task, which SubmitTransfer
// returns like any success. A task is therefore never created twice.
//
// When the submission still fails, the error is a *[SubmissionError]
// naming the submission id that was used (errors.As also finds the
// *globus.APIError inside it). Whether or not the task was created, it is
// then safe to submit again with data.SetSubmissionID(e.SubmissionID):
// the service creates the task at most once.
//
// A document that fails [TransferData.Build] gives a *[ValidationError] and
// nothing is sent.
func (c *Client) SubmitTransfer(ctx context.Context, data *TransferData) (*transferapi.TaskSubmissionResult, error) {
	callCtx, call, err := c.start(ctx, "submitTransfer")
	if err != nil {
		return nil, err
	}
	doc, err := data.Build() // a nil data is a *ValidationError too
	if err != nil {
		return nil, err
	}
	if doc.SubmissionID, err = c.submissionIDFor(ctx, doc.SubmissionID); err != nil {
		return nil, err
	}
	body, err := encodeTransfer(doc)
	if err != nil {
		return nil, err
	}
	call.Idempotent = true // the submission id makes a repeat harmless
	resp, err := c.api.SubmitTransferWithBody(callCtx, "application/json", bytes.NewReader(body))
	return submitted(call, resp, err, doc.SubmissionID)
}

// SubmitDelete checks data, submits it and returns the service's answer,
// whose TaskID names the new task. Submission ids and retries work as for
// [Client.SubmitTransfer].
func (c *Client) SubmitDelete(ctx context.Context, data *DeleteData) (*transferapi.TaskSubmissionResult, error) {
	callCtx, call, err := c.start(ctx, "submitDelete")
	if err != nil {
		return nil, err
	}
	doc, err := data.Build() // a nil data is a *ValidationError too
	if err != nil {
		return nil, err
	}
	if doc.SubmissionID, err = c.submissionIDFor(ctx, doc.SubmissionID); err != nil {
		return nil, err
	}
	body, err := encodeDelete(doc)
	if err != nil {
		return nil, err
	}
	call.Idempotent = true // the submission id makes a repeat harmless
	resp, err := c.api.SubmitDeleteWithBody(callCtx, "application/json", bytes.NewReader(body))
	return submitted(call, resp, err, doc.SubmissionID)
}

// submissionIDFor returns id when it is set, or else a new submission id
// from the service.
func (c *Client) submissionIDFor(ctx context.Context, id string) (string, error) {
	if id != "" {
		return id, nil
	}
	fresh, err := c.submissionID(ctx)
	if err != nil {
		return "", fmt.Errorf("transfer: getting a submission id: %w", err)
	}
	return fresh, nil
}

// submitted decodes the answer of a submission and checks that it names a
// task. Any failure, a success status whose body cannot be read included,
// gives a *SubmissionError: the task may well exist.
func submitted(call *httpx.Call, resp *http.Response, err error, submissionID string) (*transferapi.TaskSubmissionResult, error) {
	status, contentType := 0, ""
	if err == nil && resp != nil {
		status, contentType = resp.StatusCode, resp.Header.Get("Content-Type")
	}
	res, err := httpx.Decode[transferapi.TaskSubmissionResult](call, resp, err)
	if err != nil {
		return nil, &SubmissionError{Operation: call.Op, SubmissionID: submissionID, Err: err}
	}
	if res.TaskID == "" {
		return nil, &SubmissionError{Operation: call.Op, SubmissionID: submissionID,
			Err: &globus.ResponseError{Operation: call.Op, StatusCode: status, ContentType: contentType, Reason: "the answer names no task"}}
	}
	if res.SubmissionID == "" {
		res.SubmissionID = submissionID
	}
	return res, nil
}

// SubmissionError reports a transfer or delete submission that failed after
// its submission id was chosen. The task may or may not exist: the answer
// may have been lost after the service created it. Submitting again with
// the same SubmissionID is always safe, since the service creates at most
// one task per submission id and answers a repeat with
// [SubmitResultDuplicate] and the original task id.
type SubmissionError struct {
	// Operation is "submitTransfer" or "submitDelete".
	Operation string
	// SubmissionID is the submission id the failed request carried.
	SubmissionID string
	// Err is the cause, often a *globus.APIError or a network error.
	Err error
}

// Error describes the failure and the submission id to resubmit with.
func (e *SubmissionError) Error() string {
	return fmt.Sprintf("transfer: %s with submission_id %s failed (submitting again with the same id is safe): %v", e.Operation, e.SubmissionID, e.Err)
}

// Unwrap returns the cause.
func (e *SubmissionError) Unwrap() error { return e.Err }
