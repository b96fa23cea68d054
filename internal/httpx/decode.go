package httpx

import (
	"errors"
	"io"
	"net/http"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// decodeOptions are the semantics of encoding/json (case-insensitive
// names, the UnmarshalJSON methods of globus.Time, globus.Int and
// nullable.Nullable), which the specs and fixtures are checked with, but
// for one: encoding/json validates a whole value before it decodes any of
// it, which needs the whole body in memory. Decoding stops at the first
// error instead, and the half-decoded value is thrown away.
var decodeOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))

// Decoding is how a client package decodes its answers: decodeOptions,
// and the lists that [List] decodes block by block. The zero Decoding
// decodes with decodeOptions alone.
type Decoding struct {
	opts jsonv2.Options
}

// NewDecoding returns a Decoding that decodes the lists of lists as
// [List] says, and everything else with the semantics of encoding/json.
// The generated operation methods of a client package build one from the
// item types of their answers' lists.
func NewDecoding(lists ...*jsonv2.Unmarshalers) Decoding {
	if len(lists) == 0 {
		return Decoding{}
	}
	return Decoding{opts: jsonv2.JoinOptions(decodeOptions, jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(lists...)))}
}

func (d Decoding) options() jsonv2.Options {
	if d.opts == nil {
		return decodeOptions
	}
	return d.opts
}

// listBlock is the largest block in which [List] collects a list's items.
const listBlock = 4096

// List returns the unmarshaler of JSON arrays into []T that collects the
// items in blocks which are never copied while the list grows, then puts
// them into one slice of the exact length. Growing a slice by doubling,
// as the decoder otherwise does, copies and clears each item several
// times, and leaves its discarded arrays to the collector: for an ls of
// 10,000 entries it allocated more than twice the bytes and took a fifth
// longer. null gives a nil slice, as encoding/json does; anything but an
// array or null is left to the decoder, which refuses it.
func List[T any]() *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, out *[]T) error {
		switch dec.PeekKind() {
		case 'n':
			_, err := dec.ReadToken()
			*out = nil
			return err
		case '[':
		default:
			return errors.ErrUnsupported
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		var full [][]T
		cur := make([]T, 0, 16)
		n := 0
		for dec.PeekKind() != ']' {
			if len(cur) == cap(cur) {
				full = append(full, cur)
				cur = make([]T, 0, min(2*cap(cur), listBlock))
			}
			cur = cur[:len(cur)+1]
			// The decoder carries the options of the whole call.
			if err := jsonv2.UnmarshalDecode(dec, &cur[len(cur)-1]); err != nil {
				return err
			}
			n++
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		if len(full) == 0 {
			*out = cur
			return nil
		}
		items := make([]T, 0, n)
		for _, b := range full {
			items = append(items, b...)
		}
		*out = append(items, cur...)
		return nil
	})
}

// decodeJSON decodes the one JSON value that r holds into out, reading it
// as a stream: the decoder holds a small window of the input, not the whole
// body (encoding/json's Decoder, and its v1 form here, first buffer the
// whole value, doubling the buffer as it grows). What follows the value
// may only be whitespace.
func decodeJSON(d Decoding, r io.Reader, out any) error {
	return jsonv2.UnmarshalRead(r, out, d.options())
}

// Decode is [DecodeWith] with the zero Decoding.
func Decode[T any](call *Call, resp *http.Response, err error) (*T, error) {
	return DecodeWith[T](Decoding{}, call, resp, err)
}
