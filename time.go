package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Time is a timestamp as Globus sends it. Transfer writes timestamps as
// "2006-01-02 15:04:05-07:00" (a space instead of "T", sometimes no zone and
// sometimes fractional seconds), which encoding/json's time.Time refuses.
// Time accepts those layouts and RFC 3339 alike, and keeps the instant in
// its embedded time.Time.
//
// JSON null decodes to the zero Time; a zero Time encodes as null.
type Time struct {
	time.Time
}

// timeLayouts are tried in order; the first that parses wins. Layouts
// without a zone are read as UTC, which is what Globus means by them.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// ParseTime parses a Globus timestamp in any of the layouts that [Time]
// accepts.
func ParseTime(s string) (Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return Time{t}, nil
		}
	}
	return Time{}, fmt.Errorf("globus: %q is not a timestamp in a known layout", s)
}

// UnmarshalJSON implements [json.Unmarshaler].
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("globus: timestamp must be a JSON string: %w", err)
	}
	if s == "" {
		*t = Time{}
		return nil
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = parsed
	return nil
}

// MarshalJSON implements [json.Marshaler]. It writes RFC 3339, which Globus
// accepts on input, and null for the zero Time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.Format(time.RFC3339Nano))
}

// String formats the time as RFC 3339.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
