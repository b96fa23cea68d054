package tokenstorage_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// The tokens of the golden files (see testdata/README.md), field for field.
var (
	goldenAuth = authorizers.TokenData{
		AccessToken: "fake-auth-access", RefreshToken: "fake-auth-refresh",
		ExpiresAt: time.Unix(1767225600, 0), Scope: "openid profile email",
		ResourceServer: rsAuth, TokenType: "Bearer", IdentityID: idA,
	}
	goldenXfer = authorizers.TokenData{
		AccessToken: "fake-transfer-access",
		ExpiresAt:   time.Unix(1767229200, 0), Scope: scopeXfr,
		ResourceServer: rsXfer, TokenType: "Bearer", IdentityID: idA,
	}
	goldenOther = authorizers.TokenData{
		AccessToken: "fake-other-access",
		ExpiresAt:   time.Unix(1767232800, 0), Scope: "openid",
		ResourceServer: rsAuth,
	}
)

// copyGolden copies testdata/name into a new directory and returns its path.
func copyGolden(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readJSON(t testing.TB, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s is not a JSON object: %v", path, err)
	}
	return v
}

func jsonText(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// checkTokens asserts that s's namespace holds exactly want.
func checkTokens(t testing.TB, s tokenstorage.Storage, want ...authorizers.TokenData) {
	t.Helper()
	ctx := context.Background()
	all, err := s.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(want) {
		t.Fatalf("%d tokens, want %d", len(all), len(want))
	}
	for _, w := range want {
		mustEqualToken(t, all[w.ResourceServer], w)
		got, err := s.Get(ctx, w.ResourceServer)
		if err != nil {
			t.Fatal(err)
		}
		mustEqualToken(t, got, w)
	}
}

// Go reads a file that JSONTokenStorage wrote, field for field, in every
// namespace.
func TestReadPythonJSON(t *testing.T) {
	path := copyGolden(t, "python_v2.json")
	checkTokens(t, openKind(t, kinds[1], path), goldenAuth, goldenXfer)
	checkTokens(t, openKind(t, kinds[1], path, tokenstorage.WithNamespace("other-app")), goldenOther)
	checkTokens(t, openKind(t, kinds[1], path, tokenstorage.WithNamespace("nobody")))
}

// Go reads format 1.0 (SimpleJSONFileAdapter) as namespace DEFAULT, null
// refresh token included, and rewrites it as 2.0 keeping its entries, as
// JSONTokenStorage does.
func TestReadPythonJSONV1(t *testing.T) {
	ctx := context.Background()
	path := copyGolden(t, "python_v1.json")
	v1Auth, v1Xfer := goldenAuth, goldenXfer
	v1Auth.IdentityID, v1Xfer.IdentityID = "", ""
	s := openKind(t, kinds[1], path)
	checkTokens(t, s, v1Auth, v1Xfer)
	checkTokens(t, openKind(t, kinds[1], path, tokenstorage.WithNamespace("other-app")))

	groups := token("groups.api.globus.org", "at-groups", "rt-groups", "")
	if err := s.Store(ctx, groups); err != nil {
		t.Fatal(err)
	}
	checkTokens(t, s, v1Auth, v1Xfer, groups)
	doc := readJSON(t, path)
	if doc["format_version"] != "2.0" || doc["globus-sdk.version"] != tokenstorage.SDKVersion || doc["by_rs"] != nil {
		t.Fatalf("a rewritten 1.0 file is not in format 2.0:\n%s", jsonText(doc))
	}
	v1 := readJSON(t, filepath.Join("testdata", "python_v1.json"))
	def := doc["data"].(map[string]any)["DEFAULT"].(map[string]any)
	for rs, entry := range v1["by_rs"].(map[string]any) {
		if !reflect.DeepEqual(def[rs], entry) {
			t.Fatalf("entry %s changed in the move to 2.0:\n%s\nwas\n%s", rs, jsonText(def[rs]), jsonText(entry))
		}
	}
}

// Go writes what JSONTokenStorage writes: the same document, key for key,
// but for globus-sdk.version.
func TestWriteMatchesPythonJSON(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tokens.json")
	def := openKind(t, kinds[1], path)
	if err := def.Store(ctx, goldenAuth, goldenXfer); err != nil {
		t.Fatal(err)
	}
	other := openKind(t, kinds[1], path, tokenstorage.WithNamespace("other-app"))
	if err := other.Store(ctx, goldenOther); err != nil {
		t.Fatal(err)
	}
	got := readJSON(t, path)
	want := readJSON(t, filepath.Join("testdata", "python_v2.json"))
	want["globus-sdk.version"] = tokenstorage.SDKVersion
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Go wrote\n%s\nwant (python_v2.json)\n%s", jsonText(got), jsonText(want))
	}
}

