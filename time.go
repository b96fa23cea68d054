package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Time is a timestamp as Globus sends it. Transfer writes timestamps as
// "2006-01-02 15:04:05-07:00" (a space instead of "T", sometimes no zone and
// sometimes fractional seconds), which encoding/json's time.Time refuses.
// Time accepts those layouts and RFC 3339 alike, and keeps the instant in
// its embedded time.Time.
//
// JSON null decodes to the zero Time; a zero Time encodes as null. As text
// ([encoding.TextUnmarshaler] and [encoding.TextMarshaler]) Time reads and
// writes the same layouts as in JSON, the zero Time being empty text.
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
	// Try the layout the text's shape points at first: a failed time.Parse
	// allocates its error, and listings hold thousands of timestamps.
	if layout := likelyLayout(s); layout != "" {
		if t, err := time.Parse(layout, s); err == nil {
			return Time{t}, nil
		}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return Time{t}, nil
		}
	}
	return Time{}, fmt.Errorf("globus: %q is not a timestamp in a known layout", s)
}

// likelyLayout guesses the layout of s from the separator between date and
// time and from whether a zone follows the time, or returns "".
func likelyLayout(s string) string {
	const dateLen, dateTimeLen = len("2006-01-02"), len("2006-01-02 15:04:05")
	switch {
	case len(s) == dateLen:
		return "2006-01-02"
	case len(s) < dateTimeLen:
		return ""
	}
	zoned := s[len(s)-1] == 'Z' || strings.ContainsAny(s[dateTimeLen:], "+-")
	switch {
	case s[dateLen] == 'T' && zoned:
		return time.RFC3339Nano
	case s[dateLen] == 'T':
		return "2006-01-02T15:04:05.999999999"
	case s[dateLen] == ' ' && zoned && strings.Contains(s[dateTimeLen:], ":"):
		return "2006-01-02 15:04:05.999999999Z07:00"
	case s[dateLen] == ' ' && zoned:
		return "2006-01-02 15:04:05.999999999Z0700"
	case s[dateLen] == ' ':
		return "2006-01-02 15:04:05.999999999"
	}
	return ""
}

// UnmarshalJSON implements [json.Unmarshaler].
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	var s string
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 && bytes.IndexByte(b[1:n-1], '"') < 0 {
		// A string without escapes: its text is the bytes between the quotes.
		s = string(b[1 : n-1])
	} else if err := json.Unmarshal(b, &s); err != nil {
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

// UnmarshalText implements [encoding.TextUnmarshaler] with the layouts of
// UnmarshalJSON, so that a Time read from a query parameter, a map key or
// any other text decodes as it does from JSON. Empty text gives the zero
// Time.
func (t *Time) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = Time{}
		return nil
	}
	parsed, err := ParseTime(string(b))
	if err != nil {
		return err
	}
	*t = parsed
	return nil
}

// MarshalText implements [encoding.TextMarshaler]. It writes what
// MarshalJSON writes without the quotes: RFC 3339, and empty text for the
// zero Time.
func (t Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	return t.AppendFormat(nil, time.RFC3339Nano), nil
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
