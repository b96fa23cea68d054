package fakeglobus_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/globus-go/globus/integration/fakeglobus"
)

func ls(e *env, col, path string, extra url.Values) (int, map[string]any) {
	e.t.Helper()
	q := url.Values{"path": {path}}
	for k, v := range extra {
		q[k] = v
	}
	return e.do("GET", "/operation/endpoint/"+col+"/ls?"+q.Encode(), nil)
}

func TestFileOperations(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	op := "/operation/endpoint/" + colA
	if st, m := e.do("POST", op+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/~/data"}); st != http.StatusAccepted || m["code"] != "DirectoryCreated" {
		t.Fatalf("mkdir: %d %v", st, m)
	}
	if st, m := e.do("POST", op+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/data"}); st != http.StatusBadGateway || m["code"] != "ExternalError.MkdirFailed.Exists" {
		t.Errorf("mkdir again: %d %v", st, m)
	}
	if st, m := e.do("POST", op+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/no/such/dir"}); st != http.StatusNotFound {
		t.Errorf("mkdir without parent: %d %v", st, m)
	}
	for i := 0; i < 25; i++ {
		must(t, e.s.PutFile(colA, fmt.Sprintf("/data/f%02d.txt", i), []byte(fmt.Sprint("content ", i))))
	}
	must(t, e.s.PutFile(colA, "/data/.hidden", []byte("h")))
	must(t, e.s.Mkdir(colA, "/data/sub"))

	// Page through 27 entries, 10 at a time; the directory comes first.
	var names []string
	for offset := 0; ; offset += 10 {
		st, m := ls(e, colA, "/data/", url.Values{"limit": {"10"}, "offset": {strconv.Itoa(offset)}})
		if st != http.StatusOK {
			t.Fatalf("ls: %d %v", st, m)
		}
		if num(m["total"]) != 27 {
			t.Fatalf("total %v", m["total"])
		}
		page := data(m)
		for _, f := range page {
			names = append(names, str(f["name"]))
		}
		if len(page) < 10 {
			break
		}
	}
	if len(names) != 27 || names[0] != "sub" || names[1] != ".hidden" || names[2] != "f00.txt" {
		t.Errorf("listing %v", names)
	}
	if _, m := ls(e, colA, "/data", url.Values{"show_hidden": {"0"}}); num(m["total"]) != 26 {
		t.Errorf("show_hidden=0 total %v", m["total"])
	}
	if _, m := ls(e, colA, "/data", url.Values{"filter": {"name:~f1*.txt/type:file"}}); num(m["total"]) != 10 {
		t.Errorf("filtered total %v", m["total"])
	}
	if st, m := ls(e, colA, "/nowhere", nil); st != http.StatusNotFound || m["code"] != "ClientError.NotFound" {
		t.Errorf("ls missing: %d %v", st, m)
	}
	if st, m := ls(e, "cccccccc-0000-4000-8000-000000000009", "/", nil); st != http.StatusNotFound || m["code"] != "EndpointNotFound" {
		t.Errorf("ls unknown collection: %d %v", st, m)
	}

	st, m := e.do("GET", op+"/stat?path=/data/f03.txt", nil)
	if st != http.StatusOK || m["type"] != "file" || num(m["size"]) != 9 {
		t.Errorf("stat: %d %v", st, m)
	}
	if st, m := e.do("GET", op+"/stat?path=/data/nope", nil); st != http.StatusNotFound || m["code"] != "NotFound" {
		t.Errorf("stat missing: %d %v", st, m)
	}

	if st, m := e.do("POST", op+"/rename", map[string]any{"DATA_TYPE": "rename", "old_path": "/data/f00.txt", "new_path": "/data/sub/renamed.txt"}); st != http.StatusOK || m["code"] != "FileRenamed" {
		t.Fatalf("rename: %d %v", st, m)
	}
	if b, err := e.s.ReadFile(colA, "/data/sub/renamed.txt"); err != nil || string(b) != "content 0" {
		t.Errorf("renamed file: %q %v", b, err)
	}
	if st, m := e.do("POST", op+"/rename", map[string]any{"DATA_TYPE": "rename", "old_path": "/data/f01.txt", "new_path": "/data/f02.txt"}); st != http.StatusConflict || m["code"] != "Exists" {
		t.Errorf("rename onto existing: %d %v", st, m)
	}
	if st, _ := e.do("POST", op+"/rename", map[string]any{"DATA_TYPE": "rename", "old_path": "/data/gone", "new_path": "/data/x"}); st != http.StatusNotFound {
		t.Errorf("rename missing: %d", st)
	}
}

