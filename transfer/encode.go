package transfer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"unicode/utf8"

	"github.com/globus-go/globus/gen/transferapi"
)

// Submission documents can hold hundreds of thousands of items, and
// encoding/json spends most of a big submission walking each item's struct
// by reflection. encodeTransfer and encodeDelete write the items
// themselves, byte for byte as encoding/json would (the tests compare the
// two on fuzzed documents), and leave everything else of the document to
// encoding/json.
//
// The item writers know the fields of the generated item types. Should a
// spec change give those types other fields, fastItems turns false and
// every document goes through encoding/json alone (TestFastItemEncoding
// fails first, as a reminder to update the writers).

// MarshalJSON implements [json.Marshaler]: it checks the document as
// [TransferData.Build] does and encodes it as [Client.SubmitTransfer]
// sends it, except that SubmitTransfer first fetches a submission id when
// none is set.
func (t *TransferData) MarshalJSON() ([]byte, error) {
	doc, err := t.Build()
	if err != nil {
		return nil, err
	}
	return encodeTransfer(doc)
}

// MarshalJSON implements [json.Marshaler]: it checks the document as
// [DeleteData.Build] does and encodes it as [Client.SubmitDelete] sends
// it, except that SubmitDelete first fetches a submission id when none is
// set.
func (d *DeleteData) MarshalJSON() ([]byte, error) {
	doc, err := d.Build()
	if err != nil {
		return nil, err
	}
	return encodeDelete(doc)
}

// fieldTags lists the Go field names and json tags of a struct type.
func fieldTags(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		out = append(out, f.Name+" "+f.Tag.Get("json"))
	}
	return out
}

var (
	transferItemFields = []string{
		"DATATYPE DATA_TYPE",
		"ChecksumAlgorithm checksum_algorithm,omitempty,omitzero",
		"DestinationPath destination_path",
		"ExternalChecksum external_checksum,omitempty,omitzero",
		"Recursive recursive,omitempty,omitzero",
		"SourcePath source_path",
	}
	deleteItemFields = []string{
		"DATATYPE DATA_TYPE,omitempty,omitzero",
		"Path path",
	}
	// fastItems reports whether the generated item types are the ones the
	// writers below know, and their documents' first field is DATA.
	fastItems = reflect.DeepEqual(fieldTags(reflect.TypeFor[transferapi.TransferItem]()), transferItemFields) &&
		reflect.DeepEqual(fieldTags(reflect.TypeFor[transferapi.DeleteItem]()), deleteItemFields) &&
		fieldTags(reflect.TypeFor[transferapi.TransferDocument]())[0] == "DATA DATA" &&
		fieldTags(reflect.TypeFor[transferapi.DeleteDocument]())[0] == "DATA DATA"
)

// encodeTransfer encodes doc as encoding/json does.
func encodeTransfer(doc transferapi.TransferDocument) ([]byte, error) {
	if items := doc.DATA; fastItems && items != nil {
		doc.DATA = nil
		if b, ok, err := spliceItems(doc, items, transferItemSize, appendTransferItem); ok {
			return b, err
		}
		doc.DATA = items
	}
	return json.Marshal(doc)
}

// encodeDelete encodes doc as encoding/json does.
func encodeDelete(doc transferapi.DeleteDocument) ([]byte, error) {
	if items := doc.DATA; fastItems && items != nil {
		doc.DATA = nil
		if b, ok, err := spliceItems(doc, items, deleteItemSize, appendDeleteItem); ok {
			return b, err
		}
		doc.DATA = items
	}
	return json.Marshal(doc)
}

// spliceItems encodes doc, whose DATA is nil, with encoding/json, and
// writes items with appendItem in the place of the "DATA":null that
// encoding/json puts first. size tells about what an item takes: its
// fixed part and its strings, which escaping may lengthen. spliceItems
// reports false, having done nothing, when the encoding does not start
// that way.
func spliceItems[I any](doc any, items []I, size func(*I) int, appendItem func([]byte, *I) []byte) ([]byte, bool, error) {
	rest, err := json.Marshal(doc)
	if err != nil {
		return nil, true, err
	}
	tail, ok := bytes.CutPrefix(rest, []byte(`{"DATA":null`))
	if !ok {
		return nil, false, nil
	}
	n := len(rest) + 16
	for i := range items {
		n += size(&items[i])
	}
	b := make([]byte, 0, n)
	b = append(b, `{"DATA":[`...)
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendItem(b, &items[i])
	}
	b = append(b, ']')
	return append(b, tail...), true, nil
}

func transferItemSize(it *transferapi.TransferItem) int {
	return 104 + len(it.SourcePath) + len(it.DestinationPath) + len(it.ExternalChecksum) + len(it.ChecksumAlgorithm)
}

func deleteItemSize(it *transferapi.DeleteItem) int { return 40 + len(it.Path) }

func appendTransferItem(b []byte, it *transferapi.TransferItem) []byte {
	b = append(b, `{"DATA_TYPE":`...)
	b = appendString(b, string(it.DATATYPE))
	if it.ChecksumAlgorithm != "" {
		b = append(b, `,"checksum_algorithm":`...)
		b = appendString(b, it.ChecksumAlgorithm)
	}
	b = append(b, `,"destination_path":`...)
	b = appendString(b, it.DestinationPath)
	if it.ExternalChecksum != "" {
		b = append(b, `,"external_checksum":`...)
		b = appendString(b, it.ExternalChecksum)
	}
	if it.Recursive {
		b = append(b, `,"recursive":true`...)
	}
	b = append(b, `,"source_path":`...)
	b = appendString(b, it.SourcePath)
	return append(b, '}')
}

func appendDeleteItem(b []byte, it *transferapi.DeleteItem) []byte {
	b = append(b, '{')
	if it.DATATYPE != "" {
		b = append(b, `"DATA_TYPE":`...)
		b = appendString(b, it.DATATYPE)
		b = append(b, ',')
	}
	b = append(b, `"path":`...)
	b = appendString(b, it.Path)
	return append(b, '}')
}

// appendString appends s as a JSON string the way encoding/json writes
// it: <, > and & escaped for HTML, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
