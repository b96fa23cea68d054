package tokenstorage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/globus-go/globus/authorizers"
)

// DefaultNamespace is the namespace of a storage built without
// [WithNamespace], as in the Python SDK.
const DefaultNamespace = "DEFAULT"

// Storage keeps tokens by resource server, within one namespace.
//
// [*MemoryStorage], [*JSONStorage] and [*SQLiteStorage] implement it, and
// also [Updater]. Implementations are safe for concurrent use.
type Storage interface {
	// Store saves tokens, each under its ResourceServer, replacing what was
	// stored for that resource server, in one atomic write. It refuses, with
	// nothing written, a token without ResourceServer, AccessToken or
	// ExpiresAt (an error wrapping [ErrInvalidToken]), and tokens of another
	// identity than the one already stored ([*IdentityMismatchError]). A
	// token without IdentityID keeps the identity of the token it replaces.
	Store(ctx context.Context, tokens ...authorizers.TokenData) error
	// Get returns the token stored for resourceServer, or an error wrapping
	// [ErrNotFound] when there is none.
	Get(ctx context.Context, resourceServer string) (authorizers.TokenData, error)
	// All returns every token of the namespace, by resource server; the map
	// is empty, not nil, when there is none.
	All(ctx context.Context) (map[string]authorizers.TokenData, error)
	// Remove deletes the token stored for resourceServer. It returns an
	// error wrapping [ErrNotFound], and writes nothing, when there is none.
	Remove(ctx context.Context, resourceServer string) error
	// Close releases the storage's resources. Later calls return
	// [ErrClosed]; Close itself may be called again.
	Close() error
}

// UpdateFunc computes the token to store for a resource server from the one
// stored now. found reports whether there is one; when it is false, current
// is the zero TokenData.
//
// It runs while the storage is locked against every other writer, in this
// process and in others, so it must not call methods of the same storage.
// Returning an error stores nothing; returning current unchanged writes
// nothing.
type UpdateFunc func(current authorizers.TokenData, found bool) (authorizers.TokenData, error)

// Updater is a storage with an atomic read-modify-write of one token: the
// cross-process lock that [NewRefreshTokenAuthorizer] renews under.
type Updater interface {
	// Update reads the token stored for resourceServer, calls fn with it and
	// stores fn's result, all under the storage's exclusive lock, and
	// returns the token now stored. fn's error is returned as it is. The
	// result is checked and completed as by Store (an empty ResourceServer
	// is set to resourceServer, another one is refused; an empty IdentityID
	// keeps the stored one), and nothing is written when it is refused.
	// Waiting for the lock ends with ctx.
	Update(ctx context.Context, resourceServer string, fn UpdateFunc) (authorizers.TokenData, error)
}

// Option configures a storage.
type Option func(*config)

type config struct {
	namespace string
}

// WithNamespace selects the namespace that the storage reads and writes:
// tokens of other namespaces in the same file are neither seen nor changed.
// The default, and what an empty ns means, is [DefaultNamespace].
func WithNamespace(ns string) Option {
	return func(c *config) {
		if ns != "" {
			c.namespace = ns
		}
	}
}