func submissionID(e *env) string {
	e.t.Helper()
	st, m := e.do("GET", "/submission_id", nil)
	if st != http.StatusOK || str(m["value"]) == "" {
		e.t.Fatalf("submission_id: %d %v", st, m)
	}
	return str(m["value"])
}

func transferDoc(sub string, items ...map[string]any) map[string]any {
	list := make([]any, len(items))
	for i, it := range items {
		it["DATA_TYPE"] = "transfer_item"
		list[i] = it
	}
	return map[string]any{
		"DATA_TYPE": "transfer", "submission_id": sub,
		"source_endpoint": colA, "destination_endpoint": colB,
		"label": "test transfer", "DATA": list,
	}
}

func TestTransferTask(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{TaskPolls: 2})
	for i := 0; i < 150; i++ {
		must(t, e.s.PutFile(colA, fmt.Sprintf("/src/dir/f%03d", i), []byte("0123456789")))
	}
	must(t, e.s.PutFile(colA, "/src/single.txt", []byte("one file")))

	doc := transferDoc(submissionID(e),
		map[string]any{"source_path": "/src/dir/", "destination_path": "/dst/copy/", "recursive": true},
		map[string]any{"source_path": "/src/single.txt", "destination_path": "/dst/deep/single.txt"},
	)
	st, m := e.do("POST", "/transfer", doc)
	if st != http.StatusAccepted || m["code"] != "Accepted" || str(m["task_id"]) == "" {
		t.Fatalf("submit: %d %v", st, m)
	}
	id := str(m["task_id"])
	for i := 0; i < 2; i++ {
		_, task := e.do("GET", "/task/"+id, nil)
		if task["status"] != "ACTIVE" {
			t.Fatalf("poll %d: %v", i, task["status"])
		}
		// After the last ACTIVE answer the task may end at any request,
		// so only look in between.
		if ok, _ := e.s.Exists(colB, "/dst/deep/single.txt"); ok && i == 0 {
			t.Fatal("file copied while the task is active")
		}
	}
	_, task := e.do("GET", "/task/"+id, nil)
	if task["status"] != "SUCCEEDED" || num(task["files_transferred"]) != 151 || num(task["bytes_transferred"]) != 1508 || task["label"] != "test transfer" {
		t.Fatalf("final task %v", task)
	}
	if b, err := e.s.ReadFile(colB, "/dst/copy/f149"); err != nil || string(b) != "0123456789" {
		t.Errorf("copied file: %q %v", b, err)
	}
	if b, err := e.s.ReadFile(colB, "/dst/deep/single.txt"); err != nil || string(b) != "one file" {
		t.Errorf("single file: %q %v", b, err)
	}

	// successful_transfers pages by marker.
	var got int
	marker := ""
	pages := 0
	for {
		path := "/task/" + id + "/successful_transfers"
		if marker != "" {
			path += "?marker=" + marker
		}
		st, m := e.do("GET", path, nil)
		if st != http.StatusOK {
			t.Fatalf("successful_transfers: %d %v", st, m)
		}
		pages++
		got += len(data(m))
		if m["next_marker"] == nil {
			break
		}
		marker = strconv.Itoa(num(m["next_marker"]))
	}
	if got != 151 || pages != 2 {
		t.Errorf("successful transfers %d in %d pages", got, pages)
	}

	// Events: two progress polls and the success, newest first.
	_, ev := e.do("GET", "/task/"+id+"/event_list?limit=2", nil)
	if num(ev["total"]) != 3 || len(data(ev)) != 2 || data(ev)[0]["code"] != "SUCCEEDED" {
		t.Errorf("events %v", ev)
	}
	_, ev = e.do("GET", "/task/"+id+"/event_list?offset=2", nil)
	if len(data(ev)) != 1 || data(ev)[0]["code"] != "PROGRESS" {
		t.Errorf("events page 2 %v", ev)
	}
}

