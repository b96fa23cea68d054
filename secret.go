package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// Redacted is what a [Secret] shows in place of its value when printed or
// logged.
const Redacted = "[REDACTED]"

// Secret is a string that must not be printed, logged or encoded: an
// access, refresh or id token, a client secret, an authorization code. The
// generated clients use it for every such field, and the SDK's own types
// (authorizers.TokenData among them) hold secrets only as Secrets.
//
// Printed with any fmt verb, logged through log/slog (with any handler),
// or encoded with encoding/json, a Secret shows [Redacted], or "" (two
// quote marks; an empty JSON string) when it is empty, so that an empty
// secret can still be told from a hidden one. Decoding JSON reads the real
// value, so answers of Globus carry their tokens into a Secret.
//
// [Secret.Reveal] is the one way to read the value: the SDK calls it where
// the value must go on the wire (an Authorization header, a form body) and
// token storage calls it to write a file.
type Secret string

// Reveal returns the secret's value. It is the one way to read it; call it
// only where the value is needed, such as to build an Authorization header
// or to store a token, and never to print or log it.
func (s Secret) Reveal() string { return string(s) }

// String returns [Redacted], or `""` for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return `""`
	}
	return Redacted
}

// GoString is the redacted form for %#v: globus.Secret("[REDACTED]"), or
// globus.Secret("") for an empty secret.
func (s Secret) GoString() string {
	if s == "" {
		return `globus.Secret("")`
	}
	return `globus.Secret(` + strconv.Quote(Redacted) + `)`
}

// Format prints the redacted form for every verb, so that no verb (%x and
// %q included) can show the value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, s.GoString())
	case verb == 'q' && s != "":
		fmt.Fprint(f, strconv.Quote(Redacted))
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue implements [slog.LogValuer] with the redacted form.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes [Redacted] as a JSON string, or "" for an empty
// secret, so that a structure holding a Secret can be logged as JSON (as
// slog's JSON handler does) without showing it. Code that must write the
// value, such as token storage, calls Reveal.
func (s Secret) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte(`""`), nil
	}
	return []byte(`"` + Redacted + `"`), nil
}

// UnmarshalJSON reads a JSON string. JSON null leaves s unchanged.
func (s *Secret) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("globus: a secret must be a JSON string: %w", err)
	}
	*s = Secret(v)
	return nil
}