func buildConfig(opts []Option) config {
	c := config{namespace: DefaultNamespace}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// ErrNotFound is wrapped by the errors of Get, Remove and
// [NewRefreshTokenAuthorizer]'s renewals when no token is stored for the
// resource server.
var ErrNotFound = errors.New("tokenstorage: no token stored")

// ErrClosed is returned by the methods of a storage after Close.
var ErrClosed = errors.New("tokenstorage: storage is closed")

// ErrInvalidToken is wrapped by the error of Store and Update for a token
// that cannot be stored: no ResourceServer, AccessToken or ExpiresAt, or
// (for Update) another resource server than the one updated.
var ErrInvalidToken = errors.New("tokenstorage: token cannot be stored")

// FormatError reports stored data that this package cannot read: a file that
// is not a JSON token file of a known format_version, a database that is not
// SQLite, or a token entry whose fields have the wrong types. The file is
// left as it is; a write that needs the unreadable part fails with this
// error rather than replace it.
//
// It names the field at fault, never a value: the data may hold tokens.
type FormatError struct {
	// Path is the file.
	Path string
	// Namespace and ResourceServer locate the faulty token entry; both are
	// empty when the fault is in the file as a whole.
	Namespace      string
	ResourceServer string
	// Problem says what is wrong.
	Problem string
	// Err is the underlying error, if any, such as a *json.SyntaxError.
	Err error
}

// Error describes the fault.
func (e *FormatError) Error() string {
	msg := "tokenstorage: " + e.Path
	if e.ResourceServer != "" || e.Namespace != "" {
		msg += ": namespace " + strconv.Quote(e.Namespace) + ", resource server " + strconv.Quote(e.ResourceServer)
	}
	msg += ": " + e.Problem
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *FormatError) Unwrap() error { return e.Err }

// IdentityMismatchError reports tokens refused because their identity
// differs from the one already stored in the namespace (or, when StoredID
// comes from the same Store call, from another token stored with them).
// Nothing was written. Log out (Remove the namespace's tokens) or use
// another namespace to store another identity's tokens.
type IdentityMismatchError struct {
	// Namespace is the storage's namespace.
	Namespace string
	// ResourceServer is the refused token's resource server.
	ResourceServer string
	// StoredID is the identity already stored; NewID is the refused token's.
	StoredID, NewID string
}

// Error describes the mismatch.
func (e *IdentityMismatchError) Error() string {
	return fmt.Sprintf("tokenstorage: namespace %q holds tokens of identity %s, refusing the token of identity %s for %q",
		e.Namespace, e.StoredID, e.NewID, e.ResourceServer)
}

// backend is what differs between the storages: where a namespace's entries
// live and how a write is made atomic. Entries are the JSON objects of the
// Python SDK's token entries, by resource server.
type backend interface {
	// load returns a consistent snapshot of the namespace's entries.
	load(ctx context.Context) (map[string]json.RawMessage, error)
	// update calls fn with the namespace's entries under an exclusive lock
	// and applies the changes it returns (a nil value deletes the entry) in
	// one atomic write, or none when there are none.
	update(ctx context.Context, fn func(cur map[string]json.RawMessage) (map[string]json.RawMessage, error)) error
	// close releases the backend's resources.
	close() error
}

// core implements the methods of every storage over a backend.
type core struct {
	ns   string
	path string // the file, for errors and Path; "memory" for memory
	b    backend

	life   sync.RWMutex // held for reading by every call, for writing by Close
	closed bool
}

func (c *core) begin() error {
	c.life.RLock()
	if c.closed {
		c.life.RUnlock()
		return ErrClosed
	}
	return nil
}

func (c *core) end() { c.life.RUnlock() }

func (c *core) store(ctx context.Context, tokens []authorizers.TokenData) error {
	if err := c.begin(); err != nil {
		return err
	}
	defer c.end()
	for _, td := range tokens {
		if err := checkToken(td); err != nil {
			return err
		}
	}
	if len(tokens) == 0 {
		return nil
	}
	tokens = slices.Clone(tokens)
	return c.b.update(ctx, func(cur map[string]json.RawMessage) (map[string]json.RawMessage, error) {
		for i := range tokens {
			keepIdentity(&tokens[i], cur[tokens[i].ResourceServer])
		}
		if err := c.checkIdentity(cur, tokens); err != nil {
			return nil, err
		}
		changes := make(map[string]json.RawMessage, len(tokens))
		for _, td := range tokens {
			old := changes[td.ResourceServer]
			if old == nil {
				old = cur[td.ResourceServer]
			}
			raw, err := encodeEntry(td, old)
			if err != nil {
				return nil, err
			}
			changes[td.ResourceServer] = raw
		}
		return changes, nil
	})
}

func (c *core) get(ctx context.Context, rs string) (authorizers.TokenData, error) {
	if err := c.begin(); err != nil {
		return authorizers.TokenData{}, err
	}
	defer c.end()
	entries, err := c.b.load(ctx)
	if err != nil {
		return authorizers.TokenData{}, err
	}
	raw, ok := entries[rs]
	if !ok {
		return authorizers.TokenData{}, c.notFound(rs)
	}
	return c.decode(rs, raw)
}

func (c *core) all(ctx context.Context) (map[string]authorizers.TokenData, error) {
	if err := c.begin(); err != nil {
		return nil, err
	}
	defer c.end()
	entries, err := c.b.load(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]authorizers.TokenData, len(entries))
	for rs, raw := range entries {
		td, err := c.decode(rs, raw)
		if err != nil {
			return nil, err
		}
		out[rs] = td
	}
	return out, nil
}

func (c *core) remove(ctx context.Context, rs string) error {
	if err := c.begin(); err != nil {
		return err
	}
	defer c.end()
	found := false
	err := c.b.update(ctx, func(cur map[string]json.RawMessage) (map[string]json.RawMessage, error) {
		if _, found = cur[rs]; !found {
			return nil, nil
		}
		return map[string]json.RawMessage{rs: nil}, nil
	})
	if err == nil && !found {
		err = c.notFound(rs)
	}
	return err
}

