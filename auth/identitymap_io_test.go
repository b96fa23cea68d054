package auth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// The tests of this file run in a testing/synctest bubble with an
// in-process fake of Globus Auth: synctest.Wait returns once every caller
// is blocked, in the fake server or waiting for another caller's request,
// so that the tests know, rather than hope, that a caller has joined the
// request in flight.

// TestIdentityMapNoLockDuringIO holds one identities request open and
// checks that other callers are not stuck behind it: a cached key is
// answered at once, a caller waiting for the same key gives up when its
// context ends, and a patient caller shares the one request.
func TestIdentityMapNoLockDuringIO(t *testing.T) {
	synctest.Test(t, testIdentityMapNoLockDuringIO)
}

func testIdentityMapNoLockDuringIO(t *testing.T) {
	f := newInProcessAuth(t)
	release := make(chan struct{})
	var calls atomic.Int64
	f.handle("GET /v2/api/identities", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		names := strings.Split(r.URL.Query().Get("usernames"), ",")
		if strings.HasPrefix(names[0], "slow") {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
		out := []authapi.Identity{}
		for _, n := range names {
			out = append(out, authapi.Identity{ID: idFor(strings.TrimPrefix(n, "slow")), Username: n, Status: "used"})
		}
		testsupport.WriteJSON(w, http.StatusOK, authapi.IdentitiesResponse{Identities: out})
	})
	c := mustClient(t, f.options("tok")...)
	m := auth.NewIdentityMap(c, nil)
	ctx := context.Background()
	if _, err := m.Get(ctx, "user1@example.org"); err != nil {
		t.Fatal(err)
	}

	type result struct {
		id  authapi.Identity
		err error
	}
	get := func(ctx context.Context, key string) chan result {
		ch := make(chan result, 1)
		go func() {
			id, err := m.Get(ctx, key)
			ch <- result{id, err}
		}()
		return ch
	}
	released := false
	releaseOnce := func() {
		if !released {
			released = true
			close(release)
		}
	}
	defer releaseOnce()

	first := get(ctx, "slow7@example.org")
	synctest.Wait() // the slow request is now held in the server
	if got := calls.Load(); got != 2 {
		t.Fatalf("%d requests, want 2 (the slow one in flight)", got)
	}

	cached := get(ctx, "USER1@example.org")
	synctest.Wait()
	select {
	case r := <-cached:
		if r.err != nil || r.id.ID != idFor("user1") {
			t.Errorf("cached Get = %v, %v", r.id, r.err)
		}
	default:
		t.Error("a cached Get waited for another caller's request")
	}

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	impatient := get(short, "slow7@example.org")
	time.Sleep(50 * time.Millisecond)
	synctest.Wait()
	select {
	case r := <-impatient:
		if !errors.Is(r.err, context.DeadlineExceeded) {
			t.Errorf("waiter whose context ended: err = %v, want context.DeadlineExceeded", r.err)
		}
	default:
		t.Error("a waiter ignored the end of its context")
	}

	second := get(ctx, "slow7@example.org")
	synctest.Wait() // second is blocked: on the request in flight, or on one of its own
	if got := calls.Load(); got != 2 {
		t.Fatalf("%d requests while the slow one was held, want 2: the second caller did not join it", got)
	}
	releaseOnce()
	for _, ch := range []chan result{first, second} {
		if r := <-ch; r.err != nil || r.id.ID != idFor("7") {
			t.Errorf("slow Get = %v, %v", r.id, r.err)
		}
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("%d requests, want 2 (the slow key was fetched once for all its callers)", got)
	}
}

// TestIdentityMapWaiterRetriesAfterSenderGivesUp checks that when the
// caller that sent a batch gives up, a caller still waiting for one of its
// keys fetches it itself rather than failing with the other's error.
func TestIdentityMapWaiterRetriesAfterSenderGivesUp(t *testing.T) {
	synctest.Test(t, testIdentityMapWaiterRetriesAfterSenderGivesUp)
}

func testIdentityMapWaiterRetriesAfterSenderGivesUp(t *testing.T) {
	f := newInProcessAuth(t)
	var calls atomic.Int64
	f.handle("GET /v2/api/identities", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the sender gives up
		}
		n := r.URL.Query().Get("usernames")
		testsupport.WriteJSON(w, http.StatusOK, authapi.IdentitiesResponse{Identities: []authapi.Identity{{ID: idFor(n), Username: n, Status: "used"}}})
	})
	c := mustClient(t, append(f.options("tok"), auth.WithoutRetries())...)
	m := auth.NewIdentityMap(c, nil)
	senderCtx, cancelSender := context.WithCancel(context.Background())
	defer cancelSender() // a failed test leaves no request held
	senderErr := make(chan error, 1)
	go func() { _, err := m.Get(senderCtx, "user3@example.org"); senderErr <- err }()
	synctest.Wait() // the sender's request is held in the server
	waiter := make(chan error, 1)
	go func() {
		id, err := m.Get(context.Background(), "user3@example.org")
		if err == nil && id.ID != idFor("user3") {
			err = errors.New("wrong identity " + id.ID)
		}
		waiter <- err
	}()
	synctest.Wait() // the waiter is blocked: on the sender's request, or on one of its own
	if got := calls.Load(); got != 1 {
		t.Fatalf("%d requests before the sender gave up, want 1: the waiter did not join its request", got)
	}
	cancelSender()
	if err := <-senderErr; !errors.Is(err, context.Canceled) {
		t.Errorf("sender: err = %v, want context.Canceled", err)
	}
	if err := <-waiter; err != nil {
		t.Errorf("waiter: %v", err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("%d requests, want 2", got)
	}
}
