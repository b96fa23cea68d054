package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/nilcheck"
)

// MaxIdentityBatch is the largest number of ids or usernames sent in one
// identities lookup, and the default batch size of an [IdentityMap].
const MaxIdentityBatch = 100

// ErrIdentityNotFound is matched by errors.Is for an identity that Globus
// Auth does not know.
var ErrIdentityNotFound = errors.New("identity not found")

// IdentityNotFoundError reports an id or username that Globus Auth did not
// resolve.
type IdentityNotFoundError struct {
	// Key is the id or username looked up.
	Key string
}

// Error describes the problem.
func (e *IdentityNotFoundError) Error() string {
	return fmt.Sprintf("auth: identity %q not found", e.Key)
}

// Is makes errors.Is(err, ErrIdentityNotFound) true.
func (e *IdentityNotFoundError) Is(target error) bool { return target == ErrIdentityNotFound }

// IdentityMapOption configures an [IdentityMap].
type IdentityMapOption func(*IdentityMap)

// WithBatchSize sets how many ids or usernames go in one request, from 1
// to [MaxIdentityBatch] (the default). Values out of range are clamped.
func WithBatchSize(n int) IdentityMapOption {
	return func(m *IdentityMap) { m.batchSize = min(max(n, 1), MaxIdentityBatch) }
}

// WithProvision makes username lookups create identities for usernames
// Globus Auth has never seen (provision=true), so that every username
// resolves to an id.
func WithProvision() IdentityMapOption {
	return func(m *IdentityMap) { m.provision = true }
}

// IdentityMap resolves identity ids and usernames to identity records,
// looking up many at once and remembering every answer.
//
// Add the ids and usernames you will need, then Get them one by one: the
// first Get of a not yet resolved key fetches it together with up to 99
// other pending keys of the same kind (ids and usernames go in separate
// requests), and the records are cached under both their id and their
// username. Resolve fetches everything pending at once. Keys that Globus Auth
// does not resolve are remembered too, so a repeated miss costs no request.
//
// A value parsing as a UUID is an id; anything else is a username.
// Usernames are matched without regard to case.
//
// An IdentityMap is safe for concurrent use. No lock is held while a
// request is in flight: cached keys are answered at once, and a Get of a
// key that another caller is already fetching waits for that request
// instead of sending its own, or until its own context ends.
type IdentityMap struct {
	api       IdentityLookup
	batchSize int
	provision bool

	mu       sync.Mutex
	pending  [2]orderedSet               // by kind: ids, usernames
	cache    map[string]authapi.Identity // by normalized id and username
	missing  map[string]bool             // normalized keys known not to resolve
	inflight map[string]*identityBatch   // normalized keys being fetched
}

// identityBatch is one identities request in flight. done is closed when
// it has finished and its results (or err) are recorded.
type identityBatch struct {
	done chan struct{}
	err  error
}

const (
	kindID = iota
	kindUsername
)

// orderedSet is a set of strings that remembers insertion order, so that
// batches are deterministic.
type orderedSet struct {
	order []string
	has   map[string]bool
}

func (s *orderedSet) add(k string) bool {
	if s.has == nil {
		s.has = map[string]bool{}
	}
	if s.has[k] {
		return false
	}
	s.has[k] = true
	s.order = append(s.order, k)
	return true
}

func (s *orderedSet) remove(k string) { delete(s.has, k) }

// take removes and returns up to n members, oldest first.
func (s *orderedSet) take(n int, skip func(string) bool) []string {
	var out []string
	i := 0
	for ; i < len(s.order) && len(out) < n; i++ {
		k := s.order[i]
		if !s.has[k] {
			continue
		}
		delete(s.has, k)
		if !skip(k) {
			out = append(out, k)
		}
	}
	s.order = s.order[i:]
	return out
}

func (s *orderedSet) len() int { return len(s.has) }

// IdentityLookup is what an [IdentityMap] looks identities up with: the
// getIdentities operation, which [*Client] has.
type IdentityLookup interface {
	// GetIdentities looks up identities by id or username.
	GetIdentities(ctx context.Context, params *authapi.GetIdentitiesParams) (*authapi.IdentitiesResponse, error)
}

