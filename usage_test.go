package globus_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

func TestPathSegmentRefusesDotsAndEmpty(t *testing.T) {
	for _, bad := range []globus.PathSegment{"", ".", ".."} {
		b, err := bad.MarshalText()
		var ue *globus.UsageError
		if !errors.As(err, &ue) || b != nil {
			t.Errorf("%q: got %q, %v; want a *UsageError", string(bad), b, err)
		}
	}
	for _, ok := range []globus.PathSegment{"...", "a..b", "c0ffee00-0000-4000-8000-000000000000", "a/b", ".x"} {
		if b, err := ok.MarshalText(); err != nil || string(b) != string(ok) {
			t.Errorf("%q: got %q, %v", string(ok), b, err)
		}
	}
}

func TestResponseErrorNamesTheCallAndWraps(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	err := error(&globus.ResponseError{Operation: "getTask", StatusCode: 200, ContentType: "application/json", Err: cause})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("the cause is not reachable")
	}
	for _, want := range []string{"getTask", "200", `"application/json"`, cause.Error()} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err.Error(), want)
		}
	}
	big := fmt.Errorf("read: %w", &globus.BodyTooLargeError{Limit: 10})
	var bt *globus.BodyTooLargeError
	if !errors.As(big, &bt) || bt.Limit != 10 || !strings.Contains(big.Error(), "10 bytes") {
		t.Errorf("BodyTooLargeError: %v", big)
	}
}

func TestRetryPolicyDefaultsAndValidation(t *testing.T) {
	p := globus.RetryPolicy{}.WithDefaults()
	if p.MaxRetries != globus.DefaultMaxRetries || p.BaseDelay != globus.DefaultBaseDelay ||
		p.MaxSleep != globus.DefaultMaxSleep || p.AttemptTimeout != globus.DefaultAttemptTimeout ||
		fmt.Sprint(p.RetryStatuses) != "[429 500 502 503 504]" {
		t.Errorf("defaults: %+v", p)
	}
	off := globus.RetryPolicy{MaxRetries: -1}.WithDefaults()
	if off.MaxRetries != -1 || off.WithDefaults().MaxRetries != -1 {
		t.Errorf("MaxRetries -1 became %d", off.MaxRetries)
	}
	for _, bad := range []globus.RetryPolicy{{BaseDelay: -1}, {MaxSleep: -1}, {RetryStatuses: []int{200}}} {
		if err := bad.Validate(); !errors.Is(err, globus.ErrInvalidRetryPolicy) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
