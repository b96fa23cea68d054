package globus_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

const sentinel = "SENTINEL-tok-9f3b"

func TestSecretNeverPrints(t *testing.T) {
	s := globus.Secret(sentinel)
	type holder struct {
		Token  globus.Secret
		Ptr    *globus.Secret
		Tokens []globus.Secret
		ByName map[string]globus.Secret
	}
	h := holder{Token: s, Ptr: &s, Tokens: []globus.Secret{s}, ByName: map[string]globus.Secret{"a": s}}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-8v", "%T"}
	for _, v := range []any{s, &s, h, &h, []globus.Secret{s}} {
		for _, verb := range verbs {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, sentinel) || strings.Contains(out, fmt.Sprintf("%x", sentinel)) {
				t.Errorf("Sprintf(%s, %T) = %q shows the secret", verb, v, out)
			}
		}
		if out := fmt.Sprint(v) + fmt.Sprintln(v); strings.Contains(out, sentinel) {
			t.Errorf("Sprint(%T) = %q shows the secret", v, out)
		}
	}
	if got := fmt.Sprint(s); got != globus.Redacted {
		t.Errorf("Sprint = %q, want %q", got, globus.Redacted)
	}
	if got := fmt.Sprintf("%#v", s); got != `globus.Secret("[REDACTED]")` {
		t.Errorf("%%#v = %s", got)
	}
	if got := fmt.Sprintf("%q", s); got != `"[REDACTED]"` {
		t.Errorf("%%q = %s", got)
	}

	var buf bytes.Buffer
	for _, hnd := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		slog.New(hnd).Info("token", "secret", s, "ptr", &s, slog.Group("g", "inner", s))
	}
	if strings.Contains(buf.String(), sentinel) || !strings.Contains(buf.String(), globus.Redacted) {
		t.Errorf("slog output shows the secret or no redaction: %s", buf.String())
	}
}

func TestEmptySecretIsVisiblyEmpty(t *testing.T) {
	var s globus.Secret
	if got := fmt.Sprint(s); got != `""` {
		t.Errorf("Sprint(empty) = %q, want two quote marks", got)
	}
	if got := fmt.Sprintf("%#v", s); got != `globus.Secret("")` {
		t.Errorf("%%#v of empty = %s", got)
	}
	if got := s.LogValue().String(); got != `""` {
		t.Errorf("LogValue of empty = %q", got)
	}
	if s.Reveal() != "" {
		t.Error("empty secret reveals a value")
	}
}

func TestSecretJSONHidesTheValueAndDecodesIt(t *testing.T) {
	type body struct {
		Token   globus.Secret  `json:"token"`
		Refresh *globus.Secret `json:"refresh,omitempty"`
		Empty   globus.Secret  `json:"empty"`
	}
	rt := globus.Secret("rt-" + sentinel)
	b, err := json.Marshal(body{Token: sentinel, Refresh: &rt})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"token":"[REDACTED]","refresh":"[REDACTED]","empty":""}` {
		t.Errorf("JSON = %s", b)
	}
	// slog's JSON handler encodes nested structs with encoding/json.
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("tokens", "body", body{Token: sentinel, Refresh: &rt},
		"list", []body{{Token: sentinel}}, "map", map[string]globus.Secret{"a": sentinel})
	if strings.Contains(logged.String(), sentinel) {
		t.Errorf("slog's JSON handler shows the secret: %s", logged.String())
	}

	var back body
	if err := json.Unmarshal([]byte(`{"token":"`+sentinel+`","refresh":"rt-`+sentinel+`"}`), &back); err != nil {
		t.Fatal(err)
	}
	if back.Token.Reveal() != sentinel || back.Refresh == nil || back.Refresh.Reveal() != "rt-"+sentinel {
		t.Errorf("decoded %d and %v bytes differ from what was sent", len(back.Token), back.Refresh != nil)
	}

	back = body{Token: "kept"}
	if err := json.Unmarshal([]byte(`{"token":null,"refresh":null}`), &back); err != nil || back.Token.Reveal() != "kept" || back.Refresh != nil {
		t.Errorf("null: err %v, token kept %t, refresh nil %t", err, back.Token.Reveal() == "kept", back.Refresh == nil)
	}
	var s globus.Secret
	for _, bad := range []string{`123`, `{"a":1}`, `["x"]`, `"unterminated`} {
		err := json.Unmarshal([]byte(bad), &s)
		if err == nil {
			t.Errorf("%s decoded into a Secret", bad)
		}
	}
	var esc globus.Secret
	if err := json.Unmarshal([]byte(`"a\"b\u003cc\u003e\u2028"`), &esc); err != nil || esc.Reveal() != "a\"b<c>\u2028" {
		t.Errorf("escapes decoded to %d bytes, err %v", len(esc.Reveal()), err)
	}
}

func ExampleSecret() {
	tok := globus.Secret("Agq1Bz-example-access-token")
	fmt.Println(tok)
	fmt.Printf("%+v\n", struct{ AccessToken globus.Secret }{tok})
	fmt.Println(len(tok.Reveal()))
	b, _ := json.Marshal(tok)
	fmt.Println(string(b))
	// Output:
	// [REDACTED]
	// {AccessToken:[REDACTED]}
	// 27
	// "[REDACTED]"
}
