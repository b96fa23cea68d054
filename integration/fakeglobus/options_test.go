package fakeglobus_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/integration/fakeglobus"
)

func runTask(e *env, path string, doc map[string]any) map[string]any {
	e.t.Helper()
	st, m := e.do("POST", path, doc)
	if st != http.StatusAccepted {
		e.t.Fatalf("submit: %d %v", st, m)
	}
	_, task := e.do("GET", "/task/"+str(m["task_id"]), nil)
	return task
}

func TestTransferOptions(t *testing.T) {
	clock := &fakeglobus.ManualClock{}
	e := newEnv(t, fakeglobus.Options{Now: clock.Now})
	must(t, e.s.PutFile(colA, "/s/same", []byte("same")))
	must(t, e.s.PutFile(colA, "/s/changed", []byte("new content")))
	must(t, e.s.PutFile(colA, "/s/fresh", []byte("fresh")))
	must(t, e.s.PutFile(colB, "/d/same", []byte("same")))
	must(t, e.s.PutFile(colB, "/d/changed", []byte("old")))
	must(t, e.s.PutFile(colB, "/d/extra", []byte("extra")))
	clock.Advance(time.Hour)

	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/s/", "destination_path": "/d/", "recursive": true})
	doc["sync_level"] = 3
	doc["delete_destination_extra"] = true
	doc["preserve_timestamp"] = true
	task := runTask(e, "/transfer", doc)
	if task["status"] != "SUCCEEDED" || num(task["files_skipped"]) != 1 || num(task["files_transferred"]) != 2 || num(task["sync_level"]) != 3 {
		t.Fatalf("sync task %v", task)
	}
	if ok, _ := e.s.Exists(colB, "/d/extra"); ok {
		t.Error("delete_destination_extra kept /d/extra")
	}
	if b, _ := e.s.ReadFile(colB, "/d/changed"); string(b) != "new content" {
		t.Errorf("changed file: %q", b)
	}
	_, st := e.do("GET", "/operation/endpoint/"+colB+"/stat?path=/d/fresh", nil)
	if st["last_modified"] != "2026-01-01 00:00:00+00:00" {
		t.Errorf("preserved timestamp %v", st["last_modified"])
	}

	// Globs in delete paths.
	must(t, e.s.PutFile(colA, "/g/a.log", nil))
	must(t, e.s.PutFile(colA, "/g/b.log", nil))
	must(t, e.s.PutFile(colA, "/g/keep.txt", nil))
	del := deleteDoc(submissionID(e), false, false, "/g/*.log")
	del["interpret_globs"] = true
	if task := runTask(e, "/delete", del); task["status"] != "SUCCEEDED" || num(task["files"]) != 2 {
		t.Errorf("glob delete %v", task)
	}
	if _, m := ls(e, colA, "/g", nil); len(data(m)) != 1 || data(m)[0]["name"] != "keep.txt" {
		t.Errorf("after glob delete: %v", data(m))
	}
}

// TestConcurrentClients hammers the fake from several goroutines, with
// faults, so that the race detector sees every shared path.
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{Seed: 7})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	for _, k := range []fakeglobus.FaultKind{fakeglobus.FaultBadGateway, fakeglobus.FaultRateLimited} {
		inject(t, e.s, fakeglobus.Fault{Kind: k, Probability: 0.1, After: k == fakeglobus.FaultBadGateway})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := map[string]bool{}
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				sub := ""
				for try := 0; try < 20 && sub == ""; try++ {
					if st, m := e.do("GET", "/submission_id", nil); st == http.StatusOK {
						sub = str(m["value"])
					}
				}
				doc := transferDoc(sub, map[string]any{"source_path": "/f", "destination_path": fmt.Sprintf("/g%d/%d", g, i)})
				for try := 0; try < 20; try++ {
					st, m := e.do("POST", "/transfer", doc)
					if st == http.StatusAccepted || st == http.StatusOK {
						mu.Lock()
						accepted[str(m["task_id"])] = true
						mu.Unlock()
						break
					}
				}
				e.do("GET", "/task_list?limit=5", nil)
			}
		}()
	}
	wg.Wait()
	if len(accepted) != 90 || e.s.TasksCreated() != 90 {
		t.Errorf("accepted %d tasks, created %d", len(accepted), e.s.TasksCreated())
	}
}