// Keys this SDK does not know survive a rewrite: top-level keys, keys of
// entries that Go rewrites, and untouched entries and namespaces.
func TestUnknownJSONFieldsKept(t *testing.T) {
	ctx := context.Background()
	path := copyGolden(t, "python_v2_extra.json")
	s := openKind(t, kinds[1], path)
	checkTokens(t, s, goldenAuth, goldenXfer)

	newAuth := goldenAuth
	newAuth.AccessToken = "fake-auth-access-2"
	newAuth.ExpiresAt = time.Unix(1767300000, 0)
	if err := s.Store(ctx, newAuth); err != nil {
		t.Fatal(err)
	}
	newXfer, err := s.Update(ctx, rsXfer, func(cur authorizers.TokenData, _ bool) (authorizers.TokenData, error) {
		cur.RefreshToken = "fake-transfer-refresh"
		return cur, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkTokens(t, s, newAuth, newXfer)

	want := readJSON(t, filepath.Join("testdata", "python_v2_extra.json"))
	want["globus-sdk.version"] = tokenstorage.SDKVersion
	def := want["data"].(map[string]any)["DEFAULT"].(map[string]any)
	def[rsAuth].(map[string]any)["access_token"] = "fake-auth-access-2"
	def[rsAuth].(map[string]any)["expires_at_seconds"] = 1767300000.0
	def[rsXfer].(map[string]any)["refresh_token"] = "fake-transfer-refresh"
	if got := readJSON(t, path); !reflect.DeepEqual(got, want) {
		t.Fatalf("after Go's writes:\n%s\nwant\n%s", jsonText(got), jsonText(want))
	}
}

// Files this SDK cannot read give a *FormatError at open, or at the first
// write when they turn bad later, and are never overwritten.
func TestBadJSONFiles(t *testing.T) {
	ctx := context.Background()
	for name, content := range map[string]string{
		"empty":                   ``,
		"not JSON":                `{"data": `,
		"not an object":           `[1, 2]`,
		"no format_version":       `{"data": {}, "globus-sdk.version": "4.9.0"}`,
		"unknown format_version":  `{"data": {}, "format_version": "3.0", "globus-sdk.version": "4.9.0"}`,
		"numeric format_version":  `{"data": {}, "format_version": 2.0, "globus-sdk.version": "4.9.0"}`,
		"no globus-sdk.version":   `{"data": {}, "format_version": "2.0"}`,
		"data not an object":      `{"data": [], "format_version": "2.0", "globus-sdk.version": "4.9.0"}`,
		"1.0 without by_rs":       `{"data": {}, "format_version": "1.0", "globus-sdk.version": "3.0.0"}`,
		"namespace not an object": `{"data": {"DEFAULT": 7}, "format_version": "2.0", "globus-sdk.version": "4.9.0"}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tokens.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			var fe *tokenstorage.FormatError
			s, err := tokenstorage.OpenJSON(path)
			if err == nil {
				// The file's fault may be in the namespace only.
				defer s.Close()
				err = s.Store(ctx, token(rsAuth, "at", "rt", idA))
			}
			if !errors.As(err, &fe) || fe.Path != path {
				t.Fatalf("error %v, want a *FormatError for %s", err, path)
			}
			if b, _ := os.ReadFile(path); string(b) != content {
				t.Fatalf("the bad file was changed to %q", b)
			}
		})
	}

	// A good file that turns bad after open.
	path := copyGolden(t, "python_v2.json")
	s := openKind(t, kinds[1], path)
	if err := os.WriteFile(path, []byte(`{"data": `), 0o600); err != nil {
		t.Fatal(err)
	}
	var fe *tokenstorage.FormatError
	if err := s.Store(ctx, token(rsAuth, "at", "rt", idA)); !errors.As(err, &fe) {
		t.Fatalf("Store to a file gone bad: %v, want *FormatError", err)
	}
	if _, err := s.Get(ctx, rsAuth); !errors.As(err, &fe) {
		t.Fatalf("Get from a file gone bad: %v, want *FormatError", err)
	}
	if b, _ := os.ReadFile(path); string(b) != `{"data": ` {
		t.Fatalf("the bad file was changed to %q", b)
	}
}

// An entry whose fields have the wrong types is reported by the reads that
// need it, naming the field and not the value, and does not stop writes to
// other resource servers, which keep it as it is.
func TestBadJSONEntry(t *testing.T) {
	ctx := context.Background()
	const bad = `{"resource_server": "auth.globus.org", "scope": "openid", "access_token": "secret-value", "expires_at_seconds": "soon"}`
	path := filepath.Join(t.TempDir(), "tokens.json")
	content := `{"data": {"DEFAULT": {"auth.globus.org": ` + bad + `}}, "format_version": "2.0", "globus-sdk.version": "4.9.0"}`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openKind(t, kinds[1], path)
	var fe *tokenstorage.FormatError
	_, err := s.Get(ctx, rsAuth)
	if !errors.As(err, &fe) || fe.ResourceServer != rsAuth || fe.Namespace != "DEFAULT" {
		t.Fatalf("Get of a bad entry: %v, want *FormatError naming it", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("secret-value")) {
		t.Fatalf("the error shows a token: %v", err)
	}
	if _, err := s.All(ctx); !errors.As(err, &fe) {
		t.Fatalf("All with a bad entry: %v", err)
	}
	if _, err := s.Update(ctx, rsAuth, func(cur authorizers.TokenData, _ bool) (authorizers.TokenData, error) {
		t.Error("fn called with an unreadable token")
		return cur, nil
	}); !errors.As(err, &fe) {
		t.Fatalf("Update of a bad entry: %v", err)
	}
	if err := s.Store(ctx, token(rsXfer, "at", "", idA)); err != nil {
		t.Fatalf("Store of another resource server: %v", err)
	}
	entry := readJSON(t, path)["data"].(map[string]any)["DEFAULT"].(map[string]any)[rsAuth]
	var want any
	_ = json.Unmarshal([]byte(bad), &want)
	if !reflect.DeepEqual(entry, want) {
		t.Fatalf("the bad entry was changed to %s", jsonText(entry))
	}
}

// buildDB creates a SQLite database at path with the statements of a
// golden .sql file, as the Python SDK would have.
func buildDB(t testing.TB, path, sqlFile string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("testdata", sqlFile))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatalf("%s: %v", sqlFile, err)
	}
}

func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

type dbRow struct {
	ns, rs string
	data   any
}

func dbRows(t testing.TB, db *sql.DB) []dbRow {
	t.Helper()
	rows, err := db.Query(`SELECT namespace, resource_server, token_data_json FROM token_storage ORDER BY namespace, resource_server`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []dbRow
	for rows.Next() {
		var r dbRow
		var data string
		if err := rows.Scan(&r.ns, &r.rs, &data); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(data), &r.data); err != nil {
			t.Fatalf("token_data_json of %s/%s is not JSON: %v", r.ns, r.rs, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func dbAttrs(t testing.TB, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT attribute, value FROM sdk_storage_adapter_internal`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

// dbSchema describes the columns and keys of each table.
func dbSchema(t testing.TB, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		_ = rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		cols, err := db.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var name, typ string
			var notNull, pk int
			_ = cols.Scan(&name, &typ, &notNull, &pk)
			out[table] = append(out[table], name+" "+typ+" notnull="+strconv.Itoa(notNull)+" pk="+strconv.Itoa(pk))
		}
		cols.Close()
	}
	return out
}

// Go reads a database that SQLiteTokenStorage made, field for field, in
// every namespace, and the legacy SQLiteAdapter's (schema version 1).
func TestReadPythonSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.db")
	buildDB(t, path, "python_sqlite.sql")
	checkTokens(t, openKind(t, kinds[2], path), goldenAuth, goldenXfer)
	checkTokens(t, openKind(t, kinds[2], path, tokenstorage.WithNamespace("other-app")), goldenOther)

	legacy := filepath.Join(t.TempDir(), "legacy.db")
	buildDB(t, legacy, "python_sqlite_v1.sql")
	v1Auth, v1Xfer := goldenAuth, goldenXfer
	v1Auth.IdentityID, v1Xfer.IdentityID = "", ""
	s := openKind(t, kinds[2], legacy)
	checkTokens(t, s, v1Auth, v1Xfer)
	if err := s.Store(context.Background(), token("groups.api.globus.org", "at", "rt", idA)); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, legacy)
	var config string
	if err := db.QueryRow(`SELECT config_data_json FROM config_storage WHERE namespace='DEFAULT' AND config_name='app'`).Scan(&config); err != nil || config != `{"theme": "dark"}` {
		t.Fatalf("the legacy config_storage row: %q, %v", config, err)
	}
	if v := dbAttrs(t, db)["globus-sdk.database_schema_version"]; v != "1" {
		t.Fatalf("schema version of the legacy database changed to %q", v)
	}
}

// Go makes the tables of SQLiteTokenStorage and writes the same rows.
func TestWriteMatchesPythonSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens.db")
	def := openKind(t, kinds[2], path)
	if err := def.Store(ctx, goldenAuth, goldenXfer); err != nil {
		t.Fatal(err)
	}
	other := openKind(t, kinds[2], path, tokenstorage.WithNamespace("other-app"))
	if err := other.Store(ctx, goldenOther); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(dir, "golden.db")
	buildDB(t, golden, "python_sqlite.sql")
	gotDB, wantDB := openDB(t, path), openDB(t, golden)

	if got, want := dbSchema(t, gotDB), dbSchema(t, wantDB); !reflect.DeepEqual(got, want) {
		t.Fatalf("schema:\n%v\nwant\n%v", got, want)
	}
	if got, want := dbRows(t, gotDB), dbRows(t, wantDB); !reflect.DeepEqual(got, want) {
		t.Fatalf("rows:\n%v\nwant\n%v", got, want)
	}
	got, want := dbAttrs(t, gotDB), dbAttrs(t, wantDB)
	want["globus-sdk.version"] = tokenstorage.SDKVersion
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sdk_storage_adapter_internal: %v, want %v", got, want)
	}
}

