package fakeglobus_test

import (
	"net/http"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// TestPauseRuleUpdateSemantics checks how an update body changes a pause
// rule: an absent or null field leaves it as it was, a false flag clears
// it, and a null identity_id makes the rule apply to everyone. Every
// answer sends all seven flags, falses included.
func TestPauseRuleUpdateSemantics(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	st, m := e.do("POST", "/endpoint_manager/pause_rule", map[string]any{
		"DATA_TYPE": "pause_rule", "endpoint_id": colA, "message": "fsck",
		"pause_ls": true, "identity_id": fakeglobus.DefaultUser.ID,
	})
	if st != http.StatusCreated || m["DATA_TYPE"] != "pause_rule" || m["modified_by_id"] != fakeglobus.DefaultUser.ID {
		t.Fatalf("create: %d %v", st, m)
	}
	rule := "/endpoint_manager/pause_rule/" + str(m["id"])
	flags := []string{"pause_ls", "pause_mkdir", "pause_symlink", "pause_rename", "pause_task_delete",
		"pause_task_transfer_write", "pause_task_transfer_read"}
	for _, f := range flags {
		if _, ok := m[f].(bool); !ok {
			t.Errorf("create: %s is %v, want a boolean", f, m[f])
		}
	}

	update := func(body map[string]any) map[string]any {
		t.Helper()
		body["DATA_TYPE"] = "pause_rule"
		st, m := e.do("PUT", rule, body)
		if st != http.StatusOK {
			t.Fatalf("update %v: %d %v", body, st, m)
		}
		return m
	}
	if m := update(map[string]any{"pause_mkdir": true}); m["pause_ls"] != true || m["pause_mkdir"] != true ||
		m["message"] != "fsck" || m["identity_id"] != fakeglobus.DefaultUser.ID {
		t.Errorf("absent fields changed: %v", m)
	}
	if m := update(map[string]any{"pause_ls": false, "pause_mkdir": nil, "message": nil}); m["pause_ls"] != false ||
		m["pause_mkdir"] != true || m["message"] != "fsck" {
		t.Errorf("false flag or null fields: %v", m)
	}
	if m := update(map[string]any{"identity_id": nil, "endpoint_id": colA}); m["identity_id"] != nil || m["message"] != "fsck" {
		t.Errorf("null identity_id: %v", m)
	}
	if st, m := e.do("PUT", rule, map[string]any{"DATA_TYPE": "pause_rule", "endpoint_id": colB}); st != http.StatusBadRequest {
		t.Errorf("moving the rule: %d %v", st, m)
	}
	// A refused update changes nothing.
	if st, m := e.do("PUT", rule, map[string]any{"DATA_TYPE": "pause_rule", "message": "changed", "start_time": "not a time"}); st != http.StatusBadRequest {
		t.Errorf("bad start_time: %d %v", st, m)
	}
	if _, m := e.do("GET", rule, nil); m["message"] != "fsck" {
		t.Errorf("a refused update changed the rule: %v", m)
	}

	// The caller sees the rule, now for everyone, in its limited form.
	_, m = e.do("GET", "/endpoint/"+colA+"/my_effective_pause_rule_list", nil)
	if d := data(m); len(d) != 1 || d[0]["DATA_TYPE"] != "pause_rule_limited" || d[0]["modified_by_id"] != nil || d[0]["pause_mkdir"] != true {
		t.Errorf("my effective pause rules: %v", m)
	}
	if st, m := e.do("DELETE", rule, nil); st != http.StatusOK || m["code"] != "Deleted" {
		t.Errorf("delete: %d %v", st, m)
	}
	if st, m := e.do("GET", rule, nil); st != http.StatusNotFound || m["code"] != "PauseRuleNotFound" {
		t.Errorf("get after delete: %d %v", st, m)
	}
}
