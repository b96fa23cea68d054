package tokenstorage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/globus-go/globus/tokenstorage"
)

// A write waiting for another connection's write transaction (another
// process, a Python tool) gives up when its context ends, long before the
// busy timeout.
func TestSQLiteWaitEndsWithContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.db")
	s := openKind(t, kinds[2], path)
	db := openDB(t, path)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	// A write makes the other connection's transaction hold the write lock.
	if _, err := tx.Exec(`INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES ('x-test', 'held')`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Store(ctx, token(rsAuth, "at", "rt", idA))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Store while another connection held the write lock: %v, want DeadlineExceeded", err)
	}
	t.Logf("after %v: %v", time.Since(start), err)
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("Store waited %v for a context of 200ms: %v", waited, err)
	}
	_ = tx.Rollback()
	if err := s.Store(context.Background(), token(rsAuth, "at", "rt", idA)); err != nil {
		t.Fatalf("Store after the other transaction ended: %v", err)
	}
}

// Paths with characters that mean something in a URI work.
func TestSQLiteOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir with space", "to?k#en%20.db")
	s := openKind(t, kinds[2], path)
	if err := s.Store(context.Background(), token(rsAuth, "at", "rt", idA)); err != nil {
		t.Fatal(err)
	}
	if s.(*tokenstorage.SQLiteStorage).Path() != path {
		t.Fatalf("Path() = %q, want %q", s.(*tokenstorage.SQLiteStorage).Path(), path)
	}
	again := openKind(t, kinds[2], path)
	if _, err := again.Get(context.Background(), rsAuth); err != nil {
		t.Fatalf("reopened: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(matches) != 1 {
		t.Fatalf("files in the directory: %v; want the database alone", matches)
	}
}
