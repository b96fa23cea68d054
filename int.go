package globus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
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
		// Accept integral floats such as 10.0 or 1e3, which some encoders
		// write, but only within the exact range of float64 integers, so
		// that the conversion below is defined on every platform.
		const maxExact = 1 << 53
		f, ferr := strconv.ParseFloat(string(b), 64)
		if !bytes.ContainsAny(b, ".eE") || ferr != nil || f != math.Trunc(f) || f > maxExact || f < -maxExact {
			return fmt.Errorf("globus: %q is not an integer in range", b)
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