// Unknown keys of a row's JSON, other namespaces and other tables survive
// Go's writes.
func TestUnknownSQLiteFieldsKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tokens.db")
	buildDB(t, path, "python_sqlite.sql")
	db := openDB(t, path)
	for _, stmt := range []string{
		`UPDATE token_storage SET token_data_json = json_set(token_data_json, '$.x_note', 'kept', '$.x_list', json('[1, 2]')) WHERE namespace='DEFAULT' AND resource_server='auth.globus.org'`,
		`CREATE TABLE app_settings (k VARCHAR PRIMARY KEY, v VARCHAR)`,
		`INSERT INTO app_settings VALUES ('theme', 'dark')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	before := dbRows(t, db)
	s := openKind(t, kinds[2], path)
	newAuth := goldenAuth
	newAuth.AccessToken = "fake-auth-access-2"
	if err := s.Store(ctx, newAuth); err != nil {
		t.Fatal(err)
	}
	after := dbRows(t, db)
	for i := range before {
		if before[i].ns == "DEFAULT" && before[i].rs == rsAuth {
			before[i].data.(map[string]any)["access_token"] = "fake-auth-access-2"
		}
	}
	sort.Slice(after, func(i, j int) bool { return after[i].ns+after[i].rs < after[j].ns+after[j].rs })
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("rows after Go's write:\n%v\nwant\n%v", after, before)
	}
	var v string
	if err := db.QueryRow(`SELECT v FROM app_settings WHERE k='theme'`).Scan(&v); err != nil || v != "dark" {
		t.Fatalf("another table: %q, %v", v, err)
	}
}

// A file that is no SQLite database gives a *FormatError and is left as it
// is.
func TestNotASQLiteDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.db")
	content := []byte(`{"data": {}, "format_version": "2.0", "globus-sdk.version": "4.9.0"} and more text to fill a page header`)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := tokenstorage.OpenSQLite(path)
	var fe *tokenstorage.FormatError
	if !errors.As(err, &fe) || fe.Path != path {
		if s != nil {
			_ = s.Close()
		}
		t.Fatalf("OpenSQLite of a JSON file: %v, want *FormatError", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, content) {
		t.Fatal("the file was changed")
	}
	if _, err := tokenstorage.OpenSQLite(":memory:"); err == nil {
		t.Fatal("OpenSQLite(\":memory:\") succeeded")
	}
}
