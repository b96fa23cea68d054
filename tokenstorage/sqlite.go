package tokenstorage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/globus-go/globus/authorizers"
)

// The schema of the Python SDK's SQLiteTokenStorage
// (src/globus_sdk/token_storage/sqlite.py): one row per namespace and
// resource server holding the token entry as JSON, and a table of
// attributes recording the SDK version that created the database and the
// schema version (2; 1 is the legacy SQLiteAdapter's, which has the same
// token_storage table and one more table, config_storage).
const (
	sqliteCreateTokens = `CREATE TABLE IF NOT EXISTS token_storage (
    namespace VARCHAR NOT NULL,
    resource_server VARCHAR NOT NULL,
    token_data_json VARCHAR NOT NULL,
    PRIMARY KEY (namespace, resource_server)
)`
	sqliteCreateInternal = `CREATE TABLE IF NOT EXISTS sdk_storage_adapter_internal (
    attribute VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (attribute)
)`
	sqliteInitAttr   = `INSERT OR IGNORE INTO sdk_storage_adapter_internal(attribute, value) VALUES (?, ?)`
	sqliteSchemaAttr = "globus-sdk.database_schema_version"
	sqliteSchema     = "2"
	sqliteSelect     = `SELECT resource_server, token_data_json FROM token_storage WHERE namespace=?`
	sqliteReplace    = `REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES(?, ?, ?)`
	sqliteDelete     = `DELETE FROM token_storage WHERE namespace=? AND resource_server=?`
)

// SQLiteBusyTimeout is how long a write waits for another connection's
// write transaction on the same database before it fails (SQLite's
// busy_timeout), unless its context ends first. It is longer than
// [authorizers.DefaultRenewalTimeout], since a renewal through
// [NewRefreshTokenAuthorizer] holds its transaction while it asks Globus
// Auth for a token.
const SQLiteBusyTimeout = 90 * time.Second

// SQLiteStorage keeps tokens in a SQLite database in the schema of the Python
// SDK's SQLiteTokenStorage, safely shared between goroutines and processes.
//
// Every write is one IMMEDIATE transaction (reads are single statements), so
// a Python tool writing the same database at the same moment waits for it or
// fails with "database is locked"; it never sees half a write.
type SQLiteStorage struct {
	c core
}

// OpenSQLite opens the SQLite database at path, creating its directory
// (mode 0700), the file (mode 0600) and the tables when missing. A file
// that is not a SQLite database gives a [*FormatError].
//
// It uses the pure-Go driver modernc.org/sqlite, registered as "sqlite".
func OpenSQLite(path string, opts ...Option) (*SQLiteStorage, error) {
	cfg := buildConfig(opts)
	if path == "" || path == ":memory:" {
		return nil, errors.New("tokenstorage: OpenSQLite needs the path of a file (use NewMemory for tokens in memory)")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("tokenstorage: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("tokenstorage: creating the directory of the database: %w", err)
	}
	// SQLite would create the file 0644; create it first, private.
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		_ = f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("tokenstorage: creating the database: %w", err)
	}
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(SQLiteBusyTimeout.Milliseconds(), 10))
	q.Set("_txlock", "immediate")
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("tokenstorage: opening the database: %w", err)
	}
	b := &sqliteBackend{path: abs, ns: cfg.namespace, db: db, sem: make(chan struct{}, 1)}
	if err := b.init(context.Background()); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &SQLiteStorage{c: core{ns: cfg.namespace, path: abs, b: b}}, nil
}

// Path returns the absolute path of the database file.
func (s *SQLiteStorage) Path() string { return s.c.path }

// Store saves tokens in one transaction; see [Storage].
func (s *SQLiteStorage) Store(ctx context.Context, tokens ...authorizers.TokenData) error {
	return s.c.store(ctx, tokens)
}

// Get returns the token of resourceServer; see [Storage].
func (s *SQLiteStorage) Get(ctx context.Context, resourceServer string) (authorizers.TokenData, error) {
	return s.c.get(ctx, resourceServer)
}

