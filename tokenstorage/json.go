package tokenstorage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// The JSON file format of the Python SDK's JSONTokenStorage
// (src/globus_sdk/token_storage/json.py): an object with format_version
// "2.0", the writing SDK's version under "globus-sdk.version", and "data",
// which holds token entries by namespace, then by resource server. Format
// "1.0" (legacy SimpleJSONFileAdapter) has "by_rs" instead of "data", the
// entries of the one namespace DEFAULT; it is read as that, and rewritten
// as 2.0.
const (
	jsonFormatVersion = "2.0"
	jsonFormatV1      = "1.0"
	keyFormatVersion  = "format_version"
	keySDKVersion     = "globus-sdk.version"
	keyData           = "data"
	keyByRS           = "by_rs"
)

// SDKVersion is what the file storages write as "globus-sdk.version": the
// name and version of this SDK, where the Python SDK writes its own
// version. Nothing reads it back.
const SDKVersion = "globus-go/" + globus.Version

// lockRetry is how often a writer waiting for another process's lock on a
// JSON file tries again.
const lockRetry = 5 * time.Millisecond

// JSONStorage keeps tokens in a JSON file in the format of the Python SDK's
// JSONTokenStorage, safely shared between goroutines and processes.
//
// Reads take no lock: every writer of this package replaces the file by
// renaming a complete one over it, so a reader sees the old file or the new
// one. Writes read, change and replace the file under an exclusive lock
// (flock) on the file named by the path with ".lock" appended, waiting for
// it until their context ends. Python's JSONTokenStorage takes no lock and
// rewrites the file in place: a Python tool writing at the same moment as a
// Go writer can still lose its write, and a read that finds the file cut
// short tries again a few times before it fails.
type JSONStorage struct {
	c core
}

