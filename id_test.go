package globus_test

import (
	"encoding/json"
	"testing"

	"github.com/globus-go/globus"
)

func TestIDDecodesStringsAndNumbers(t *testing.T) {
	cases := map[string]globus.ID{
		`"1234"`:                                 "1234",
		`1234`:                                   "1234",
		`"a3b1c2d4-0000-4000-8000-000000000001"`: "a3b1c2d4-0000-4000-8000-000000000001",
		`null`:                                   "",
		`12345678901234567890`:                   "12345678901234567890",
	}
	for in, want := range cases {
		var got globus.ID
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("Unmarshal(%s): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("Unmarshal(%s) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{`true`, `{}`, `[1]`} {
		var got globus.ID
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %q, want an error", bad, got)
		}
	}
}

func TestIDEncodesAsString(t *testing.T) {
	b, err := json.Marshal(struct{ ID globus.ID }{"42"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"ID":"42"}` {
		t.Errorf("Marshal = %s", b)
	}
}
