package httpx

import (
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// decodeOptions are the semantics of encoding/json (case-insensitive
// names, the UnmarshalJSON methods of globus.Time, globus.Int and
// nullable.Nullable), which the specs and fixtures are checked with, but
// for one: encoding/json validates a whole value before it decodes any of
// it, which needs the whole body in memory. Decoding stops at the first
// error instead, and the half-decoded value is thrown away.
var decodeOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))

// decodeJSON decodes the one JSON value that r holds into out, reading it
// as a stream: the decoder holds a small window of the input, not the whole
// body (encoding/json's Decoder, and its v1 form here, first buffer the
// whole value, doubling the buffer as it grows). What follows the value
// may only be whitespace.
func decodeJSON(r io.Reader, out any) error {
	return jsonv2.UnmarshalRead(r, out, decodeOptions)
}
