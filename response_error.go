package globus

import (
	"fmt"
	"strconv"
)

// ResponseError reports a successful answer (a status below 400) that the
// SDK could not read as the document the operation returns: malformed or
// truncated JSON, a value of the wrong JSON type, a timestamp in no known
// layout, a Content-Type that is not JSON, a body that broke off or that
// passed the size limit (see [BodyTooLargeError]). Answers with status 400
// or more are [*APIError] instead.
//
// Err is the cause, such as a *json.SyntaxError, reachable with errors.As.
type ResponseError struct {
	// Operation is the operationId of the call, such as "getTask".
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Reason says what was wrong when the body was readable but unusable,
	// such as a document without a task id. It may be empty.
	Reason string
	// Err is the decoding or reading error, when there is one.
	Err error
}

// Error describes the failure. It quotes none of the body.
func (e *ResponseError) Error() string {
	s := "globus: " + e.Operation + ": cannot read the answer (status " + strconv.Itoa(e.StatusCode) +
		", Content-Type " + strconv.Quote(e.ContentType) + ")"
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *ResponseError) Unwrap() error { return e.Err }

// BodyTooLargeError reports an answer whose body is longer than the limit
// of the client that read it (see the WithMaxBodySize option of the auth
// and transfer packages). The SDK stops reading at the limit, so an endless
// answer costs no more memory than that.
type BodyTooLargeError struct {
	// Limit is the number of bytes the client accepts.
	Limit int64
}

// Error describes the failure.
func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("globus: the answer's body is longer than the limit of %d bytes", e.Limit)
}