// All returns every token of the namespace; see [Storage].
func (s *SQLiteStorage) All(ctx context.Context) (map[string]authorizers.TokenData, error) {
	return s.c.all(ctx)
}

// Remove deletes the token of resourceServer; see [Storage].
func (s *SQLiteStorage) Remove(ctx context.Context, resourceServer string) error {
	return s.c.remove(ctx, resourceServer)
}

// Update replaces the token of resourceServer in one write transaction; see
// [Updater].
func (s *SQLiteStorage) Update(ctx context.Context, resourceServer string, fn UpdateFunc) (authorizers.TokenData, error) {
	return s.c.update(ctx, resourceServer, fn)
}

// Close closes the database. It waits for calls in progress.
func (s *SQLiteStorage) Close() error { return s.c.close() }

type sqliteBackend struct {
	path string
	ns   string
	db   *sql.DB
	// sem is held by this storage's writers: they queue here, in order and
	// until their context ends, rather than poll SQLite's busy handler.
	sem chan struct{}
}

// init creates the tables that are missing, as SQLiteTokenStorage does for
// a new file. A database that has them is not written to.
func (b *sqliteBackend) init(ctx context.Context) error {
	var n int
	err := b.db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('token_storage', 'sdk_storage_adapter_internal')`).Scan(&n)
	if err != nil {
		return b.wrap("reading the schema", err)
	}
	if n == 2 {
		return nil
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return b.wrap("creating the tables", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, stmt := range []string{sqliteCreateTokens, sqliteCreateInternal} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return b.wrap("creating the tables", err)
		}
	}
	for _, kv := range [][2]string{{keySDKVersion, SDKVersion}, {sqliteSchemaAttr, sqliteSchema}} {
		if _, err := tx.ExecContext(ctx, sqliteInitAttr, kv[0], kv[1]); err != nil {
			return b.wrap("creating the tables", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return b.wrap("creating the tables", err)
	}
	return nil
}

// wrap makes a driver error a [*FormatError] when the file is no SQLite
// database, or adds what was being done. SQLite's errors hold no values of
// bound parameters, so no token.
func (b *sqliteBackend) wrap(doing string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return &FormatError{Path: b.path, Problem: "not a SQLite database", Err: err}
	}
	return fmt.Errorf("tokenstorage: %s: %s: %w", b.path, doing, err)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (b *sqliteBackend) entries(ctx context.Context, q querier) (map[string]json.RawMessage, error) {
	rows, err := q.QueryContext(ctx, sqliteSelect, b.ns)
	if err != nil {
		return nil, b.wrap("reading tokens", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]json.RawMessage{}
	for rows.Next() {
		var rs, data string
		if err := rows.Scan(&rs, &data); err != nil {
			return nil, b.wrap("reading tokens", err)
		}
		out[rs] = json.RawMessage(data)
	}
	if err := rows.Err(); err != nil {
		return nil, b.wrap("reading tokens", err)
	}
	return out, nil
}

func (b *sqliteBackend) load(ctx context.Context) (map[string]json.RawMessage, error) {
	return b.entries(ctx, b.db)
}

func (b *sqliteBackend) update(ctx context.Context, fn func(map[string]json.RawMessage) (map[string]json.RawMessage, error)) error {
	if err := acquire(ctx, b.sem); err != nil {
		return err
	}
	defer func() { <-b.sem }()
	tx, err := b.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: _txlock in the DSN
	if err != nil {
		return b.wrap("starting a transaction", err)
	}
	defer func() { _ = tx.Rollback() }()
	cur, err := b.entries(ctx, tx)
	if err != nil {
		return err
	}
	changes, err := fn(cur)
	if err != nil || len(changes) == 0 {
		return err
	}
	for rs, raw := range changes {
		if raw == nil {
			_, err = tx.ExecContext(ctx, sqliteDelete, b.ns, rs)
		} else {
			_, err = tx.ExecContext(ctx, sqliteReplace, b.ns, rs, string(raw))
		}
		if err != nil {
			return b.wrap("writing tokens", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return b.wrap("committing", err)
	}
	return nil
}

func (b *sqliteBackend) close() error { return b.db.Close() }
