package globus_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/internal/fixtureseeds"
)

// fixtureValues returns the raw JSON values that the recorded responses
// hold under any of keys, at any depth. It returns nothing when the shared
// reference data is absent.
func fixtureValues(keys ...string) [][]byte {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	var out [][]byte
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			return
		}
		switch raw[0] {
		case '{':
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) != nil {
				return
			}
			for k, v := range m {
				if want[k] {
					out = append(out, bytes.Clone(v))
				}
				walk(v)
			}
		case '[':
			var l []json.RawMessage
			if json.Unmarshal(raw, &l) != nil {
				return
			}
			for _, v := range l {
				walk(v)
			}
		}
	}
	for _, b := range fixtureseeds.Bodies(nil) {
		walk(b)
	}
	return out
}

// FuzzInt decodes arbitrary JSON into globus.Int. A value that decodes must
// encode as a JSON number that decodes back to the same value, and every
// decimal integer in range, bare or quoted, must decode to itself.
func FuzzInt(f *testing.F) {
	for _, s := range []string{`0`, `10`, `"10"`, `" 25 "`, `-3`, `"-3"`, `null`, `10.0`, `1e3`, `1.5`, `"abc"`,
		`""`, `9223372036854775807`, `-9223372036854775808`, `9223372036854775808`, `"1e2"`, `true`, `[]`, `{}`} {
		f.Add([]byte(s))
	}
	for _, v := range fixtureValues("limit", "offset", "total", "length") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const sentinel = globus.Int(-424242)
		n := sentinel
		err := json.Unmarshal(data, &n)
		trimmed := strings.TrimSpace(string(data))
		if want, perr := strconv.ParseInt(trimmed, 10, 64); perr == nil {
			if json.Valid(data) && (err != nil || int64(n) != want) {
				t.Fatalf("%q: got %d, %v; want %d", data, n, err, want)
			}
			var q globus.Int
			if err := json.Unmarshal([]byte(strconv.Quote(trimmed)), &q); err != nil || int64(q) != want {
				t.Fatalf("quoted %q: got %d, %v; want %d", trimmed, q, err, want)
			}
		}
		if err != nil {
			return
		}
		if trimmed == "null" {
			if n != sentinel {
				t.Fatalf("null changed the value to %d", n)
			}
			return
		}
		enc, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("Marshal(%d): %v", n, err)
		}
		if _, err := strconv.ParseInt(string(enc), 10, 64); err != nil {
			t.Fatalf("Int encodes as %s, not a JSON integer", enc)
		}
		var back globus.Int
		if err := json.Unmarshal(enc, &back); err != nil || back != n {
			t.Fatalf("round trip of %d through %s gave %d, %v", n, enc, back, err)
		}
	})
}

// FuzzTime parses arbitrary text as a Globus timestamp, directly and as a
// JSON string. Both ways must agree, and a parsed time must survive an
// encode and decode with its instant unchanged.
func FuzzTime(f *testing.F) {
	for _, s := range []string{"2023-12-18 16:52:50+00:00", "2011-05-12 18:49:25", "2024-01-02T03:04:05Z",
		"2024-01-02T03:04:05.123456+02:00", "2024-01-02 03:04:05.5-0700", "2024-01-02", "", "not a time",
		"2024-13-40 25:61:61", "0000-01-01 00:00:00-23:59", "9999-12-31T23:59:59.999999999Z",
		"2024-02-29 12:00:00+00:00", "2023-02-29 12:00:00+00:00", "2024-04-31 00:00:00", "2024-01-02 03:04:05.123456789+00:00",
		"2024-01-02 03:04:05.1234567891+00:00", "2024-01-02T03:04:05+0000", "2024-01-02 03:04:05+0000", "2024-01-02 03:04:05.Z",
		"2024-01-02 24:00:00", "2024-01-02 23:59:60"} {
		f.Add(s)
	}
	for _, v := range fixtureValues("time", "request_time", "completion_time", "deadline", "last_modified",
		"created", "last_used", "expires", "created_time", "modified_time") {
		var s string
		if json.Unmarshal(v, &s) == nil {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fast, ok := globus.ParseUTC(s); ok {
			slow, err := globus.ParseTimeLayouts(s)
			if err != nil || !slow.Equal(fast) || fast.Location() != time.UTC {
				t.Fatalf("%q: the fast path gives %v, the layouts %v, %v", s, fast, slow, err)
			}
		}
		parsed, perr := globus.ParseTime(s)
		quoted, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var dec globus.Time
		derr := json.Unmarshal(quoted, &dec)
		switch {
		case s == "":
			if derr != nil || !dec.IsZero() {
				t.Fatalf(`"" decoded to %v, %v; want the zero Time`, dec, derr)
			}
			return
		case (perr == nil) != (derr == nil):
			t.Fatalf("%q: ParseTime error %v, UnmarshalJSON error %v", s, perr, derr)
		case perr != nil:
			return
		case !dec.Equal(parsed.Time):
			t.Fatalf("%q: ParseTime %v, UnmarshalJSON %v", s, parsed, dec)
		}
		enc, err := json.Marshal(parsed)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", parsed, err)
		}
		var back globus.Time
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("%q encodes as %s, which does not decode: %v", s, enc, err)
		}
		if !back.Equal(parsed.Time) {
			t.Fatalf("%q: round trip through %s moved the instant from %v to %v", s, enc, parsed.UTC(), back.UTC())
		}
		if parsed.IsZero() {
			return
		}
		if _, err := time.Parse(time.RFC3339Nano, parsed.String()); err != nil && parsed.Year() >= 0 && parsed.Year() <= 9999 {
			t.Fatalf("String() = %q is not RFC 3339: %v", parsed.String(), err)
		}
	})
}

// FuzzID decodes arbitrary JSON into globus.ID. A string decodes to itself,
// a number to its literal text, and whatever decodes survives a round trip.
func FuzzID(f *testing.F) {
	for _, s := range []string{`"5f6a-0b"`, `12345`, `-7`, `1.5e3`, `null`, `""`, `"\u00e9\n"`, `true`, `{}`, `[1]`,
		`123456789012345678901234567890`} {
		f.Add([]byte(s))
	}
	for _, v := range fixtureValues("id", "task_id", "rule_id", "access_id") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var id globus.ID
		err := json.Unmarshal(data, &id)
		var any_ any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if json.Valid(data) && dec.Decode(&any_) == nil {
			switch v := any_.(type) {
			case string:
				if err != nil || string(id) != v {
					t.Fatalf("%s: got %q, %v; want %q", data, id, err, v)
				}
			case json.Number:
				if err != nil || string(id) != v.String() {
					t.Fatalf("%s: got %q, %v; want %q", data, id, err, v)
				}
			case nil:
				if err != nil || id != "" {
					t.Fatalf("null: got %q, %v", id, err)
				}
			default:
				if err == nil {
					t.Fatalf("%s decoded to %q; want an error", data, id)
				}
			}
		}
		if err != nil {
			return
		}
		enc, err := json.Marshal(id)
		if err != nil {
			t.Fatal(err)
		}
		var back globus.ID
		if err := json.Unmarshal(enc, &back); err != nil || back != id {
			t.Fatalf("round trip of %q through %s gave %q, %v", id, enc, back, err)
		}
	})
}
