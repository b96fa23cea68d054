package fakeglobus_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/globus-go/globus/integration/fakeglobus"
)

func TestEndpointSearchAndGet(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	for i := 0; i < 230; i++ {
		must(t, e.s.AddCollection(fmt.Sprintf("dddddddd-0000-4000-8000-%012d", i), fmt.Sprintf("Dataset %d", i)))
	}
	must(t, e.s.SetCollectionInfo(colB, "genome archive", "biology,sequencing"))
	if err := e.s.AddCollection(colA, "again"); !errors.Is(err, fakeglobus.ErrExists) {
		t.Errorf("duplicate collection: %v", err)
	}

	var total, pages int
	for offset := 0; ; offset += 100 {
		st, m := e.do("GET", fmt.Sprintf("/endpoint_search?filter_fulltext=dataset&limit=500&offset=%d", offset), nil)
		if st != http.StatusOK || num(m["limit"]) != 100 {
			t.Fatalf("search: %d %v", st, m)
		}
		pages++
		total += len(data(m))
		if m["has_next_page"] != true {
			break
		}
	}
	if total != 230 || pages != 3 {
		t.Errorf("search found %d in %d pages", total, pages)
	}
	if _, m := e.do("GET", "/endpoint_search?filter_fulltext=sequenc", nil); len(data(m)) != 1 || data(m)[0]["id"] != colB {
		t.Errorf("keyword search %v", data(m))
	}
	if st, _ := e.do("GET", "/endpoint_search?filter_scope=everything&filter_fulltext=x", nil); st != http.StatusBadRequest {
		t.Errorf("unknown filter_scope: %d", st)
	}
	if _, m := e.do("GET", "/endpoint_search?filter_fulltext=collection&filter_owner_username=ALICE@example.org", nil); len(data(m)) != 2 {
		t.Errorf("owner username filter: %v", data(m))
	}
	if _, m := e.do("GET", "/endpoint_search?filter_fulltext=collection&filter_owner_username=bob@example.org", nil); len(data(m)) != 0 {
		t.Errorf("owner username filter for someone else: %v", data(m))
	}
	if st, _ := e.do("GET", "/endpoint_search", nil); st != http.StatusBadRequest {
		t.Errorf("scope all without fulltext: %d", st)
	}
	// The env's token belongs to the user who owns every collection.
	if _, m := e.do("GET", "/endpoint_search?filter_scope=my-endpoints&limit=5", nil); len(data(m)) != 5 || m["has_next_page"] != true {
		t.Errorf("my-endpoints %v", m)
	}
	if st, _ := e.do("GET", "/endpoint_search?filter_fulltext=x&offset=1000", nil); st != http.StatusBadRequest {
		t.Errorf("offset 1000: %d", st)
	}

	st, m := e.do("GET", "/endpoint/"+colA, nil)
	if st != http.StatusOK || m["display_name"] != "Collection A" || m["owner_id"] != fakeglobus.DefaultUser.ID {
		t.Errorf("get endpoint: %d %v", st, m)
	}
	if st, m := e.do("GET", "/endpoint/nope", nil); st != http.StatusNotFound || m["code"] != "EndpointNotFound" {
		t.Errorf("missing endpoint: %d %v", st, m)
	}
}

