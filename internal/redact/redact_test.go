package redact_test

import (
	"fmt"
	"testing"

	"github.com/globus-go/globus/internal/redact"
)

type holder struct{ secret string }

func (h holder) String() string                { return "holder{" + redact.OrEmpty(h.secret) + "}" }
func (h holder) GoString() string              { return "redact_test.holder{" + redact.OrEmpty(h.secret) + "}" }
func (h holder) Format(f fmt.State, verb rune) { redact.Format(f, verb, h) }

func TestFormatNeverShowsTheSecret(t *testing.T) {
	h := holder{secret: "s3cret-sentinel"}
	for _, verb := range []string{"%v", "%+v", "%s", "%q", "%x", "%d"} {
		if got := fmt.Sprintf(verb, h); got != "holder{[REDACTED]}" {
			t.Errorf("%s: %q", verb, got)
		}
	}
	if got := fmt.Sprintf("%#v", h); got != "redact_test.holder{[REDACTED]}" {
		t.Errorf("%%#v: %q", got)
	}
	if got := fmt.Sprint(holder{}); got != `holder{""}` {
		t.Errorf("empty secret: %q", got)
	}
}