func TestTransferMissingSourceFails(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/here.txt", []byte("x")))
	_, m := e.do("POST", "/transfer", transferDoc(submissionID(e),
		map[string]any{"source_path": "/here.txt", "destination_path": "/here.txt"},
		map[string]any{"source_path": "/missing.txt", "destination_path": "/missing.txt"},
	))
	id := str(m["task_id"])
	_, task := e.do("GET", "/task/"+id, nil)
	fatal, _ := task["fatal_error"].(map[string]any)
	if task["status"] != "FAILED" || fatal["code"] != "FILE_NOT_FOUND" || str(task["completion_time"]) == "" {
		t.Fatalf("task %v", task)
	}
	_, ev := e.do("GET", "/task/"+id+"/event_list?filter=is_error:1", nil)
	if num(ev["total"]) != 1 || data(ev)[0]["code"] != "FILE_NOT_FOUND" || data(ev)[0]["is_error"] != true {
		t.Errorf("error events %v", ev)
	}
	// Bad submissions are refused outright.
	if st, m := e.do("POST", "/transfer", transferDoc(submissionID(e))); st != http.StatusBadRequest || m["code"] != "ClientError.BadRequest.NoTransferItems" {
		t.Errorf("no items: %d %v", st, m)
	}
	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/a", "destination_path": "/b"})
	doc["destination_endpoint"] = "cccccccc-0000-4000-8000-000000000009"
	if st, m := e.do("POST", "/transfer", doc); st != http.StatusNotFound || m["code"] != "EndpointNotFound" {
		t.Errorf("unknown endpoint: %d %v", st, m)
	}
	if e.s.TasksCreated() != 1 {
		t.Errorf("TasksCreated = %d", e.s.TasksCreated())
	}
}

func TestSubmissionIDIsIdempotent(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/f"})
	st1, m1 := e.do("POST", "/transfer", doc)
	st2, m2 := e.do("POST", "/transfer", doc)
	if st1 != http.StatusAccepted || st2 != http.StatusOK || m2["code"] != "Duplicate" || m1["task_id"] != m2["task_id"] || m2["submission_id"] != doc["submission_id"] {
		t.Errorf("first %d %v, second %d %v", st1, m1, st2, m2)
	}
	if e.s.TasksCreated() != 1 {
		t.Errorf("TasksCreated = %d", e.s.TasksCreated())
	}
}

func deleteDoc(sub string, recursive, ignoreMissing bool, paths ...string) map[string]any {
	items := make([]any, len(paths))
	for i, p := range paths {
		items[i] = map[string]any{"DATA_TYPE": "delete_item", "path": p}
	}
	return map[string]any{"DATA_TYPE": "delete", "submission_id": sub, "endpoint": colA,
		"recursive": recursive, "ignore_missing": ignoreMissing, "DATA": items}
}

func TestDeleteTask(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/d/a/1", []byte("1")))
	must(t, e.s.PutFile(colA, "/d/a/2", []byte("2")))
	must(t, e.s.PutFile(colA, "/d/file", []byte("f")))

	_, m := e.do("POST", "/delete", deleteDoc(submissionID(e), false, false, "/d/a"))
	if m["DATA_TYPE"] != "delete_result" {
		t.Errorf("delete result %v", m)
	}
	_, task := e.do("GET", "/task/"+str(m["task_id"]), nil)
	if task["status"] != "FAILED" || task["type"] != "DELETE" {
		t.Errorf("non-recursive delete of a directory: %v", task["status"])
	}
	if ok, _ := e.s.Exists(colA, "/d/a/1"); !ok {
		t.Error("failed delete removed files")
	}

	_, m = e.do("POST", "/delete", deleteDoc(submissionID(e), true, true, "/d/a", "/d/file", "/d/never"))
	_, task = e.do("GET", "/task/"+str(m["task_id"]), nil)
	if task["status"] != "SUCCEEDED" || num(task["files"]) != 3 {
		t.Errorf("recursive delete: %v", task)
	}
	if _, m := ls(e, colA, "/d", nil); num(m["total"]) != 0 {
		t.Errorf("left over: %v", data(m))
	}
	_, m = e.do("POST", "/delete", deleteDoc(submissionID(e), true, false, "/d/never"))
	if _, task = e.do("GET", "/task/"+str(m["task_id"]), nil); task["status"] != "FAILED" {
		t.Errorf("missing path without ignore_missing: %v", task["status"])
	}
}

