package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Int is an integer that also decodes from a JSON string holding digits.
// Older Transfer responses send paging numbers such as "limit", "offset" and
// "total" as strings ("10"); newer ones send numbers. Both decode to the
// same Int. Int always encodes as a JSON number.
type Int int64

// UnmarshalJSON implements [json.Unmarshaler].
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("globus: integer string: %w", err)
		}
		b = []byte(strings.TrimSpace(s))
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		// Accept integral floats such as 10.0, which some encoders write.
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("globus: %q is not an integer", b)
		}
		v = int64(f)
	}
	*n = Int(v)
	return nil
}

// MarshalJSON implements [json.Marshaler].
func (n Int) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// Int64 returns n as an int64.
func (n Int) Int64() int64 { return int64(n) }
