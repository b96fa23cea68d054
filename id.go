package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ID is an identifier that Globus has sent both as a JSON string and as a
// JSON number (access rule, pause rule and administrative-cancel ids among
// others). Either form decodes to the same ID, holding the digits or text
// as sent; an ID always encodes as a JSON string.
type ID string

// UnmarshalJSON implements [json.Unmarshaler].
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*id = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("globus: id: %w", err)
		}
		*id = ID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("globus: id must be a string or a number, got %s", truncate(b, 32))
	}
	*id = ID(n.String())
	return nil
}

// MarshalJSON implements [json.Marshaler].
func (id ID) MarshalJSON() ([]byte, error) { return json.Marshal(string(id)) }

// String returns the id as text.
func (id ID) String() string { return string(id) }

func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}
