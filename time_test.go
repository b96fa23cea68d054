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

// timeTextSamples holds one timestamp in each layout that Time accepts (and
// in each shape that ParseTime recognises before trying them all), with the
// instant it stands for.
var timeTextSamples = []struct {
	layout string
	text   string
	want   time.Time
}{
	{time.RFC3339Nano, "2023-12-18T16:52:50Z", time.Date(2023, 12, 18, 16, 52, 50, 0, time.UTC)},
	{time.RFC3339Nano, "2023-12-18T18:52:50.25+02:00", time.Date(2023, 12, 18, 16, 52, 50, 250000000, time.UTC)},
	{"2006-01-02 15:04:05.999999999Z07:00", "2023-12-18 16:52:50+00:00", time.Date(2023, 12, 18, 16, 52, 50, 0, time.UTC)},
	{"2006-01-02 15:04:05.999999999Z07:00", "2023-12-18 16:52:50.000001Z", time.Date(2023, 12, 18, 16, 52, 50, 1000, time.UTC)},
	{"2006-01-02 15:04:05.999999999Z0700", "2023-12-18 11:52:50.5-0500", time.Date(2023, 12, 18, 16, 52, 50, 500000000, time.UTC)},
	{"2006-01-02 15:04:05.999999999", "2023-12-18 16:52:50.123456", time.Date(2023, 12, 18, 16, 52, 50, 123456000, time.UTC)},
	{"2006-01-02T15:04:05.999999999", "2023-12-18T16:52:50", time.Date(2023, 12, 18, 16, 52, 50, 0, time.UTC)},
	{"2006-01-02", "2023-12-18", time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC)},
}

// timeRejected are texts that no layout of Time accepts.
var timeRejected = []string{"yesterday", "2023-13-40 10:00:00", "2023-12-18 25:00:00", "2023-12-18T16:52", "12345", " 2023-12-18"}

// decodeBoth decodes s with UnmarshalJSON (as a JSON string) and with
// UnmarshalText.
func decodeBoth(t *testing.T, s string) (fromJSON, fromText globus.Time, errJSON, errText error) {
	t.Helper()
	q, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	errJSON = fromJSON.UnmarshalJSON(q)
	errText = fromText.UnmarshalText([]byte(s))
	return fromJSON, fromText, errJSON, errText
}

func TestTimeTextAcceptsTheJSONLayouts(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range timeTextSamples {
		if _, err := time.Parse(c.layout, c.text); err != nil {
			t.Fatalf("sample %q is not in layout %q: %v", c.text, c.layout, err)
		}
		covered[c.layout] = true
		j, x, errJSON, errText := decodeBoth(t, c.text)
		if errJSON != nil || errText != nil {
			t.Errorf("%q: UnmarshalJSON error %v, UnmarshalText error %v; want both to accept it", c.text, errJSON, errText)
			continue
		}
		if !j.Equal(c.want) || !x.Equal(c.want) || j.Location() != x.Location() {
			t.Errorf("%q: UnmarshalJSON gave %v, UnmarshalText %v; want %v from both", c.text, j.Time, x.Time, c.want)
		}
	}
	// The table has a sample of every layout, and every layout, whatever
	// time it formats, is accepted by both or by neither.
	at := time.Date(2023, 12, 18, 16, 52, 50, 123456789, time.FixedZone("", -5*3600))
	for _, layout := range globus.TimeLayouts {
		if !covered[layout] {
			t.Errorf("no sample of layout %q", layout)
		}
		s := at.Format(layout)
		j, x, errJSON, errText := decodeBoth(t, s)
		if errJSON != nil || errText != nil || !j.Equal(x.Time) {
			t.Errorf("layout %q, %q: JSON %v (%v), text %v (%v)", layout, s, j.Time, errJSON, x.Time, errText)
		}
	}
	for _, s := range timeRejected {
		_, _, errJSON, errText := decodeBoth(t, s)
		if errJSON == nil || errText == nil {
			t.Errorf("%q: UnmarshalJSON error %v, UnmarshalText error %v; want both to refuse it", s, errJSON, errText)
		}
	}
}

func TestTimeTextMatchesJSON(t *testing.T) {
	for _, in := range []globus.Time{
		{},
		{Time: time.Date(2023, 12, 18, 16, 52, 50, 0, time.UTC)},
		{Time: time.Date(2023, 12, 18, 16, 52, 50, 120000000, time.FixedZone("", 3600))},
	} {
		text, err := in.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		j, err := in.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Trim(string(j), `"`); in.IsZero() && len(text) != 0 || !in.IsZero() && string(text) != want {
			t.Errorf("%v: MarshalText %q, MarshalJSON %s", in.Time, text, j)
		}
		out := globus.Time{Time: time.Now()}
		if err := out.UnmarshalText(text); err != nil || !out.Equal(in.Time) {
			t.Errorf("%v: MarshalText then UnmarshalText gave %v, %v", in.Time, out.Time, err)
		}
	}
	// A Time is read from text wherever encoding/json wants text, such as
	// a map key: the Globus layout "2023-12-18 16:52:50+00:00" is one that
	// the embedded time.Time's UnmarshalText refuses.
	var m map[globus.Time]int
	if err := json.Unmarshal([]byte(`{"2023-12-18 16:52:50+00:00": 1}`), &m); err != nil {
		t.Fatalf("map key: %v", err)
	}
	for k := range m {
		if !k.Equal(time.Date(2023, 12, 18, 16, 52, 50, 0, time.UTC)) {
			t.Errorf("map key decoded to %v", k.Time)
		}
	}
}
