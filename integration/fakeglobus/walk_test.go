package fakeglobus_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/internal/spectest"
)

const (
	otherID   = "2b3c4d5e-0000-4000-8000-0000000000b0"
	otherName = "bob@example.org"
)

// walkEnv is a fake with one of everything, so that every operation of
// both specs has real ids to work on.
type walkEnv struct {
	*env
	authToken string
	ids       map[string]string // path parameter name -> id
}

func (w *walkEnv) authDo(method, path string, body any) (int, map[string]any) {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(w.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, w.s.AuthURL()+path, rd)
	must(w.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+w.authToken)
	res, err := w.hc.Do(req)
	must(w.t, err)
	defer res.Body.Close()
	var out map[string]any
	must(w.t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func obj(m map[string]any, k string) map[string]any { o, _ := m[k].(map[string]any); return o }

func newWalkEnv(t testing.TB, report func(error)) *walkEnv {
	e := newEnv(t, fakeglobus.Options{TaskPolls: 50, Report: report})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName, Name: "Bob"}))
	tok, err := e.s.IssueToken(clientID, "openid", "profile", "email", "urn:globus:auth:scope:auth.globus.org:view_identities")
	must(t, err)
	w := &walkEnv{env: e, authToken: tok, ids: map[string]string{
		"endpoint_id": colA, "collection_id": colA, "identity_id": fakeglobus.DefaultUser.ID,
	}}
	must(t, e.s.PutFile(colA, "/share/f", []byte("walk")))

	_, m := w.authDo("POST", "/v2/api/projects", map[string]any{"project": map[string]any{"display_name": "Walk", "contact_email": "walk@example.org"}})
	w.ids["project_id"] = str(obj(m, "project")["id"])
	_, m = w.authDo("POST", "/v2/api/policies", map[string]any{"policy": map[string]any{"project_id": w.ids["project_id"], "display_name": "p", "description": "d"}})
	w.ids["policy_id"] = str(obj(m, "policy")["id"])
	_, m = w.authDo("POST", "/v2/api/clients", map[string]any{"client": map[string]any{"name": "walker", "project": w.ids["project_id"], "client_type": "confidential_client"}})
	w.ids["client_id"] = str(obj(m, "client")["id"])
	w.ids["credential_id"] = str(obj(obj(m, "included"), "client_credential")["id"])
	_, m = w.authDo("POST", "/v2/api/clients/"+w.ids["client_id"]+"/scopes", map[string]any{"scope": map[string]any{"name": "n", "description": "d", "scope_suffix": "all"}})
	w.ids["scope_id"] = str(obj(m, "scope")["id"])

	_, m = e.do("GET", "/endpoint/"+colA+"/server_list", nil)
	if d := data(m); len(d) == 1 {
		w.ids["server_id"] = strings.TrimSuffix(strings.TrimSuffix(jsonNum(d[0]["id"]), ".0"), "")
	}
	_, m = e.do("POST", "/endpoint/"+colA+"/role", map[string]any{"DATA_TYPE": "role", "principal_type": "identity", "principal": otherID, "role": "activity_manager"})
	w.ids["role_id"] = str(m["id"])
	const guest = "9e570000-0000-4000-8000-000000000003"
	must(t, e.s.CreateCollection(fakeglobus.CollectionConfig{ID: guest, DisplayName: "Guest", HostID: colA, HostPath: "/share/"}))
	w.ids["guest"] = guest
	_, m = e.do("POST", "/endpoint/"+guest+"/access", map[string]any{"DATA_TYPE": "access", "principal_type": "identity", "principal": otherID, "path": "/share/", "permissions": "r"})
	w.ids["rule_id"] = str(m["access_id"])
	_, m = e.do("POST", "/bookmark", map[string]any{"DATA_TYPE": "bookmark", "name": "b", "endpoint_id": colA, "path": "/share/"})
	w.ids["bookmark_id"] = str(m["id"])
	// A finished task for successful_transfers, then running ones.
	_, m = e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/share/f", "destination_path": "/done"}))
	w.ids["done_task"] = str(m["task_id"])
	e.s.CompleteTasks()
	_, m = e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/share/f", "destination_path": "/copy"}))
	w.ids["task_id"] = str(m["task_id"])
	// Another task for the administrative cancel, pause and resume.
	_, m = e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/share/f", "destination_path": "/copy2"}))
	w.ids["managed_task"] = str(m["task_id"])
	_, m = w.authDo("POST", "/v2/api/projects", map[string]any{"project": map[string]any{"display_name": "Walk 2", "contact_email": "walk@example.org"}})
	w.ids["project2"] = str(obj(m, "project")["id"])
	_, m = e.do("POST", "/endpoint_manager/pause_rule", map[string]any{"DATA_TYPE": "pause_rule", "endpoint_id": colB, "message": "m", "pause_ls": true})
	w.ids["pause_rule_id"] = str(m["id"])
	// admin_cancel of the task made above, to have an id to look up.
	_, m = e.do("POST", "/endpoint_manager/admin_cancel", map[string]any{"DATA_TYPE": "admin_cancel", "task_id_list": []string{w.ids["managed_task"]}, "message": "m"})
	w.ids["admin_cancel_id"] = jsonNum(m["id"])
	for k, v := range w.ids {
		if v == "" {
			t.Fatalf("setup: no %s", k)
		}
	}
	return w
}

