package transfer_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/transfer"
)

func transferDataForTest() *transfer.TransferData {
	return transfer.NewTransferData(epID, hostEPID).
		SetLabel("nightly backup").
		AddFile("/data/a.txt", "/archive/a.txt").
		AddDirectory("/data/runs/", "/archive/runs/")
}

func deleteDataForTest() *transfer.DeleteData {
	return transfer.NewDeleteData(epID).SetRecursive(true).Add("/scratch/tmp/")
}

// asMap encodes v and decodes it back generically, to look at the JSON the
// service would receive.
func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// everyFieldTransfer sets every option and every kind of item.
func everyFieldTransfer(deadline time.Time) *transfer.TransferData {
	return transfer.NewTransferData(epID, hostEPID).
		SetSubmissionID("sub-1").
		SetLabel("nightly, run-1_x").
		SetDeadline(deadline).
		SetNotifyOnSucceeded(false).
		SetNotifyOnFailed(true).
		SetNotifyOnInactive(false).
		SetSyncLevel(transfer.SyncChecksum).
		SetVerifyChecksum(true).
		SetPreserveTimestamp(true).
		SetEncryptData(true).
		SetSkipSourceErrors(true).
		SetFailOnQuotaErrors(true).
		SetDeleteDestinationExtra(false).
		SetStoreBasePathInfo(true).
		SetRecursiveSymlinks(transfer.SymlinksKeep).
		SetSourceLocalUser("alice").
		SetDestinationLocalUser("archive").
		AddFilterRule(transfer.FilterRule{Name: "*.tmp"}).
		AddFilterRule(transfer.FilterRule{Method: transfer.FilterInclude, Name: "keep", Type: transfer.FilterDir}).
		Add(transfer.Item{SourcePath: "/a", DestinationPath: "/b", ExternalChecksum: "d41d8cd98f00b204e9800998ecf8427e", ChecksumAlgorithm: "MD5"}).
		AddDirectory("/dir/", "/out/").
		AddSymlink("/link", "/link")
}

func TestTransferDataBuildEveryField(t *testing.T) {
	deadline := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	td := everyFieldTransfer(deadline)

	doc, err := td.Build()
	if err != nil {
		t.Fatal(err)
	}
	m := asMap(t, doc)
	want := map[string]any{
		"DATA_TYPE": "transfer", "source_endpoint": epID, "destination_endpoint": hostEPID,
		"submission_id": "sub-1", "label": "nightly, run-1_x", "deadline": "2030-05-06T07:08:09Z",
		"notify_on_succeeded": false, "notify_on_failed": true, "notify_on_inactive": false,
		"sync_level": float64(3), "verify_checksum": true, "preserve_timestamp": true, "encrypt_data": true,
		"skip_source_errors": true, "fail_on_quota_errors": true,
		"store_base_path_info": true, "recursive_symlinks": "keep", "source_local_user": "alice", "destination_local_user": "archive",
		// Set to false, the service's default, which is not sent.
		"delete_destination_extra": nil,
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	rules := m["filter_rules"].([]any)
	if len(rules) != 2 {
		t.Fatalf("filter_rules = %v", rules)
	}
	r0, r1 := rules[0].(map[string]any), rules[1].(map[string]any)
	if r0["method"] != "exclude" || r0["name"] != "*.tmp" || r0["type"] != nil || r0["DATA_TYPE"] != "filter_rule" {
		t.Errorf("first rule = %v", r0)
	}
	if r1["method"] != "include" || r1["type"] != "dir" {
		t.Errorf("second rule = %v", r1)
	}
	items := m["DATA"].([]any)
	if len(items) != 3 {
		t.Fatalf("DATA has %d items", len(items))
	}
	i0, i1, i2 := items[0].(map[string]any), items[1].(map[string]any), items[2].(map[string]any)
	if i0["DATA_TYPE"] != "transfer_item" || i0["external_checksum"] != "d41d8cd98f00b204e9800998ecf8427e" || i0["checksum_algorithm"] != "MD5" || i0["recursive"] != nil {
		t.Errorf("file item = %v", i0)
	}
	if i1["recursive"] != true || i1["source_path"] != "/dir/" {
		t.Errorf("directory item = %v", i1)
	}
	if i2["DATA_TYPE"] != "transfer_symlink_item" || i2["recursive"] != nil {
		t.Errorf("symlink item = %v", i2)
	}
}

func TestTransferDataLeavesUnsetOptionsOut(t *testing.T) {
	doc, err := transfer.NewTransferData(epID, hostEPID).AddFile("/a", "/b").Build()
	if err != nil {
		t.Fatal(err)
	}
	m := asMap(t, doc)
	for _, k := range []string{"submission_id", "label", "deadline", "sync_level", "verify_checksum", "notify_on_succeeded", "filter_rules", "encrypt_data"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s was sent though it was never set: %v", k, m[k])
		}
	}
}