func TestTaskListPagingAndCancel(t *testing.T) {
	clock := &fakeglobus.ManualClock{}
	e := newEnv(t, fakeglobus.Options{Now: clock.Now, TaskDuration: time.Minute})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	var ids []string
	for i := 0; i < 25; i++ {
		_, m := e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": fmt.Sprint("/f", i)}))
		ids = append(ids, str(m["task_id"]))
		clock.Advance(time.Second)
	}
	_, m := e.do("POST", "/task/"+ids[0]+"/cancel", nil)
	if m["code"] != "Canceled" {
		t.Errorf("cancel: %v", m)
	}
	if _, m := e.do("POST", "/task/"+ids[0]+"/cancel", nil); m["code"] != "TaskComplete" {
		t.Errorf("cancel again: %v", m)
	}
	if st, m := e.do("PUT", "/task/"+ids[0], map[string]any{"DATA_TYPE": "task", "label": "late"}); st != http.StatusConflict {
		t.Errorf("update a finished task: %d %v", st, m)
	}
	if st, m := e.do("PUT", "/task/"+ids[1], map[string]any{"DATA_TYPE": "task", "label": "renamed"}); st != http.StatusOK || m["code"] != "Updated" {
		t.Errorf("update: %d %v", st, m)
	}
	if _, m := e.do("GET", "/task_list?filter=label:renamed", nil); num(m["total"]) != 1 {
		t.Errorf("label filter after update: %v", m["total"])
	}
	if st, m := e.do("GET", "/task/"+ids[1]+"/pause_info", nil); st != http.StatusOK || m["DATA_TYPE"] != "pause_info_limited" {
		t.Errorf("pause_info: %d %v", st, m)
	}
	if st, m := e.do("GET", "/task/"+ids[1]+"/skipped_errors", nil); st != http.StatusOK || len(data(m)) != 0 || m["next_marker"] != nil {
		t.Errorf("skipped_errors: %d %v", st, m)
	}
	var seen []string
	for offset := 0; offset < 100; offset += 10 {
		st, m := e.do("GET", fmt.Sprintf("/task_list?limit=10&offset=%d", offset), nil)
		if st != http.StatusOK || num(m["total"]) != 25 {
			t.Fatalf("task_list: %d %v", st, m)
		}
		for _, task := range data(m) {
			seen = append(seen, str(task["task_id"]))
		}
		if offset+10 >= num(m["total"]) {
			break
		}
	}
	if len(seen) != 25 || seen[0] != ids[24] || seen[24] != ids[0] {
		t.Errorf("task_list order/size: %d tasks", len(seen))
	}
	if _, m := e.do("GET", "/task_list?filter=status:ACTIVE", nil); num(m["total"]) != 24 {
		t.Errorf("active tasks: %v", m["total"])
	}
	clock.Advance(time.Minute)
	if _, m := e.do("GET", "/task_list?filter=type:TRANSFER/status:SUCCEEDED", nil); num(m["total"]) != 24 {
		t.Errorf("succeeded tasks after the duration: %v", m["total"])
	}
	if st, m := e.do("GET", "/task_list?filter=bogus:1", nil); st != http.StatusBadRequest {
		t.Errorf("bad filter: %d %v", st, m)
	}
	// Another identity sees none of these tasks.
	_, cc := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}})
	other := str(cc.(map[string]any)["access_token"])
	if _, m := e.doToken(other, "GET", "/task_list", nil); num(m["total"]) != 0 {
		t.Errorf("foreign task list: %v", m["total"])
	}
	if st, m := e.doToken(other, "GET", "/task/"+ids[1], nil); st != http.StatusNotFound || m["code"] != "TaskNotFound" {
		t.Errorf("foreign task: %d %v", st, m)
	}
}

func TestCompleteTasks(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{TaskPolls: 1000})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	_, m := e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"}))
	id := str(m["task_id"])
	if e.s.TaskStatus(id) != "ACTIVE" {
		t.Fatal("task ended early")
	}
	e.s.CompleteTasks()
	if e.s.TaskStatus(id) != "SUCCEEDED" {
		t.Errorf("after CompleteTasks: %s", e.s.TaskStatus(id))
	}
}
