package fakeglobus_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// TestTaskListOrderByNull checks that task_list orders a null field (the
// label, deadline, sync level and destination of an unlabelled delete)
// before any value, and after every value with DESC.
func TestTaskListOrderByNull(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	d := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"})
	d["label"], d["deadline"], d["sync_level"] = "copy", "2030-01-01 00:00:00+00:00", 1
	if st, m := e.do("POST", "/transfer", d); st != http.StatusAccepted {
		t.Fatalf("transfer: %d %v", st, m)
	}
	if st, m := e.do("POST", "/delete", deleteDoc(submissionID(e), false, true, "/nothing")); st != http.StatusAccepted {
		t.Fatalf("delete: %d %v", st, m)
	}
	types := func(orderby string) string {
		t.Helper()
		st, m := e.do("GET", "/task_list?orderby="+strings.ReplaceAll(orderby, " ", "+"), nil)
		if st != http.StatusOK {
			t.Fatalf("task_list orderby=%s: %d %v", orderby, st, m)
		}
		var out []string
		for _, d := range data(m) {
			out = append(out, str(d["type"]))
		}
		return strings.Join(out, ",")
	}
	for _, field := range []string{"label", "deadline", "sync_level", "destination_endpoint_id", "destination_endpoint_display_name"} {
		if got := types(field); got != "DELETE,TRANSFER" {
			t.Errorf("orderby=%s: %s, want the delete (null) first", field, got)
		}
		if got := types(field + " DESC"); got != "TRANSFER,DELETE" {
			t.Errorf("orderby=%s DESC: %s, want the delete (null) last", field, got)
		}
	}
}
