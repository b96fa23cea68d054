package globus_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

func TestIntDecodesNumbersAndStrings(t *testing.T) {
	cases := map[string]int64{
		`10`:                    10,
		`"10"`:                  10,
		`" 42 "`:                42,
		`-7`:                    -7,
		`"-7"`:                  -7,
		`0`:                     0,
		`10.0`:                  10,
		`"1e3"`:                 1000,
		`9223372036854775807`:   9223372036854775807,
		`"9223372036854775807"`: 9223372036854775807,
	}
	for in, want := range cases {
		var got globus.Int
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got.Int64() != want {
			t.Errorf("%s decoded to %d; want %d", in, got, want)
		}
	}
}

func TestIntNullLeavesValue(t *testing.T) {
	n := globus.Int(5)
	if err := json.Unmarshal([]byte(`null`), &n); err != nil || n != 5 {
		t.Errorf("null: %d, %v; want 5 kept", n, err)
	}
}

func TestIntRejectsBadInput(t *testing.T) {
	for _, in := range []string{`"ten"`, `10.5`, `"10.5"`, `true`, `[]`, `""`} {
		var got globus.Int
		err := json.Unmarshal([]byte(in), &got)
		if err == nil {
			t.Errorf("%s decoded to %d; want an error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), "globus:") {
			t.Errorf("%s: error %q does not say where it comes from", in, err)
		}
	}
}

func TestIntEncodesAsNumber(t *testing.T) {
	doc := struct {
		Limit  globus.Int `json:"limit"`
		Offset globus.Int `json:"offset"`
	}{Limit: 100, Offset: -1}
	b, err := json.Marshal(doc)
	if err != nil || string(b) != `{"limit":100,"offset":-1}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
}

func ExampleInt() {
	var page struct {
		Limit  globus.Int `json:"limit"`
		Offset globus.Int `json:"offset"`
	}
	_ = json.Unmarshal([]byte(`{"limit": "100", "offset": 0}`), &page)
	fmt.Println(page.Limit, page.Offset)
	// Output: 100 0
}

func TestIntRejectsOutOfRange(t *testing.T) {
	for _, in := range []string{`"9223372036854775808"`, `9223372036854775808`, `1e300`, `"-1e19"`, `1.5`} {
		var n globus.Int
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("Unmarshal(%s) = %d, want an error", in, n)
		}
	}
	var n globus.Int
	if err := json.Unmarshal([]byte(`1e3`), &n); err != nil || n != 1000 {
		t.Errorf("Unmarshal(1e3) = %d, %v; want 1000", n, err)
	}
}