func TestBuildDoesNotShareState(t *testing.T) {
	td := transfer.NewTransferData(epID, hostEPID).SetLabel("one").AddFile("/a", "/b")
	doc, err := td.Build()
	if err != nil {
		t.Fatal(err)
	}
	doc.Label = "changed"
	doc.DATA[0] = transferapi.TransferItem{}
	td.SetLabel("two").AddFile("/c", "/d")
	again, err := td.Build()
	if err != nil {
		t.Fatal(err)
	}
	if again.Label != "two" || len(again.DATA) != 2 || len(doc.DATA) != 1 {
		t.Errorf("documents share state: first %d items, second label %q with %d items", len(doc.DATA), again.Label, len(again.DATA))
	}
	if item := again.DATA[0]; item.SourcePath != "/a" {
		t.Errorf("changing the first document changed the second: %+v", item)
	}
}

func TestTransferDataMistakes(t *testing.T) {
	cases := []struct {
		name  string
		data  *transfer.TransferData
		field string
	}{
		{"no items", transfer.NewTransferData(epID, hostEPID), "DATA"},
		{"empty source", transfer.NewTransferData("", hostEPID).AddFile("/a", "/b"), "source_endpoint"},
		{"blank destination", transfer.NewTransferData(epID, "  ").AddFile("/a", "/b"), "destination_endpoint"},
		{"space in id", transfer.NewTransferData(epID+" x", hostEPID).AddFile("/a", "/b"), "source_endpoint"},
		{"empty source path", transfer.NewTransferData(epID, hostEPID).AddFile("", "/b"), "DATA[0].source_path"},
		{"empty destination path", transfer.NewTransferData(epID, hostEPID).AddFile("/a", "/b").AddFile("/c", ""), "DATA[1].destination_path"},
		{"NUL in path", transfer.NewTransferData(epID, hostEPID).AddFile("/a\x00", "/b"), "DATA[0].source_path"},
		{"algorithm without checksum", transfer.NewTransferData(epID, hostEPID).Add(transfer.Item{SourcePath: "/a", DestinationPath: "/b", ChecksumAlgorithm: "SHA256"}), "DATA[0].checksum_algorithm"},
		{"recursive with checksum", transfer.NewTransferData(epID, hostEPID).Add(transfer.Item{SourcePath: "/a/", DestinationPath: "/b/", Recursive: true, ExternalChecksum: "abc"}), "DATA[0].external_checksum"},
		{"symlink with options", transfer.NewTransferData(epID, hostEPID).Add(transfer.Item{SourcePath: "/a", DestinationPath: "/b", Symlink: true, Recursive: true}), "DATA[0]"},
		{"negative sync level", transfer.NewTransferData(epID, hostEPID).SetSyncLevel(-1).AddFile("/a", "/b"), "sync_level"},
		{"sync level too high", transfer.NewTransferData(epID, hostEPID).SetSyncLevel(4).AddFile("/a", "/b"), "sync_level"},
		{"bad symlink policy", transfer.NewTransferData(epID, hostEPID).SetRecursiveSymlinks("follow").AddFile("/a", "/b"), "recursive_symlinks"},
		{"long label", transfer.NewTransferData(epID, hostEPID).SetLabel(strings.Repeat("x", 129)).AddFile("/a", "/b"), "label"},
		{"control in label", transfer.NewTransferData(epID, hostEPID).SetLabel("a\nb").AddFile("/a", "/b"), "label"},
		{"empty local user", transfer.NewTransferData(epID, hostEPID).SetSourceLocalUser("").AddFile("/a", "/b"), "source_local_user"},
		{"empty filter name", transfer.NewTransferData(epID, hostEPID).AddFilterRule(transfer.FilterRule{}).AddFile("/a", "/b"), "filter_rules[0].name"},
		{"bad filter method", transfer.NewTransferData(epID, hostEPID).AddFilterRule(transfer.FilterRule{Name: "x", Method: "drop"}).AddFile("/a", "/b"), "filter_rules[0].method"},
		{"bad filter type", transfer.NewTransferData(epID, hostEPID).AddFilterRule(transfer.FilterRule{Name: "x", Type: "link"}).AddFile("/a", "/b"), "filter_rules[0].type"},
		{"padded submission id", transfer.NewTransferData(epID, hostEPID).SetSubmissionID(" id").AddFile("/a", "/b"), "submission_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.data.Build()
			var ve *transfer.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Build() error = %v, want a *ValidationError", err)
			}
			if ve.Field != tc.field {
				t.Errorf("Field = %q, want %q (%v)", ve.Field, tc.field, err)
			}
		})
	}
}

