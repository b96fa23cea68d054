package tokenstorage

import (
	"context"
	"encoding/json"
	"maps"
	"sync"

	"github.com/globus-go/globus/authorizers"
)

// MemoryStorage keeps tokens in memory, for the life of the process, like
// the Python SDK's MemoryTokenStorage. It behaves as the file storages do,
// identity check included, but is shared only by the goroutines that hold
// it.
type MemoryStorage struct {
	c core
}

// NewMemory returns an empty storage in memory. Of the options, only
// [WithNamespace] has an effect, on the namespace that errors name.
func NewMemory(opts ...Option) *MemoryStorage {
	cfg := buildConfig(opts)
	return &MemoryStorage{c: core{ns: cfg.namespace, path: "memory", b: &memoryBackend{sem: make(chan struct{}, 1), entries: map[string]json.RawMessage{}}}}
}

// Store saves tokens; see [Storage].
func (m *MemoryStorage) Store(ctx context.Context, tokens ...authorizers.TokenData) error {
	return m.c.store(ctx, tokens)
}

// Get returns the token of resourceServer; see [Storage].
func (m *MemoryStorage) Get(ctx context.Context, resourceServer string) (authorizers.TokenData, error) {
	return m.c.get(ctx, resourceServer)
}

// All returns every token; see [Storage].
func (m *MemoryStorage) All(ctx context.Context) (map[string]authorizers.TokenData, error) {
	return m.c.all(ctx)
}

// Remove deletes the token of resourceServer; see [Storage].
func (m *MemoryStorage) Remove(ctx context.Context, resourceServer string) error {
	return m.c.remove(ctx, resourceServer)
}

// Update replaces the token of resourceServer atomically; see [Updater].
func (m *MemoryStorage) Update(ctx context.Context, resourceServer string, fn UpdateFunc) (authorizers.TokenData, error) {
	return m.c.update(ctx, resourceServer, fn)
}

// Close forgets every token; later calls return [ErrClosed].
func (m *MemoryStorage) Close() error { return m.c.close() }

type memoryBackend struct {
	// sem is held by writers: unlike a mutex, waiting for it ends with the
	// caller's context.
	sem     chan struct{}
	mu      sync.Mutex // guards entries
	entries map[string]json.RawMessage
}

func (b *memoryBackend) load(context.Context) (map[string]json.RawMessage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.entries), nil
}

func (b *memoryBackend) update(ctx context.Context, fn func(map[string]json.RawMessage) (map[string]json.RawMessage, error)) error {
	if err := acquire(ctx, b.sem); err != nil {
		return err
	}
	defer func() { <-b.sem }()
	cur, _ := b.load(ctx)
	changes, err := fn(cur)
	if err != nil || len(changes) == 0 {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	apply(b.entries, changes)
	return nil
}

func (b *memoryBackend) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	clear(b.entries)
	return nil
}

// acquire takes sem, or returns ctx's error when ctx ends first.
func acquire(ctx context.Context, sem chan struct{}) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// apply writes changes into entries: a nil value deletes its key.
func apply(entries, changes map[string]json.RawMessage) {
	for rs, raw := range changes {
		if raw == nil {
			delete(entries, rs)
		} else {
			entries[rs] = raw
		}
	}
}