// OpenJSON opens the token file at path, creating its directory (mode 0700)
// when missing; the file itself is created (mode 0600) by the first write.
// An existing file must be a token file of format 2.0 or 1.0, or OpenJSON
// returns a [*FormatError]. A path that is a symbolic link is followed once,
// at open, so that writes replace the file it points to.
func OpenJSON(path string, opts ...Option) (*JSONStorage, error) {
	cfg := buildConfig(opts)
	if path == "" {
		return nil, errors.New("tokenstorage: OpenJSON needs a path")
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("tokenstorage: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("tokenstorage: creating the directory of the token file: %w", err)
	}
	b := &jsonBackend{
		path: abs,
		ns:   cfg.namespace,
		sem:  make(chan struct{}, 1),
		lock: flock.New(abs+".lock", flock.SetPermissions(0o600)),
	}
	if _, err := b.read(); err != nil {
		return nil, err
	}
	return &JSONStorage{c: core{ns: cfg.namespace, path: abs, b: b}}, nil
}

// Path returns the absolute path of the token file.
func (s *JSONStorage) Path() string { return s.c.path }

// Store saves tokens; see [Storage].
func (s *JSONStorage) Store(ctx context.Context, tokens ...authorizers.TokenData) error {
	return s.c.store(ctx, tokens)
}

// Get returns the token of resourceServer; see [Storage].
func (s *JSONStorage) Get(ctx context.Context, resourceServer string) (authorizers.TokenData, error) {
	return s.c.get(ctx, resourceServer)
}

// All returns every token of the namespace; see [Storage].
func (s *JSONStorage) All(ctx context.Context) (map[string]authorizers.TokenData, error) {
	return s.c.all(ctx)
}

// Remove deletes the token of resourceServer; see [Storage].
func (s *JSONStorage) Remove(ctx context.Context, resourceServer string) error {
	return s.c.remove(ctx, resourceServer)
}

// Update replaces the token of resourceServer under the file lock; see
// [Updater].
func (s *JSONStorage) Update(ctx context.Context, resourceServer string, fn UpdateFunc) (authorizers.TokenData, error) {
	return s.c.update(ctx, resourceServer, fn)
}

// Close releases the lock file. It waits for calls in progress.
func (s *JSONStorage) Close() error { return s.c.close() }

type jsonBackend struct {
	path string
	ns   string
	// sem is held by this storage's writers, so that one flock serves them
	// one at a time (a flock is not a lock between goroutines).
	sem  chan struct{}
	lock *flock.Flock
}

// jsonDoc is a token file: every top-level key but "data", kept as it is,
// and "data", by namespace.
type jsonDoc struct {
	top  map[string]json.RawMessage
	data map[string]json.RawMessage
}

// Python's JSONTokenStorage rewrites the file in place, so a read can see it
// empty or cut short while a Python tool writes it. A file that does not
// parse is read again, readRetries times at most, readRetryDelay apart,
// before it is reported.
const (
	readRetries    = 3
	readRetryDelay = 15 * time.Millisecond
)

// read reads the file; a missing file is an empty document.
func (b *jsonBackend) read() (*jsonDoc, error) {
	for try := 0; ; try++ {
		raw, err := os.ReadFile(b.path)
		if errors.Is(err, fs.ErrNotExist) {
			return &jsonDoc{top: map[string]json.RawMessage{}, data: map[string]json.RawMessage{}}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("tokenstorage: reading the token file: %w", err)
		}
		doc, err := parseJSONDoc(b.path, raw)
		if err == nil || try == readRetries || json.Valid(raw) {
			return doc, err
		}
		time.Sleep(readRetryDelay)
	}
}

// parseJSONDoc checks a token file as JSONTokenStorage._handle_formats does.
func parseJSONDoc(path string, raw []byte) (*jsonDoc, error) {
	bad := func(problem string, err error) error {
		return &FormatError{Path: path, Problem: problem, Err: err}
	}
	if !isObject(raw) {
		if err := json.Unmarshal(raw, new(any)); err != nil {
			return nil, bad("not JSON", err)
		}
		return nil, bad("the top level is not a JSON object", nil)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, bad("not JSON", err)
	}
	var version string
	if v, ok := top[keyFormatVersion]; !ok || !isString(v) || json.Unmarshal(v, &version) != nil {
		return nil, bad("no format_version string", nil)
	}
	dataKey := keyData
	switch version {
	case jsonFormatVersion:
	case jsonFormatV1:
		dataKey = keyByRS
	default:
		if len(version) > 20 {
			version = version[:20] + "..."
		}
		return nil, bad(fmt.Sprintf("unknown format_version %q (this SDK reads %s and %s)", version, jsonFormatV1, jsonFormatVersion), nil)
	}
	if v, ok := top[keySDKVersion]; !ok || !isString(v) {
		return nil, bad("no "+keySDKVersion+" string", nil)
	}
	var data map[string]json.RawMessage
	if v := top[dataKey]; !isObject(v) || json.Unmarshal(v, &data) != nil {
		return nil, bad("'"+dataKey+"' is not a JSON object", nil)
	}
	delete(top, dataKey)
	if version == jsonFormatV1 {
		// Python moves the entries under DEFAULT.
		v1, err := marshal(data)
		if err != nil {
			return nil, bad("'"+dataKey+"' cannot be re-encoded", err)
		}
		data = map[string]json.RawMessage{DefaultNamespace: v1}
	}
	return &jsonDoc{top: top, data: data}, nil
}

// entries returns the entries of namespace ns, by resource server.
func (d *jsonDoc) entries(path, ns string) (map[string]json.RawMessage, error) {
	raw, ok := d.data[ns]
	if !ok || isNull(raw) {
		return map[string]json.RawMessage{}, nil
	}
	var out map[string]json.RawMessage
	if !isObject(raw) || json.Unmarshal(raw, &out) != nil {
		return nil, &FormatError{Path: path, Namespace: ns, Problem: "the namespace is not a JSON object"}
	}
	if out == nil {
		out = map[string]json.RawMessage{}
	}
	return out, nil
}

// encode returns the file's new content, in format 2.0.
func (d *jsonDoc) encode() ([]byte, error) {
	top := make(map[string]json.RawMessage, len(d.top)+3)
	for k, v := range d.top {
		top[k] = v
	}
	data, err := marshal(d.data)
	if err != nil {
		return nil, err
	}
	top[keyData] = data
	top[keyFormatVersion] = jsonString(jsonFormatVersion)
	top[keySDKVersion] = jsonString(SDKVersion)
	out, err := marshal(top)
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func (b *jsonBackend) load(context.Context) (map[string]json.RawMessage, error) {
	doc, err := b.read()
	if err != nil {
		return nil, err
	}
	return doc.entries(b.path, b.ns)
}

func (b *jsonBackend) update(ctx context.Context, fn func(map[string]json.RawMessage) (map[string]json.RawMessage, error)) error {
	if err := acquire(ctx, b.sem); err != nil {
		return err
	}
	defer func() { <-b.sem }()
	locked, err := b.lock.TryLockContext(ctx, lockRetry)
	if err != nil || !locked {
		if err == nil {
			err = ctx.Err()
		}
		return fmt.Errorf("tokenstorage: locking the token file: %w", err)
	}
	defer func() { _ = b.lock.Unlock() }()

	doc, err := b.read()
	if err != nil {
		return err
	}
	cur, err := doc.entries(b.path, b.ns)
	if err != nil {
		return err
	}
	changes, err := fn(cur)
	if err != nil || len(changes) == 0 {
		return err
	}
	apply(cur, changes)
	ns, err := marshal(cur)
	if err != nil {
		return fmt.Errorf("tokenstorage: encoding the token file: %w", err)
	}
	doc.data[b.ns] = ns
	content, err := doc.encode()
	if err != nil {
		return fmt.Errorf("tokenstorage: encoding the token file: %w", err)
	}
	b.removeStaleTemps()
	return writeFileAtomic(b.path, content)
}

func (b *jsonBackend) close() error { return b.lock.Close() }

// tempPrefix is the name prefix of the temporary files next to path.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// removeStaleTemps deletes temporary files left by a writer that died
// between creating and renaming one. It runs under the lock, when no other
// writer of this package can be using one.
func (b *jsonBackend) removeStaleTemps() {
	dir := filepath.Dir(b.path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(b.path)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeFileAtomic replaces path with content: it writes a temporary file
// (mode 0600) in path's directory, syncs it, renames it over path and syncs
// the directory, so that path is at every moment either the old file or
// the new one, also after a crash.
func writeFileAtomic(path string, content []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tempPrefix(path)+"*")
	if err != nil {
		return fmt.Errorf("tokenstorage: writing the token file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
			err = fmt.Errorf("tokenstorage: writing the token file: %w", err)
		}
	}()
	if err = f.Chmod(0o600); err == nil {
		_, err = f.Write(content)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