// jsonNum renders a decoded JSON string or number as text.
func jsonNum(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return ""
}

// walkBody is a body each operation with a request body accepts.
func walkBody(w *walkEnv, op string) any {
	sub := func() string { return submissionID(w.env) }
	bodies := map[string]func() any{
		"createProject": func() any {
			return map[string]any{"project": map[string]any{"display_name": "P", "contact_email": "p@example.org"}}
		},
		"updateProject": func() any { return map[string]any{"project": map[string]any{"display_name": "P2"}} },
		"createPolicy": func() any {
			return map[string]any{"policy": map[string]any{"project_id": w.ids["project_id"], "display_name": "x", "description": "d"}}
		},
		"updatePolicy": func() any { return map[string]any{"policy": map[string]any{"description": "d2"}} },
		"createClient": func() any {
			return map[string]any{"client": map[string]any{"name": "c", "project": w.ids["project2"], "public_client": true}}
		},
		"updateClient":           func() any { return map[string]any{"client": map[string]any{"name": "c2"}} },
		"createClientCredential": func() any { return map[string]any{"credential": map[string]any{"name": "k"}} },
		"createScope": func() any {
			return map[string]any{"scope": map[string]any{"name": "n", "description": "d", "scope_suffix": "walk"}}
		},
		"updateScope":                  func() any { return map[string]any{"scope": map[string]any{"description": "d2"}} },
		"updateEndpoint":               func() any { return map[string]any{"DATA_TYPE": "endpoint", "description": "walked"} },
		"setSubscriptionId":            func() any { return map[string]any{"subscription_id": "5d5a0cba-0000-4000-8000-000000000001"} },
		"setSubscriptionAdminVerified": func() any { return map[string]any{"subscription_admin_verified": true} },
		"createSharedEndpoint": func() any {
			return map[string]any{"DATA_TYPE": "shared_endpoint", "display_name": "g", "host_endpoint_id": colA, "host_path": "/share/"}
		},
		"addEndpointRole": func() any {
			return map[string]any{"DATA_TYPE": "role", "principal_type": "identity", "principal": otherID, "role": "activity_monitor"}
		},
		"addEndpointAclRule": func() any {
			return map[string]any{"DATA_TYPE": "access", "principal_type": "all_authenticated_users", "principal": "", "path": "/", "permissions": "r"}
		},
		"updateEndpointAclRule": func() any { return map[string]any{"DATA_TYPE": "access", "permissions": "rw"} },
		"createBookmark": func() any {
			return map[string]any{"DATA_TYPE": "bookmark", "name": "b2", "endpoint_id": colA, "path": "/"}
		},
		"updateBookmark":  func() any { return map[string]any{"DATA_TYPE": "bookmark", "name": "b3"} },
		"operationMkdir":  func() any { return map[string]any{"DATA_TYPE": "mkdir", "path": "/walk"} },
		"operationRename": func() any { return map[string]any{"DATA_TYPE": "rename", "old_path": "/walk", "new_path": "/walk2"} },
		"submitTransfer": func() any {
			return transferDoc(sub(), map[string]any{"source_path": "/share/f", "destination_path": "/c2"})
		},
		"submitDelete": func() any { return deleteDoc(sub(), false, true, "/c2") },
		"updateTask":   func() any { return map[string]any{"DATA_TYPE": "task", "label": "walked"} },
		"endpointManagerCancelTasks": func() any {
			return map[string]any{"DATA_TYPE": "admin_cancel", "task_id_list": []string{w.ids["managed_task"]}, "message": "m"}
		},
		"endpointManagerPauseTasks": func() any {
			return map[string]any{"DATA_TYPE": "admin_pause", "task_id_list": []string{w.ids["managed_task"]}, "message": "m"}
		},
		"endpointManagerResumeTasks": func() any {
			return map[string]any{"DATA_TYPE": "admin_resume", "task_id_list": []string{w.ids["managed_task"]}}
		},
		"endpointManagerCreatePauseRule": func() any { return map[string]any{"DATA_TYPE": "pause_rule", "endpoint_id": colB, "pause_mkdir": true} },
		"endpointManagerUpdatePauseRule": func() any { return map[string]any{"DATA_TYPE": "pause_rule", "message": "m2"} },
	}
	if f := bodies[op]; f != nil {
		return f()
	}
	return nil
}

