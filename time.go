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
	if t, ok := parseUTC(s); ok {
		return Time{t}, nil
	}
	return parseTimeLayouts(s)
}

// parseTimeLayouts is ParseTime without the fast path of parseUTC.
func parseTimeLayouts(s string) (Time, error) {
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
		if parsed, ok := parseUTC(b[1 : n-1]); ok {
			*t = Time{parsed}
			return nil
		}
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

// parseUTC reads the timestamps Globus sends most, a date and a time of
// day in UTC ("2023-12-18 16:52:50+00:00", "2024-01-02T03:04:05.5Z", or
// with no zone at all), without allocating: a listing holds one per entry,
// and time.Parse allocates a time zone for every +00:00. It reports false
// for anything else, which the layouts of ParseTime then decide; for what
// it accepts, it gives the instant they would give, in UTC.
func parseUTC[S string | []byte](s S) (time.Time, bool) {
	const dateTime = len("2006-01-02 15:04:05")
	if len(s) < dateTime || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	if day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false // no such day in that month
	}
	rest := s[dateTime:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		digits := 0
		for digits+1 < len(rest) && rest[digits+1] >= '0' && rest[digits+1] <= '9' {
			digits++
		}
		if digits == 0 || digits > 9 {
			return time.Time{}, false
		}
		frac, _ := num(dateTime+1, digits)
		for range 9 - digits {
			frac *= 10
		}
		nsec, rest = frac, rest[1+digits:]
	}
	switch string(rest) {
	case "", "Z", "+00:00":
	case "+0000":
		if s[10] == 'T' {
			return time.Time{}, false // RFC 3339 has no zone without a colon
		}
	default:
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
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
