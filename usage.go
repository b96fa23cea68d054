package globus

import "strconv"

// UsageError reports a call that the SDK refused before sending anything,
// because it cannot work as made: a nil or zero client, a nil context, an
// empty or dot path parameter, a missing argument.
//
//	var ue *globus.UsageError
//	if errors.As(err, &ue) {
//		log.Printf("bug in the caller: %s", ue.Problem)
//	}
type UsageError struct {
	// Op names the call, such as "transfer.Client.GetTask" or
	// "auth.NativeAppClient.Refresh".
	Op string
	// Problem says what is wrong, such as "path parameter task_id is empty".
	Problem string
	// Err is the underlying error, when there is one.
	Err error
}

// Error describes the problem. It names no secret.
func (e *UsageError) Error() string {
	if e.Op == "" {
		return "globus: " + e.Problem
	}
	return "globus: " + e.Op + ": " + e.Problem
}

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// PathSegment is the value of a path parameter, such as a task id or an
// endpoint id. The generated clients take every path parameter as a
// PathSegment, so that one check guards every operation: a value that is
// empty, "." or "..", which would change which resource the request names
// (GET /task/.. is GET /), is refused with a [*UsageError] when the request
// is built, and nothing is sent. Any other value is sent escaped, as one
// segment.
type PathSegment string

// MarshalText returns the segment, or a [*UsageError] when it is empty,
// "." or "..". The generated clients call it to build each request path.
func (p PathSegment) MarshalText() ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	return []byte(p), nil
}

// Check returns a [*UsageError] when p cannot name one path segment: when
// it is empty, "." or "..".
func (p PathSegment) Check() error {
	switch p {
	case "":
		return &UsageError{Problem: "a path parameter is empty"}
	case ".", "..":
		return &UsageError{Problem: "a path parameter is " + strconv.Quote(string(p)) + ", which would name another resource"}
	}
	return nil
}
