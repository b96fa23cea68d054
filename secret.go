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

// Secret is a string that must not be printed or logged: an access,
// refresh or id token, or a client secret, as received from Globus. The
// generated clients use it for every such field of a response.
//
// Printed with any fmt verb, or logged through log/slog, a Secret shows
// [Redacted], or "" (two quote marks) when it is empty, so that an empty
// secret can still be told from a hidden one. JSON encoding and decoding
// use the real value, because stored tokens and request bodies need it.
//
// Two consequences follow. A struct holding a Secret that is logged as a
// whole with slog's JSON handler is encoded with encoding/json and shows
// the value: log the SDK's wrappers (such as auth.OAuthTokenResponse and
// authorizers.TokenData), which redact, not the generated structs. And an
// encoder that formats fields with fmt, such as the oapi-codegen runtime's
// form encoder, would send [Redacted] instead of the value; that is why
// the generated request forms (authapi.TokenRequest and the revocation and
// introspection forms) keep plain strings.
//
// [Secret.Reveal] is the one way to read the value in code.
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

// MarshalJSON writes the real value as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(string(s)) }

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