func (c *core) update(ctx context.Context, rs string, fn UpdateFunc) (authorizers.TokenData, error) {
	if err := c.begin(); err != nil {
		return authorizers.TokenData{}, err
	}
	defer c.end()
	if fn == nil {
		return authorizers.TokenData{}, errors.New("tokenstorage: Update needs a function")
	}
	var result authorizers.TokenData
	err := c.b.update(ctx, func(cur map[string]json.RawMessage) (map[string]json.RawMessage, error) {
		old, found := cur[rs]
		var current authorizers.TokenData
		if found {
			var err error
			if current, err = c.decode(rs, old); err != nil {
				return nil, err
			}
		}
		next, err := fn(current, found)
		if err != nil {
			return nil, err
		}
		if found && sameToken(current, next) {
			result = current
			return nil, nil
		}
		switch next.ResourceServer {
		case "":
			next.ResourceServer = rs
		case rs:
		default:
			return nil, fmt.Errorf("%w: Update of %q returned a token for %q", ErrInvalidToken, rs, next.ResourceServer)
		}
		if err := checkToken(next); err != nil {
			return nil, err
		}
		keepIdentity(&next, old)
		if err := c.checkIdentity(cur, []authorizers.TokenData{next}); err != nil {
			return nil, err
		}
		raw, err := encodeEntry(next, old)
		if err != nil {
			return nil, err
		}
		result = next
		return map[string]json.RawMessage{rs: raw}, nil
	})
	if err != nil {
		return authorizers.TokenData{}, err
	}
	return result, nil
}

func (c *core) close() error {
	c.life.Lock()
	defer c.life.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	return c.b.close()
}

func (c *core) notFound(rs string) error {
	return fmt.Errorf("%w for %q in namespace %q", ErrNotFound, rs, c.ns)
}

func (c *core) decode(rs string, raw json.RawMessage) (authorizers.TokenData, error) {
	td, problem := decodeEntry(raw)
	if problem != "" {
		return authorizers.TokenData{}, &FormatError{Path: c.path, Namespace: c.ns, ResourceServer: rs, Problem: problem}
	}
	return td, nil
}

// checkIdentity refuses tokens whose identity differs from another one
// among them or from one stored in the namespace, as the Python SDK's
// UnchangingIdentityIDValidator does. Tokens without an identity pass.
func (c *core) checkIdentity(cur map[string]json.RawMessage, tokens []authorizers.TokenData) error {
	var first authorizers.TokenData
	for _, td := range tokens {
		if td.IdentityID == "" {
			continue
		}
		if first.IdentityID == "" {
			first = td
			continue
		}
		if td.IdentityID != first.IdentityID {
			return &IdentityMismatchError{Namespace: c.ns, ResourceServer: td.ResourceServer, StoredID: first.IdentityID, NewID: td.IdentityID}
		}
	}
	if first.IdentityID == "" {
		return nil
	}
	for rs, raw := range cur {
		id, problem := entryIdentity(raw)
		if problem != "" {
			return &FormatError{Path: c.path, Namespace: c.ns, ResourceServer: rs, Problem: problem}
		}
		if id != "" && id != first.IdentityID {
			return &IdentityMismatchError{Namespace: c.ns, ResourceServer: first.ResourceServer, StoredID: id, NewID: first.IdentityID}
		}
	}
	return nil
}

// keepIdentity gives td the identity of the entry it replaces when it has
// none: a refresh answer carries no id_token, and the Python SDK's
// ValidatingTokenStorage likewise keeps the stored identity for it.
func keepIdentity(td *authorizers.TokenData, old json.RawMessage) {
	if td.IdentityID != "" || old == nil {
		return
	}
	if id, problem := entryIdentity(old); problem == "" {
		td.IdentityID = id
	}
}

// checkToken refuses a token that the Python SDK could not read back.
func checkToken(td authorizers.TokenData) error {
	switch {
	case td.ResourceServer == "":
		return fmt.Errorf("%w: no resource server", ErrInvalidToken)
	case td.AccessToken.Reveal() == "":
		return fmt.Errorf("%w: no access token for %q", ErrInvalidToken, td.ResourceServer)
	case td.ExpiresAt.IsZero():
		return fmt.Errorf("%w: no expiry time for %q", ErrInvalidToken, td.ResourceServer)
	}
	return nil
}

// sameToken reports whether storing b in place of a would change nothing,
// at the storage's precision of whole seconds.
func sameToken(a, b authorizers.TokenData) bool {
	return a.AccessToken == b.AccessToken && a.RefreshToken == b.RefreshToken &&
		a.ExpiresAt.Unix() == b.ExpiresAt.Unix() && a.Scope == b.Scope &&
		(b.ResourceServer == "" || a.ResourceServer == b.ResourceServer) &&
		a.TokenType == b.TokenType && a.IdentityID == b.IdentityID
}

// Every storage of this package is a Storage and an Updater.
var (
	_ Storage = (*MemoryStorage)(nil)
	_ Storage = (*JSONStorage)(nil)
	_ Storage = (*SQLiteStorage)(nil)
	_ Updater = (*MemoryStorage)(nil)
	_ Updater = (*JSONStorage)(nil)
	_ Updater = (*SQLiteStorage)(nil)
)