var _ IdentityLookup = (*Client)(nil)

// NewIdentityMap returns an IdentityMap that looks identities up through
// api, usually a [*Client]. keys are added as with [IdentityMap.Add]. It
// does no I/O.
func NewIdentityMap(api IdentityLookup, keys []string, opts ...IdentityMapOption) *IdentityMap {
	m := &IdentityMap{api: api, batchSize: MaxIdentityBatch, cache: map[string]authapi.Identity{},
		missing: map[string]bool{}, inflight: map[string]*identityBatch{}}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	m.Add(keys...)
	return m
}

// isIdentityID reports whether s parses as a UUID (8-4-4-4-12 hex digits,
// or 32 hex digits), which makes it an identity id rather than a username.
func isIdentityID(s string) bool {
	hex := func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
	switch len(s) {
	case 32:
		for i := 0; i < len(s); i++ {
			if !hex(s[i]) {
				return false
			}
		}
		return true
	case 36:
		for i := 0; i < len(s); i++ {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if s[i] != '-' {
					return false
				}
			} else if !hex(s[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// normalize returns the cache key and kind of an id or username. Ids are
// put in their canonical hyphenated lower-case form; usernames are
// lower-cased.
func normalize(key string) (string, int) {
	key = strings.TrimSpace(key)
	if isIdentityID(key) {
		k := strings.ToLower(key)
		if len(k) == 32 {
			k = k[0:8] + "-" + k[8:12] + "-" + k[12:16] + "-" + k[16:20] + "-" + k[20:]
		}
		return k, kindID
	}
	return strings.ToLower(key), kindUsername
}

// Add queues ids and usernames for the next batched lookup. It returns how
// many were new: keys already cached, already known missing, already
// queued, or empty are not added again.
func (m *IdentityMap) Add(keys ...string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, key := range keys {
		k, kind := normalize(key)
		if k == "" || m.known(k) || m.inflight[k] != nil {
			continue
		}
		if m.pending[kind].add(k) {
			n++
		}
	}
	return n
}

func (m *IdentityMap) known(k string) bool {
	_, ok := m.cache[k]
	return ok || m.missing[k]
}

// Get returns the identity with id or username key. When it is not cached,
// it is fetched in a batch with other pending keys of its kind, or, when
// another caller is already fetching it, Get waits for that request. A key
// that Globus Auth does not resolve gives an *IdentityNotFoundError; a
// failed request gives its error (usually a *globus.APIError), and the keys
// of that batch stay pending. When ctx ends first, Get returns ctx.Err().
func (m *IdentityMap) Get(ctx context.Context, key string) (authapi.Identity, error) {
	const op = "IdentityMap.Get"
	k, kind := normalize(key)
	if k == "" {
		return authapi.Identity{}, &UsageError{Op: op, Problem: "key is empty"}
	}
	for {
		m.mu.Lock()
		if id, ok := m.cache[k]; ok {
			m.mu.Unlock()
			return id, nil
		}
		if m.missing[k] {
			m.mu.Unlock()
			return authapi.Identity{}, &IdentityNotFoundError{Key: key}
		}
		if b := m.inflight[k]; b != nil {
			m.mu.Unlock()
			select {
			case <-b.done:
			case <-ctx.Done():
				return authapi.Identity{}, ctx.Err()
			}
			// A request that failed only because its sender gave up is
			// not this caller's failure: look again, and fetch if needed.
			if b.err != nil && !(isContextError(b.err) && ctx.Err() == nil) {
				return authapi.Identity{}, b.err
			}
			continue
		}
		if err := m.checkAPI(op); err != nil {
			m.mu.Unlock()
			return authapi.Identity{}, err
		}
		m.pending[kind].remove(k)
		batch := append([]string{k}, m.pending[kind].take(m.batchSize-1, m.busy)...)
		b := m.startBatch(batch)
		m.mu.Unlock()
		if err := m.fetch(ctx, kind, batch, b); err != nil {
			return authapi.Identity{}, err
		}
	}
}

// Resolve fetches every pending id and username, in batches, and waits for
// the lookups other callers have in flight. It stops at the first failed
// request, leaving that batch and the rest pending, and returns ctx.Err()
// when ctx ends first.
func (m *IdentityMap) Resolve(ctx context.Context) error {
	for kind := range m.pending {
		for {
			m.mu.Lock()
			if m.pending[kind].len() == 0 {
				m.mu.Unlock()
				break
			}
			if err := m.checkAPI("IdentityMap.Resolve"); err != nil {
				m.mu.Unlock()
				return err
			}
			batch := m.pending[kind].take(m.batchSize, m.busy)
			if len(batch) == 0 {
				m.mu.Unlock()
				continue
			}
			b := m.startBatch(batch)
			m.mu.Unlock()
			if err := m.fetch(ctx, kind, batch, b); err != nil {
				return err
			}
		}
	}
	m.mu.Lock()
	var others []*identityBatch
	for _, b := range m.inflight {
		if !slices.Contains(others, b) {
			others = append(others, b)
		}
	}
	m.mu.Unlock()
	for _, b := range others {
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// busy reports whether key needs no new request: it is cached, known
// missing, or being fetched. m.mu is held.
func (m *IdentityMap) busy(k string) bool { return m.known(k) || m.inflight[k] != nil }

// startBatch marks the keys of batch as in flight. m.mu is held.
func (m *IdentityMap) startBatch(batch []string) *identityBatch {
	b := &identityBatch{done: make(chan struct{})}
	for _, k := range batch {
		m.inflight[k] = b
	}
	return b
}

// checkAPI reports a map made without a usable client. m.mu is held.
func (m *IdentityMap) checkAPI(op string) error {
	if m.api == nil {
		return &UsageError{Op: op, Problem: "the IdentityMap has no client; make it with NewIdentityMap and an *auth.Client"}
	}
	if nilcheck.Nil(m.api) {
		return &UsageError{Op: op, Problem: fmt.Sprintf("the IdentityMap's client is a nil %T", m.api)}
	}
	if c, ok := m.api.(*Client); ok && c.api == nil {
		return &UsageError{Op: op, Problem: "the IdentityMap's *auth.Client was not made with NewClient"}
	}
	return nil
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Delete forgets what is cached for key (under both its id and username),
// so that the next Get fetches it again.
func (m *IdentityMap) Delete(key string) {
	k, _ := normalize(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.missing, k)
	if id, ok := m.cache[k]; ok {
		delete(m.cache, strings.ToLower(id.ID))
		if id.Username != "" {
			delete(m.cache, strings.ToLower(id.Username))
		}
	}
	delete(m.cache, k)
}

// fetch looks up one batch of a single kind, without holding m.mu, then
// records the answers, or on failure puts the batch back in the pending
// set, and finishes b.
func (m *IdentityMap) fetch(ctx context.Context, kind int, batch []string, b *identityBatch) error {
	params := &authapi.GetIdentitiesParams{}
	if kind == kindID {
		params.Ids = batch
	} else {
		params.Usernames = batch
		params.Provision = m.provision
	}
	resp, err := m.api.GetIdentities(ctx, params)
	if err == nil && resp == nil {
		err = &globus.ResponseError{Operation: "getIdentities", Reason: "the lookup returned no document"}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	defer close(b.done)
	b.err = err
	for _, k := range batch {
		delete(m.inflight, k)
	}
	if err != nil {
		for _, k := range batch {
			if !m.known(k) {
				m.pending[kind].add(k)
			}
		}
		return err
	}
	for _, id := range resp.Identities {
		m.cache[strings.ToLower(id.ID)] = id
		if id.Username != "" {
			m.cache[strings.ToLower(id.Username)] = id
		}
	}
	for _, k := range batch {
		if _, ok := m.cache[k]; !ok {
			m.missing[k] = true
		}
	}
	return nil
}

// Format prints what the map holds, as counts, for every verb.
func (m *IdentityMap) Format(f fmt.State, _ rune) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(f, "auth.IdentityMap{cached: %d, missing: %d, pending_ids: %d, pending_usernames: %d}",
		len(m.cache), len(m.missing), m.pending[kindID].len(), m.pending[kindUsername].len())
}
