package globus_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
)

func TestTimeDecodesGlobusLayouts(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	cases := map[string]time.Time{
		`"2024-03-05T10:20:30Z"`:             utc(2024, 3, 5, 10, 20, 30, 0),
		`"2024-03-05T10:20:30.123456+00:00"`: utc(2024, 3, 5, 10, 20, 30, 123456000),
		`"2024-03-05 10:20:30+00:00"`:        utc(2024, 3, 5, 10, 20, 30, 0),
		`"2024-03-05 12:20:30+02:00"`:        utc(2024, 3, 5, 10, 20, 30, 0),
		`"2024-03-05 10:20:30.5+0000"`:       utc(2024, 3, 5, 10, 20, 30, 500000000),
		`"2024-03-05 10:20:30"`:              utc(2024, 3, 5, 10, 20, 30, 0),
		`"2024-03-05 10:20:30.000001"`:       utc(2024, 3, 5, 10, 20, 30, 1000),
		`"2024-03-05T10:20:30"`:              utc(2024, 3, 5, 10, 20, 30, 0),
		`"2024-03-05"`:                       utc(2024, 3, 5, 0, 0, 0, 0),
		`"2024-03-05T05:20:30.999999-05:00"`: utc(2024, 3, 5, 10, 20, 30, 999999000),
	}
	for in, want := range cases {
		var got globus.Time
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s decoded to %v; want %v", in, got.Time, want)
		}
	}
}

func TestTimeNullAndEmpty(t *testing.T) {
	for _, in := range []string{`null`, `""`} {
		got := globus.Time{Time: time.Now()}
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.IsZero() {
			t.Errorf("%s: %v, %v; want the zero Time", in, got, err)
		}
	}
	var doc struct {
		At *globus.Time `json:"at"`
	}
	if err := json.Unmarshal([]byte(`{"at": null}`), &doc); err != nil || doc.At != nil {
		t.Errorf("null into *Time: %v, %v", doc.At, err)
	}
}

func TestTimeRejectsBadInput(t *testing.T) {
	for _, in := range []string{`"yesterday"`, `"2024-13-40 10:00:00"`, `12345`, `true`, `{}`, `"2024-03-05 25:00:00"`} {
		var got globus.Time
		err := json.Unmarshal([]byte(in), &got)
		if err == nil {
			t.Errorf("%s decoded to %v; want an error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), "globus:") {
			t.Errorf("%s: error %q does not say where it comes from", in, err)
		}
	}
	if _, err := globus.ParseTime("not a time"); err == nil || !strings.Contains(err.Error(), `"not a time"`) {
		t.Errorf("ParseTime error %v does not quote the input", err)
	}
}

func TestTimeRoundTrip(t *testing.T) {
	in := globus.Time{Time: time.Date(2024, 3, 5, 10, 20, 30, 123000000, time.UTC)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `"2024-03-05T10:20:30.123Z"` {
		t.Errorf("Marshal = %s", b)
	}
	var out globus.Time
	if err := json.Unmarshal(b, &out); err != nil || !out.Equal(in.Time) {
		t.Errorf("round trip gave %v, %v", out, err)
	}
	if b, _ := json.Marshal(globus.Time{}); string(b) != "null" {
		t.Errorf("zero Time marshals to %s; want null", b)
	}
	if s := in.String(); s != "2024-03-05T10:20:30Z" {
		t.Errorf("String() = %q", s)
	}
	if s := (globus.Time{}).String(); s != "" {
		t.Errorf("zero String() = %q", s)
	}
}

func ExampleParseTime() {
	t, err := globus.ParseTime("2024-03-05 10:20:30+00:00")
	if err != nil {
		panic(err)
	}
	fmt.Println(t)
	// Output: 2024-03-05T10:20:30Z
}