// TestEveryOperationIsModeled walks every operation of api/auth.yaml and
// api/transfer.yaml with valid requests and real ids: none may answer 501,
// fall through to the unknown-path 404, or break the specs (Start reports
// every violation as a test error).
func TestEveryOperationIsModeled(t *testing.T) {
	w := newWalkEnv(t, nil)
	type op struct {
		service, method, path, id string
	}
	var ops []op
	for _, svc := range []string{"auth", "transfer"} {
		load := spectest.Auth
		if svc == "transfer" {
			load = spectest.Transfer
		}
		v, err := load()
		must(t, err)
		for path, item := range v.Doc().Paths.Map() {
			for method, o := range item.Operations() {
				ops = append(ops, op{svc, method, path, o.OperationID})
			}
		}
	}
	// Deletions last, in an order that removes what depends on a thing
	// before the thing, so that every operation finds what it needs.
	last := []string{"cancelTask", "removeTask", "deleteClientCredential", "deleteScope", "deleteClient", "deletePolicy", "deleteProject",
		"deleteEndpointAclRule", "deleteEndpointRole", "deleteBookmark", "endpointManagerDeletePauseRule", "deleteEndpoint"}
	slices.SortStableFunc(ops, func(a, b op) int {
		ia, ib := slices.Index(last, a.id), slices.Index(last, b.id)
		if ia != ib {
			return cmp.Compare(ia, ib)
		}
		return strings.Compare(a.service+a.path+a.method, b.service+b.path+b.method)
	})
	counts := map[string]int{}
	unimplemented, succeeded := 0, 0
	for _, o := range ops {
		counts[o.service]++
		path := o.path
		if strings.HasSuffix(path, "/successful_transfers") {
			path = strings.ReplaceAll(path, "{task_id}", w.ids["done_task"])
		}
		if o.id == "deleteEndpoint" {
			// colA hosts the guest collection; delete the other one.
			path = strings.ReplaceAll(path, "{endpoint_id}", colB)
		}
		if strings.Contains(path, "/access") {
			// Access rules live on guest collections.
			path = strings.ReplaceAll(path, "{endpoint_id}", w.ids["guest"])
		}
		for name, id := range w.ids {
			path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(id))
		}
		if strings.Contains(path, "{") {
			t.Errorf("%s: no id for %s", o.id, path)
			continue
		}
		var st int
		var m map[string]any
		switch {
		case o.service == "transfer" && o.id == "endpointSearch":
			st, m = w.do(o.method, path+"?filter_fulltext=collection", nil)
		case o.service == "transfer" && o.id == "endpointManagerTaskList":
			st, m = w.do(o.method, path+"?filter_endpoint="+colA, nil)
		case o.service == "transfer" && o.id == "operationStat":
			st, m = w.do(o.method, path+"?path=/share/f", nil)
		case o.service == "transfer":
			st, m = w.do(o.method, path, walkBody(w, o.id))
		case strings.HasPrefix(path, "/v2/oauth2/token"):
			vals := url.Values{"token": {w.authToken}}
			if o.id == "oauth2RevokeToken" {
				vals.Set("token", "not-a-token")
			}
			if o.id == "oauth2Token" {
				vals = url.Values{"grant_type": {"client_credentials"}, "scope": {"openid"}}
			}
			var out any
			st, out = w.form(path, clientID, clientSecret, vals)
			m, _ = out.(map[string]any)
		default:
			st, m = w.authDo(o.method, path, walkBody(w, o.id))
		}
		body, _ := json.Marshal(m)
		if st == http.StatusNotImplemented {
			unimplemented++
		}
		if st >= 200 && st < 300 {
			succeeded++
		} else {
			t.Logf("%s %s (%s): %d %s", o.method, path, o.id, st, body)
		}
		if st == http.StatusNotImplemented || strings.Contains(string(body), "No such resource") {
			t.Errorf("%s %s (%s): %d %s", o.method, path, o.id, st, body)
		}
	}
	t.Logf("walked %d auth and %d transfer operations: %d succeeded, %d answered 501", counts["auth"], counts["transfer"], succeeded, unimplemented)
	if succeeded != len(ops) {
		t.Errorf("%d of %d operations succeeded", succeeded, len(ops))
	}
	if counts["auth"] < 30 || counts["transfer"] < 60 {
		t.Errorf("walked only %v operations", counts)
	}
}