func TestBookmarks(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	st, m := e.do("POST", "/bookmark", map[string]any{"name": "mine", "endpoint_id": colA, "path": "/data/"})
	if st != http.StatusOK || str(m["id"]) == "" {
		t.Fatalf("create: %d %v", st, m)
	}
	id := str(m["id"])
	for _, c := range []struct {
		body map[string]any
		st   int
		code string
	}{
		{map[string]any{"name": "mine", "endpoint_id": colA, "path": "/other/"}, 409, "Conflict"},
		{map[string]any{"name": "second", "endpoint_id": colA, "path": "/data/"}, 409, "Exists"},
		{map[string]any{"name": "third", "endpoint_id": "nope", "path": "/"}, 404, "EndpointNotFound"},
		{map[string]any{"name": "fourth", "endpoint_id": colA, "path": "/no-slash"}, 400, "ClientError.BadRequest"},
	} {
		if st, m := e.do("POST", "/bookmark", c.body); st != c.st || m["code"] != c.code {
			t.Errorf("create %v: %d %v", c.body, st, m)
		}
	}
	if st, m := e.do("PUT", "/bookmark/"+id, map[string]any{"name": "renamed"}); st != http.StatusOK || m["name"] != "renamed" || m["path"] != "/data/" {
		t.Errorf("update: %d %v", st, m)
	}
	if _, m := e.do("GET", "/bookmark/"+id, nil); m["name"] != "renamed" {
		t.Errorf("get: %v", m)
	}
	if _, m := e.do("GET", "/bookmark_list", nil); len(data(m)) != 1 {
		t.Errorf("list: %v", m)
	}
	if st, m := e.do("DELETE", "/bookmark/"+id, nil); st != http.StatusOK || m["code"] != "Deleted" {
		t.Errorf("delete: %d %v", st, m)
	}
	if st, m := e.do("GET", "/bookmark/"+id, nil); st != http.StatusNotFound || m["code"] != "BookmarkNotFound" {
		t.Errorf("get deleted: %d %v", st, m)
	}
}

func TestAccessRules(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	const guest = "9e570000-0000-4000-8000-000000000003"
	must(t, e.s.CreateCollection(fakeglobus.CollectionConfig{ID: guest, DisplayName: "Guest", HostID: colA, HostPath: "/g/"}))
	if st, m := e.do("GET", "/endpoint/"+colA+"/access_list", nil); st != http.StatusConflict || m["code"] != "NotSupported" {
		t.Errorf("access rules of a mapped collection: %d %v", st, m)
	}
	base := "/endpoint/" + guest
	rule := map[string]any{"DATA_TYPE": "access", "principal_type": "identity", "principal": fakeglobus.DefaultUser.ID, "path": "/shared/", "permissions": "r"}
	st, m := e.do("POST", base+"/access", rule)
	if st != http.StatusCreated || m["code"] != "Created" || str(m["access_id"]) == "" {
		t.Fatalf("create: %d %v", st, m)
	}
	id := str(m["access_id"])
	if st, m := e.do("POST", base+"/access", rule); st != http.StatusConflict || m["code"] != "Exists" {
		t.Errorf("duplicate: %d %v", st, m)
	}
	bad := map[string]any{"DATA_TYPE": "access", "principal_type": "group", "principal": "g", "path": "no-slash", "permissions": "r"}
	if st, m := e.do("POST", base+"/access", bad); st != http.StatusBadRequest || m["code"] != "InvalidPath" {
		t.Errorf("bad path: %d %v", st, m)
	}
	public := map[string]any{"DATA_TYPE": "access", "principal_type": "anonymous", "principal": "", "path": "/pub/", "permissions": "r"}
	if st, _ := e.do("POST", base+"/access", public); st != http.StatusCreated {
		t.Errorf("anonymous rule: %d", st)
	}
	if _, m := e.do("GET", base+"/access_list", nil); num(m["length"]) != 2 || len(data(m)) != 2 {
		t.Errorf("list: %v", m)
	}
	if st, m := e.do("PUT", base+"/access/"+id, map[string]any{"DATA_TYPE": "access", "permissions": "rw"}); st != http.StatusOK || m["code"] != "Updated" {
		t.Errorf("update: %d %v", st, m)
	}
	if _, m := e.do("GET", base+"/access/"+id, nil); m["permissions"] != "rw" || m["path"] != "/shared/" {
		t.Errorf("get: %v", m)
	}
	if st, _ := e.do("PUT", base+"/access/"+id, map[string]any{"DATA_TYPE": "access", "permissions": "x"}); st != http.StatusBadRequest {
		t.Errorf("bad permissions: %d", st)
	}
	if st, m := e.do("DELETE", base+"/access/"+id, nil); st != http.StatusOK || m["code"] != "Deleted" {
		t.Errorf("delete: %d %v", st, m)
	}
	if st, m := e.do("DELETE", base+"/access/"+id, nil); st != http.StatusNotFound || m["code"] != "AccessRuleNotFound" {
		t.Errorf("delete again: %d %v", st, m)
	}
}
