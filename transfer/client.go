package transfer

import (
	"context"
	"fmt"

	"github.com/globus-go/globus/gen/transferapi"
)

// DefaultSkipCodePrefixes returns the error code prefixes whose answers a
// [Client] never retries, even on a retryable status such as 503:
// ExternalError and EndpointError. Like the Python SDK, it treats failures
// reported by an endpoint as lasting.
func DefaultSkipCodePrefixes() []string { return []string{CodeExternalError, CodeEndpointError} }

// Client is a Globus Transfer client.
//
// It embeds the generated client, so every Transfer operation is a method
// of Client: c.TaskListWithResponse, c.OperationLsWithResponse and so on,
// named after the Python SDK's methods. Their error is a *[globus.APIError]
// whenever Transfer answers with a status of 400 or more.
//
// Client adds iterators over paged results ([Client.Tasks] and friends),
// submission with safe retries ([Client.SubmitTransfer],
// [Client.SubmitDelete]), [Client.TaskWait], and a few shortcuts that
// return the decoded document directly. The shortcuts [Client.OperationLs],
// [Client.OperationStat], [Client.GetTask], [Client.SubmitTransfer] and
// [Client.SubmitDelete] hide the generated client's low-level methods of the
// same names, which stay reachable as c.ClientWithResponses.OperationLs and
// so on.
//
// A Client is safe for concurrent use.
type Client struct {
	*transferapi.ClientWithResponses

	baseURL string
}

// NewClient returns a client of the Transfer API.
//
// Unless the options say otherwise it talks to [DefaultBaseURL], sends
// requests without authorization, and retries transient failures except
// those whose error code starts with one of [DefaultSkipCodePrefixes]. A
// retry policy whose SkipCodePrefixes is nil gets those defaults; set it to
// an empty, non-nil slice to retry such answers too.
func NewClient(opts ...Option) (*Client, error) {
	cfg, err := config(opts)
	if err != nil {
		return nil, err
	}
	if cfg.Retry.SkipCodePrefixes == nil {
		cfg.Retry.SkipCodePrefixes = DefaultSkipCodePrefixes()
	}
	api, err := transferapi.NewClientWithResponses(cfg.BaseURL, transferapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	return &Client{ClientWithResponses: api, baseURL: cfg.BaseURL}, nil
}

// BaseURL returns the base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL }

// UnexpectedResponseError reports a successful status whose body could not
// be read as the document the operation returns, for example because it
// was not JSON.
type UnexpectedResponseError struct {
	// Operation is the operationId, such as "operationLs".
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Reason says what was wrong when the body decoded but lacked
	// something, such as a task id; it is empty otherwise.
	Reason string
}

// Error implements error.
func (e *UnexpectedResponseError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("transfer: %s: status %d: %s", e.Operation, e.StatusCode, e.Reason)
	}
	return fmt.Sprintf("transfer: %s: status %d with an unexpected body (Content-Type %q)", e.Operation, e.StatusCode, e.ContentType)
}

// response is what every generated XxxResponse offers.
type response interface {
	StatusCode() int
}

// document returns the first non-nil decoded document among docs, or an
// *UnexpectedResponseError built from r.
func document[T any](op string, r response, contentType string, docs ...*T) (*T, error) {
	for _, d := range docs {
		if d != nil {
			return d, nil
		}
	}
	return nil, &UnexpectedResponseError{Operation: op, StatusCode: r.StatusCode(), ContentType: contentType}
}

// OperationLs lists a directory on an endpoint or collection and returns the
// decoded file list. params may be nil; see
// [transferapi.OperationLsParams] for the path, filter, paging and other
// query parameters.
func (c *Client) OperationLs(ctx context.Context, endpointID string, params *transferapi.OperationLsParams) (*transferapi.FileList, error) {
	if err := checkEndpoint("endpoint_id", endpointID); err != nil {
		return nil, err
	}
	r, err := c.OperationLsWithResponse(ctx, endpointID, params)
	if err != nil {
		return nil, err
	}
	return document("operationLs", r, r.HTTPResponse.Header.Get("Content-Type"), r.JSON200)
}

// OperationStat returns the document of one file or directory.
func (c *Client) OperationStat(ctx context.Context, endpointID, path string) (*transferapi.FileDocument, error) {
	if err := checkEndpoint("endpoint_id", endpointID); err != nil {
		return nil, err
	}
	if err := checkPath("path", path); err != nil {
		return nil, err
	}
	r, err := c.OperationStatWithResponse(ctx, endpointID, &transferapi.OperationStatParams{Path: &path})
	if err != nil {
		return nil, err
	}
	return document("operationStat", r, r.HTTPResponse.Header.Get("Content-Type"), r.JSON200)
}

// GetTask returns the task with the given id.
func (c *Client) GetTask(ctx context.Context, taskID string) (*transferapi.Task, error) {
	if err := checkTaskID(taskID); err != nil {
		return nil, err
	}
	r, err := c.GetTaskWithResponse(ctx, taskID, nil)
	if err != nil {
		return nil, err
	}
	return document("getTask", r, r.HTTPResponse.Header.Get("Content-Type"), r.JSON200)
}

func checkTaskID(id string) error {
	if id == "" {
		return invalid("task_id", "it is empty")
	}
	return nil
}
