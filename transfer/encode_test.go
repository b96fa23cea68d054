package transfer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/globus-go/globus/gen/transferapi"
)

// TestFastItemEncoding fails when the generated item types change, so
// that the item writers of encode.go are updated rather than bypassed.
func TestFastItemEncoding(t *testing.T) {
	if !fastItems {
		t.Fatalf("the generated item types are not the ones encode.go writes:\nTransferItem %q\nDeleteItem %q",
			fieldTags(reflect.TypeFor[transferapi.TransferItem]()), fieldTags(reflect.TypeFor[transferapi.DeleteItem]()))
	}
}

// sameAsEncodingJSON checks that the submission encoders write what
// encoding/json writes for the same documents.
func sameAsEncodingJSON(t *testing.T, tdoc transferapi.TransferDocument, ddoc transferapi.DeleteDocument) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want func() ([]byte, error)
	}{
		{"transfer", func() ([]byte, error) { return encodeTransfer(tdoc) }, func() ([]byte, error) { return json.Marshal(tdoc) }},
		{"delete", func() ([]byte, error) { return encodeDelete(ddoc) }, func() ([]byte, error) { return json.Marshal(ddoc) }},
	} {
		got, err := c.got()
		want, werr := c.want()
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, encoding/json %v", c.name, err, werr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %s\nwant %s", c.name, got, want)
		}
	}
}

func TestEncodersMatchEncodingJSON(t *testing.T) {
	td := NewTransferData("src", "dst").SetLabel("all <options> & more").SetDeadline(time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)).
		SetSyncLevel(SyncChecksum).SetVerifyChecksum(true).SetNotifyOnFailed(false).SetSubmissionID("sub").
		AddFile("/a \"quoted\"\n", "/b\u2028\u2029").
		Add(Item{SourcePath: "/c", DestinationPath: "/d", ExternalChecksum: "abc", ChecksumAlgorithm: "MD5"}).
		AddDirectory("/dir/", "/dir2/").AddSymlink("/link", "/link2")
	tdoc, err := td.Build()
	if err != nil {
		t.Fatal(err)
	}
	dd := NewDeleteData("ep").SetSubmissionID("sub").SetRecursive(true).Add("/x", "/y\x01<z>")
	ddoc, err := dd.Build()
	if err != nil {
		t.Fatal(err)
	}
	sameAsEncodingJSON(t, tdoc, ddoc)
	if td.Len() != 4 {
		t.Errorf("Len() = %d, want 4", td.Len())
	}
	// MarshalJSON writes what SubmitTransfer and SubmitDelete send.
	for _, c := range []struct {
		m   json.Marshaler
		doc any
	}{{td, tdoc}, {dd, ddoc}} {
		got, err := c.m.MarshalJSON()
		want, _ := json.Marshal(c.doc)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("MarshalJSON: %s, %v; want %s", got, err, want)
		}
	}
	if _, err := NewTransferData("a", "b").MarshalJSON(); err == nil {
		t.Error("MarshalJSON of a transfer without items: no error")
	}
	sameAsEncodingJSON(t, transferapi.TransferDocument{}, transferapi.DeleteDocument{})
	sameAsEncodingJSON(t, transferapi.TransferDocument{DATA: []transferapi.TransferItem{}}, transferapi.DeleteDocument{DATA: []transferapi.DeleteItem{}})
}

func FuzzEncoders(f *testing.F) {
	f.Add("/a", "/b", "", "", false, "label")
	f.Add("<&>", "\u2028\x00\x1f", "sha", "x\xffy", true, "\"\\")
	f.Fuzz(func(t *testing.T, src, dst, checksum, algorithm string, recursive bool, label string) {
		tdoc := transferapi.TransferDocument{DATATYPE: "transfer", Label: label, SourceEndpoint: "s", DestinationEndpoint: "d",
			DATA: []transferapi.TransferItem{
				{DATATYPE: transferapi.TransferItemDATATYPETransferItem, SourcePath: src, DestinationPath: dst,
					ExternalChecksum: checksum, ChecksumAlgorithm: algorithm, Recursive: recursive},
				{DATATYPE: transferapi.TransferItemDATATYPETransferItem, SourcePath: dst, DestinationPath: src},
			}}
		ddoc := transferapi.DeleteDocument{DATATYPE: "delete", Label: label, Endpoint: "e",
			DATA: []transferapi.DeleteItem{{DATATYPE: "delete_item", Path: src}, {Path: dst}}}
		sameAsEncodingJSON(t, tdoc, ddoc)
	})
}