func TestChecksumAlgorithmAllowedWithVerifyOrSyncChecksum(t *testing.T) {
	item := transfer.Item{SourcePath: "/a", DestinationPath: "/b", ChecksumAlgorithm: "SHA256"}
	if _, err := transfer.NewTransferData(epID, hostEPID).SetVerifyChecksum(true).Add(item).Build(); err != nil {
		t.Errorf("with verify_checksum: %v", err)
	}
	if _, err := transfer.NewTransferData(epID, hostEPID).SetSyncLevel(transfer.SyncChecksum).Add(item).Build(); err != nil {
		t.Errorf("with the checksum sync level: %v", err)
	}
}

func TestDeleteDataBuild(t *testing.T) {
	deadline := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
	doc, err := transfer.NewDeleteData(epID).
		SetSubmissionID("sub-2").SetLabel("cleanup").SetDeadline(deadline).
		SetNotifyOnSucceeded(false).SetNotifyOnFailed(false).SetNotifyOnInactive(true).
		SetRecursive(true).SetIgnoreMissing(true).SetInterpretGlobs(true).SetLocalUser("alice").
		Add("/scratch/*.tmp", "/scratch/old/").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	m := asMap(t, doc)
	want := map[string]any{
		"DATA_TYPE": "delete", "endpoint": epID, "submission_id": "sub-2", "label": "cleanup",
		"deadline": "2031-01-02T03:04:05Z", "notify_on_succeeded": false, "notify_on_failed": false,
		"notify_on_inactive": true, "recursive": true, "ignore_missing": true, "interpret_globs": true, "local_user": "alice",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	items := m["DATA"].([]any)
	if len(items) != 2 || items[1].(map[string]any)["path"] != "/scratch/old/" || items[0].(map[string]any)["DATA_TYPE"] != "delete_item" {
		t.Errorf("DATA = %v", items)
	}
}

func TestDeleteDataMistakes(t *testing.T) {
	cases := []struct {
		name  string
		data  *transfer.DeleteData
		field string
	}{
		{"no paths", transfer.NewDeleteData(epID), "DATA"},
		{"no endpoint", transfer.NewDeleteData("").Add("/a"), "endpoint"},
		{"empty path", transfer.NewDeleteData(epID).Add("/a", ""), "DATA[1].path"},
		{"empty local user", transfer.NewDeleteData(epID).SetLocalUser(" ").Add("/a"), "local_user"},
		{"long label", transfer.NewDeleteData(epID).SetLabel(strings.Repeat("é", 200)).Add("/a"), "label"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.data.Build()
			var ve *transfer.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("Build() error = %v, want a *ValidationError on %s", err, tc.field)
			}
		})
	}
}

func TestSyncLevelString(t *testing.T) {
	got := []string{transfer.SyncExists.String(), transfer.SyncSize.String(), transfer.SyncMtime.String(), transfer.SyncChecksum.String(), transfer.SyncLevel(9).String()}
	want := "exists size mtime checksum SyncLevel(9)"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestBuildOnNilIsAValidationError(t *testing.T) {
	var td *transfer.TransferData
	var dd *transfer.DeleteData
	var ve *transfer.ValidationError
	if _, err := td.Build(); !errors.As(err, &ve) {
		t.Errorf("nil TransferData: err = %v, want *ValidationError", err)
	}
	if _, err := dd.Build(); !errors.As(err, &ve) {
		t.Errorf("nil DeleteData: err = %v, want *ValidationError", err)
	}
}
