package transfer

import (
	"context"
	"fmt"

	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/httpx"
)

// DefaultSkipCodePrefixes returns the error code prefixes whose answers a
// [Client] never retries, even on a retryable status such as 503:
// ExternalError and EndpointError. Like the Python SDK, it treats failures
// reported by an endpoint as lasting.
func DefaultSkipCodePrefixes() []string { return []string{CodeExternalError, CodeEndpointError} }

// Client is a Globus Transfer client.
//
// Every operation of the Transfer API is one method of Client, named after
// its operationId ([Client.GetTask], [Client.OperationLs],
// [Client.TaskList], ...), that returns the decoded document. Path
// parameters are strings; an empty, "." or ".." value is refused with a
// *[globus.UsageError] and nothing is sent. Query parameters are the
// generated XxxParams, which may be nil. The error is a *[globus.APIError]
// whenever Transfer answers with a status of 400 or more, and a
// *[globus.ResponseError] when a successful answer cannot be read as the
// document (not JSON, malformed, truncated).
//
// Client adds iterators over paged results ([Client.Tasks] and friends),
// submission with safe retries ([Client.SubmitTransfer],
// [Client.SubmitDelete]) and [Client.TaskWait]. [Client.Raw] gives the
// generated low-level client, for headers or raw bodies.
//
// Make a Client with [NewClient]; a zero or nil Client answers every call
// with a *[globus.UsageError]. A Client is safe for concurrent use.
type Client struct {
	api     transferapi.ClientInterface
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
	api, err := transferapi.NewClient(cfg.BaseURL, transferapi.WithHTTPClient(cfg.Doer()))
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	return &Client{api: api, baseURL: cfg.BaseURL}, nil
}

// BaseURL returns the base URL the client sends requests to, or "" for a
// client not made by [NewClient].
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.baseURL
}

// Raw returns the generated low-level client that c sends its requests
// through, for callers that need the answer's headers or raw body. Its
// methods return the *http.Response unread (close its Body). Requests go
// through the same pipeline as c's own methods: authorization, retries,
// and errors, so that answers with status 400 or more still arrive as a
// *[globus.APIError] error, with no response. The raw methods take path
// parameters as [globus.PathSegment], which refuses "", "." and "..".
//
// For a Client not made by [NewClient], Raw returns a client whose every
// request fails with a *[globus.UsageError].
func (c *Client) Raw() transferapi.ClientInterface {
	if c == nil || c.api == nil {
		raw, _ := transferapi.NewClient("https://invalid.invalid/", transferapi.WithHTTPClient(httpx.Unusable{Op: "transfer.Client.Raw"}))
		return raw
	}
	return c.api
}

// start begins the call of operation op: it refuses a nil or zero client
// and a nil context with a *globus.UsageError, and otherwise returns the
// context that carries the call's record.
func (c *Client) start(ctx context.Context, op string) (context.Context, *httpx.Call, error) {
	return httpx.Begin(ctx, "transfer.Client", c != nil && c.api != nil, op)
}
