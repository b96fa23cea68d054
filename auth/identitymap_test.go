package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// identityDirectory is a fake identities endpoint. It knows every username
// of the form userN@example.org (and its id), except those containing
// "ghost", unless provision is asked for.
type identityDirectory struct {
	calls   atomic.Int64
	mu      sync.Mutex
	batches []url.Values
	fail    atomic.Bool
}

func idFor(username string) string {
	var n int
	fmt.Sscanf(strings.TrimPrefix(username, "user"), "%d", &n)
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

func usernameFor(id string) string {
	var n int
	fmt.Sscanf(id[len(id)-12:], "%d", &n)
	return fmt.Sprintf("user%d@example.org", n)
}

func (d *identityDirectory) serve(w http.ResponseWriter, r *http.Request) {
	d.calls.Add(1)
	q := r.URL.Query()
	d.mu.Lock()
	d.batches = append(d.batches, q)
	d.mu.Unlock()
	if d.fail.Load() {
		testsupport.WriteJSON(w, http.StatusForbidden, `{"errors":[{"code":"FORBIDDEN","status":"403","detail":"no"}]}`)
		return
	}
	var out []authapi.Identity
	if ids := q.Get("ids"); ids != "" {
		for _, id := range strings.Split(ids, ",") {
			if strings.HasPrefix(id, "00000000-0000-4000-8000-") {
				out = append(out, authapi.Identity{ID: id, Username: usernameFor(id), Status: "used"})
			}
		}
	}
	if names := q.Get("usernames"); names != "" {
		for _, name := range strings.Split(names, ",") {
			name = strings.ToLower(name)
			switch {
			case strings.Contains(name, "ghost") && q.Get("provision") == "true":
				out = append(out, authapi.Identity{ID: "00000000-0000-4000-9000-000000000001", Username: name, Status: "unused"})
			case strings.Contains(name, "ghost"):
			default:
				out = append(out, authapi.Identity{ID: idFor(name), Username: name, Status: "used"})
			}
		}
	}
	if out == nil {
		out = []authapi.Identity{}
	}
	testsupport.WriteJSON(w, http.StatusOK, authapi.IdentitiesResponse{Identities: out})
}

func newDirectory(t *testing.T) (*auth.Client, *identityDirectory) {
	t.Helper()
	f := newFakeAuth(t)
	d := &identityDirectory{}
	f.handle("GET /v2/api/identities", d.serve)
	return mustClient(t, auth.WithBaseURL(f.URL()), auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("tok"))), d
}

func TestIdentityMap250NamesThreeRequests(t *testing.T) {
	ctx := context.Background()
	c, d := newDirectory(t)
	var names []string
	for i := range 250 {
		names = append(names, fmt.Sprintf("user%d@example.org", i))
	}
	m := auth.NewIdentityMap(c, names)
	for _, n := range names {
		id, err := m.Get(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if id.ID != idFor(n) {
			t.Fatalf("%s resolved to %s", n, id.ID)
		}
	}
	if got := d.calls.Load(); got != 3 {
		t.Fatalf("250 names took %d requests, want 3", got)
	}
	sizes := []int{}
	for _, b := range d.batches {
		sizes = append(sizes, len(strings.Split(b.Get("usernames"), ",")))
		if b.Has("ids") || b.Has("provision") {
			t.Errorf("batch %v mixes kinds or provisions", b)
		}
	}
	if fmt.Sprint(sizes) != "[100 100 50]" {
		t.Errorf("batch sizes = %v", sizes)
	}

	// Repeats, by username in any case or by id, are served from the cache.
	for _, n := range names {
		if _, err := m.Get(ctx, strings.ToUpper(n)); err != nil {
			t.Fatal(err)
		}
		if id, err := m.Get(ctx, idFor(n)); err != nil || id.Username != n {
			t.Fatalf("by id: %v %v", id, err)
		}
	}
	if got := d.calls.Load(); got != 3 {
		t.Errorf("repeated lookups made %d requests in all, want 3", got)
	}
}

func TestIdentityMapResolveMixed(t *testing.T) {
	ctx := context.Background()
	c, d := newDirectory(t)
	m := auth.NewIdentityMap(c, nil, auth.WithBatchSize(40))
	var keys []string
	for i := range 60 {
		keys = append(keys, fmt.Sprintf("user%d@example.org", i))
	}
	for i := 100; i < 150; i++ {
		keys = append(keys, idFor(fmt.Sprintf("user%d", i)))
	}
	keys = append(keys, "ghost@example.org", "00000000-0000-4000-7000-000000000000")
	if n := m.Add(keys...); n != len(keys) {
		t.Errorf("Add = %d, want %d", n, len(keys))
	}
	if n := m.Add(keys[0], strings.ToUpper(keys[1]), "", keys[70]); n != 0 {
		t.Errorf("Add of known keys = %d", n)
	}
	if err := m.Resolve(ctx); err != nil {
		t.Fatal(err)
	}
	// ids: 51 in 2 batches of at most 40; usernames: 61 in 2 batches.
	if got := d.calls.Load(); got != 4 {
		t.Errorf("Resolve made %d requests, want 4", got)
	}
	for _, b := range d.batches {
		if b.Has("ids") == b.Has("usernames") {
			t.Errorf("batch %v is not of a single kind", b)
		}
	}
	for _, k := range keys[:110] {
		if _, err := m.Get(ctx, k); err != nil {
			t.Errorf("Get(%s): %v", k, err)
		}
	}
	for _, k := range keys[110:] {
		_, err := m.Get(ctx, k)
		var nf *auth.IdentityNotFoundError
		if !errors.As(err, &nf) || !errors.Is(err, auth.ErrIdentityNotFound) || nf.Key != k {
			t.Errorf("Get(%s) = %v, want not found", k, err)
		}
	}
	if got := d.calls.Load(); got != 4 {
		t.Errorf("lookups after Resolve made requests: %d in all", got)
	}
	if err := m.Resolve(ctx); err != nil || d.calls.Load() != 4 {
		t.Errorf("a second Resolve made requests (%v)", err)
	}

	// Delete forgets an entry under both keys.
	m.Delete("user1@example.org")
	if _, err := m.Get(ctx, idFor("user1")); err != nil || d.calls.Load() != 5 {
		t.Errorf("after Delete: %v, %d requests", err, d.calls.Load())
	}
	if _, err := m.Get(ctx, "user1@example.org"); err != nil || d.calls.Load() != 5 {
		t.Errorf("after refetch by id, the username is not cached: %v", err)
	}
	if _, err := m.Get(ctx, " "); err == nil {
		t.Error("empty key accepted")
	}
}

func TestIdentityMapProvisionAndHyphenlessIDs(t *testing.T) {
	ctx := context.Background()
	c, d := newDirectory(t)
	m := auth.NewIdentityMap(c, []string{"ghost@example.org"}, auth.WithProvision())
	id, err := m.Get(ctx, "Ghost@Example.org")
	if err != nil || id.Status != "unused" {
		t.Fatalf("provisioned lookup = %+v, %v", id, err)
	}
	if d.batches[0].Get("provision") != "true" {
		t.Errorf("provision not sent: %v", d.batches[0])
	}
	raw := strings.ReplaceAll(strings.ToUpper(idFor("user7")), "-", "")
	id, err = m.Get(ctx, raw)
	if err != nil || id.ID != idFor("user7") {
		t.Fatalf("hyphenless id: %+v %v", id, err)
	}
	if d.batches[1].Get("ids") != idFor("user7") || d.batches[1].Has("provision") {
		t.Errorf("id batch = %v", d.batches[1])
	}
}

func TestIdentityMapErrorKeepsPending(t *testing.T) {
	ctx := context.Background()
	c, d := newDirectory(t)
	m := auth.NewIdentityMap(c, []string{"user1@example.org", "user2@example.org"})
	d.fail.Store(true)
	_, err := m.Get(ctx, "user1@example.org")
	if apiErr := asAPIError(t, err); apiErr.StatusCode != 403 {
		t.Fatalf("err = %v", err)
	}
	d.fail.Store(false)
	if _, err := m.Get(ctx, "user1@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Get(ctx, "user2@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := d.calls.Load(); got != 2 {
		t.Errorf("%d requests, want 2 (one failed, one for both names)", got)
	}
}

// TestIdentityMapConcurrent runs 8 goroutines over 300 names. It holds the
// first request until every goroutine is blocked (synctest.Wait on an
// in-process fake), so that the other 7, whose first names are in that
// batch, must share it rather than find their names already cached.
func TestIdentityMapConcurrent(t *testing.T) {
	synctest.Test(t, testIdentityMapConcurrent)
}

func testIdentityMapConcurrent(t *testing.T) {
	ctx := context.Background()
	f := newInProcessAuth(t)
	d := &identityDirectory{}
	release := make(chan struct{})
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseAll()
	f.handle("GET /v2/api/identities", func(w http.ResponseWriter, r *http.Request) {
		if d.calls.Load() == 0 {
			<-release
		}
		d.serve(w, r)
	})
	c := mustClient(t, f.options("tok")...)
	var names []string
	for i := range 300 {
		names = append(names, fmt.Sprintf("user%d@example.org", i))
	}
	m := auth.NewIdentityMap(c, names)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(names); i += 8 {
				if id, err := m.Get(ctx, names[i]); err != nil || id.ID != idFor(names[i]) {
					t.Errorf("Get(%s) = %v, %v", names[i], id.ID, err)
				}
			}
		}()
	}
	synctest.Wait() // every goroutine waits for the first request
	if got := d.calls.Load(); got != 0 {
		t.Fatalf("%d requests answered while the first was held, want 0", got)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests sent while the first was held, want 1: the 8 goroutines did not share it", n)
	}
	releaseAll()
	wg.Wait()
	if got := d.calls.Load(); got != 3 {
		t.Errorf("300 names from 8 goroutines took %d requests, want 3", got)
	}
}
