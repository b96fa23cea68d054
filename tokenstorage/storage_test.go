package tokenstorage_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// Every storage: Store, Get, All, Remove and Close, with their errors.
func TestStorageBasics(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			s := openKind(t, k, tempPath(t, k))
			if _, err := s.Get(ctx, rsAuth); !errors.Is(err, tokenstorage.ErrNotFound) {
				t.Fatalf("Get of an empty storage: %v, want ErrNotFound", err)
			}
			all, err := s.All(ctx)
			if err != nil || all == nil || len(all) != 0 {
				t.Fatalf("All of an empty storage = %v, %v; want an empty map", all, err)
			}
			auth := token(rsAuth, "at-auth", "rt-auth", idA)
			xfer := token(rsXfer, "at-xfer", "", idA)
			xfer.TokenType = ""
			if err := s.Store(ctx, auth, xfer); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, rsAuth)
			if err != nil {
				t.Fatal(err)
			}
			mustEqualToken(t, got, auth)
			all, err = s.All(ctx)
			if err != nil || len(all) != 2 {
				t.Fatalf("All = %d tokens, %v; want 2", len(all), err)
			}
			mustEqualToken(t, all[rsXfer], xfer)

			// Store replaces.
			auth2 := token(rsAuth, "at-auth-2", "rt-auth-2", idA)
			if err := s.Store(ctx, auth2); err != nil {
				t.Fatal(err)
			}
			got, _ = s.Get(ctx, rsAuth)
			mustEqualToken(t, got, auth2)

			if err := s.Remove(ctx, rsAuth); err != nil {
				t.Fatal(err)
			}
			if err := s.Remove(ctx, rsAuth); !errors.Is(err, tokenstorage.ErrNotFound) {
				t.Fatalf("second Remove: %v, want ErrNotFound", err)
			}
			if _, err := s.Get(ctx, rsAuth); !errors.Is(err, tokenstorage.ErrNotFound) {
				t.Fatalf("Get after Remove: %v, want ErrNotFound", err)
			}
			if got, err := s.Get(ctx, rsXfer); err != nil {
				t.Fatal(err)
			} else {
				mustEqualToken(t, got, xfer)
			}
			if err := s.Store(ctx); err != nil {
				t.Fatalf("Store of nothing: %v", err)
			}

			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			if _, err := s.Get(ctx, rsXfer); !errors.Is(err, tokenstorage.ErrClosed) {
				t.Fatalf("Get after Close: %v, want ErrClosed", err)
			}
			if err := s.Store(ctx, auth); !errors.Is(err, tokenstorage.ErrClosed) {
				t.Fatalf("Store after Close: %v, want ErrClosed", err)
			}
		})
	}
}

// Tokens that the Python SDK could not read back are refused, and nothing
// of the call is written.
func TestStoreRefusesInvalidTokens(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			s := openKind(t, k, tempPath(t, k))
			good := token(rsAuth, "at", "rt", idA)
			for name, bad := range map[string]authorizers.TokenData{
				"no resource server": {AccessToken: "at", ExpiresAt: time.Now()},
				"no access token":    {ResourceServer: rsXfer, ExpiresAt: time.Now()},
				"no expiry":          {ResourceServer: rsXfer, AccessToken: "at"},
			} {
				err := s.Store(ctx, good, bad)
				if !errors.Is(err, tokenstorage.ErrInvalidToken) {
					t.Fatalf("%s: Store: %v, want ErrInvalidToken", name, err)
				}
			}
			if all, _ := s.All(ctx); len(all) != 0 {
				t.Fatalf("a refused Store wrote %d tokens", len(all))
			}
		})
	}
}

// A namespace sees and changes only its own tokens, and its identity check
// looks at its own tokens only.
func TestNamespaceIsolation(t *testing.T) {
	ctx := context.Background()
	for _, k := range fileKinds {
		t.Run(k.name, func(t *testing.T) {
			path := tempPath(t, k)
			def := openKind(t, k, path)
			other := openKind(t, k, path, tokenstorage.WithNamespace("other"))
			if err := def.Store(ctx, token(rsAuth, "at-default", "rt-default", idA)); err != nil {
				t.Fatal(err)
			}
			if _, err := other.Get(ctx, rsAuth); !errors.Is(err, tokenstorage.ErrNotFound) {
				t.Fatalf("other namespace sees DEFAULT's token: %v", err)
			}
			// Another identity is fine in another namespace.
			if err := other.Store(ctx, token(rsAuth, "at-other", "rt-other", idB), token(rsXfer, "at-x", "", idB)); err != nil {
				t.Fatal(err)
			}
			if err := other.Remove(ctx, rsAuth); err != nil {
				t.Fatal(err)
			}
			got, err := def.Get(ctx, rsAuth)
			if err != nil || got.AccessToken.Reveal() != "at-default" {
				t.Fatalf("DEFAULT's token after the other namespace's writes: %s, %v", describe(got), err)
			}
			all, err := def.All(ctx)
			if err != nil || len(all) != 1 {
				t.Fatalf("DEFAULT has %d tokens, %v; want 1", len(all), err)
			}
			all, err = other.All(ctx)
			if err != nil || len(all) != 1 || all[rsXfer].AccessToken.Reveal() != "at-x" {
				t.Fatalf("other has %d tokens, %v; want its transfer token", len(all), err)
			}
			// The empty namespace is the default one.
			empty := openKind(t, k, path, tokenstorage.WithNamespace(""))
			if _, err := empty.Get(ctx, rsAuth); err != nil {
				t.Fatalf("WithNamespace(\"\") does not read DEFAULT: %v", err)
			}
		})
	}
}

// Tokens of another identity than the one stored are refused with an
// *IdentityMismatchError, and nothing is written.
func TestIdentityMismatch(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			s := openKind(t, k, tempPath(t, k))
			if err := s.Store(ctx, token(rsAuth, "at-a", "rt-a", idA)); err != nil {
				t.Fatal(err)
			}
			// A token without identity (a client-credentials token, say) is
			// accepted.
			if err := s.Store(ctx, token("groups.api.globus.org", "at-g", "", "")); err != nil {
				t.Fatal(err)
			}
			before, _ := s.All(ctx)

			err := s.Store(ctx, token(rsXfer, "at-x", "rt-x", idA), token(rsAuth, "at-b", "rt-b", idB))
			var mm *tokenstorage.IdentityMismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("Store of a mixed batch: %v, want *IdentityMismatchError", err)
			}
			if mm.StoredID != idA || mm.NewID != idB || mm.Namespace != tokenstorage.DefaultNamespace {
				t.Fatalf("mixed batch: %+v", mm)
			}
			err = s.Store(ctx, token(rsXfer, "at-x", "rt-x", idB))
			if !errors.As(err, &mm) || mm.StoredID != idA || mm.NewID != idB || mm.ResourceServer != rsXfer {
				t.Fatalf("Store of another identity: %v (%+v)", err, mm)
			}
			_, err = s.Update(ctx, rsAuth, func(cur authorizers.TokenData, _ bool) (authorizers.TokenData, error) {
				cur.IdentityID = idB
				cur.AccessToken = "at-b"
				return cur, nil
			})
			if !errors.As(err, &mm) {
				t.Fatalf("Update to another identity: %v, want *IdentityMismatchError", err)
			}
			after, _ := s.All(ctx)
			if len(after) != len(before) {
				t.Fatalf("refused stores changed the storage: %d tokens, had %d", len(after), len(before))
			}
			for rs, td := range before {
				mustEqualToken(t, after[rs], td)
			}
			// A token without identity replacing one with an identity (a
			// refresh answer has no id_token) keeps the stored identity.
			if err := s.Store(ctx, token(rsAuth, "at-a2", "rt-a2", "")); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Get(ctx, rsAuth); got.IdentityID != idA || got.AccessToken.Reveal() != "at-a2" {
				t.Fatalf("a token without identity replacing one of %s: %s", idA, describe(got))
			}
			// The same identity is accepted, and after a logout (Remove of
			// every token), another.
			if err := s.Store(ctx, token(rsXfer, "at-x", "rt-x", idA)); err != nil {
				t.Fatal(err)
			}
			all, _ := s.All(ctx)
			for rs := range all {
				if err := s.Remove(ctx, rs); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Store(ctx, token(rsAuth, "at-b", "rt-b", idB)); err != nil {
				t.Fatalf("Store after logout: %v", err)
			}
		})
	}
}

// Update: read, compute and write atomically; an error or an unchanged token
// writes nothing; the result is checked like a Store.
func TestUpdate(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			s := openKind(t, k, tempPath(t, k))
			created, err := s.Update(ctx, rsAuth, func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
				if found {
					t.Error("found a token in an empty storage")
				}
				td := token("", "at-1", "rt-1", idA) // an empty resource server is the updated one
				return td, nil
			})
			if err != nil || created.ResourceServer != rsAuth {
				t.Fatalf("Update creating a token: %s, %v", describe(created), err)
			}
			stored, _ := s.Get(ctx, rsAuth)
			mustEqualToken(t, stored, created)

			errBoom := errors.New("boom")
			if _, err := s.Update(ctx, rsAuth, func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
				cur.AccessToken = "at-lost"
				return cur, errBoom
			}); err != errBoom {
				t.Fatalf("Update's error: %v, want fn's error as it is", err)
			}
			if _, err := s.Update(ctx, rsAuth, func(cur authorizers.TokenData, _ bool) (authorizers.TokenData, error) {
				cur.ResourceServer = rsXfer
				return cur, nil
			}); !errors.Is(err, tokenstorage.ErrInvalidToken) {
				t.Fatalf("Update returning another resource server: %v, want ErrInvalidToken", err)
			}
			same, err := s.Update(ctx, rsAuth, func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
				if !found {
					t.Error("not found")
				}
				return cur, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			mustEqualToken(t, same, created)
			stored, _ = s.Get(ctx, rsAuth)
			mustEqualToken(t, stored, created)
			if _, err := s.Update(ctx, rsAuth, nil); err == nil {
				t.Fatal("Update with a nil function succeeded")
			}
		})
	}
}

// Goroutines writing at once, through one storage and through several
// opened on the same file, lose nothing: every Store lands and every Update
// sees the result of the one before.
func TestConcurrentGoroutines(t *testing.T) {
	ctx := context.Background()
	const writers, rounds = 8, 10
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			path := tempPath(t, k)
			shared := openKind(t, k, path)
			handles := make([]storage, writers)
			for i := range handles {
				if k.name == "memory" || i%2 == 0 {
					handles[i] = shared
				} else {
					handles[i] = openKind(t, k, path)
				}
			}
			var wg sync.WaitGroup
			errs := make(chan error, writers*rounds*2)
			for i, s := range handles {
				wg.Go(func() {
					for r := range rounds {
						rs := fmt.Sprintf("rs-%d-%d", i, r)
						if err := s.Store(ctx, token(rs, "at-"+rs, "rt-"+rs, idA)); err != nil {
							errs <- err
						}
						// A counter in the scope of one shared token.
						_, err := s.Update(ctx, "counter", func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
							n := 0
							if found {
								n, _ = strconv.Atoi(cur.Scope)
							}
							next := token("counter", "at-counter", "", idA)
							next.Scope = strconv.Itoa(n + 1)
							return next, nil
						})
						if err != nil {
							errs <- err
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			all, err := shared.All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != writers*rounds+1 {
				t.Fatalf("%d tokens stored, want %d", len(all), writers*rounds+1)
			}
			if got := all["counter"].Scope; got != strconv.Itoa(writers*rounds) {
				t.Fatalf("counter = %s after %d updates: updates were lost", got, writers*rounds)
			}
		})
	}
}

// A writer waiting for the lock gives up when its context ends.
func TestUpdateWaitEndsWithContext(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			path := tempPath(t, k)
			s := openKind(t, k, path)
			holding := make(chan struct{})
			release := make(chan struct{})
			done := make(chan error, 1)
			go func() {
				_, err := s.Update(context.Background(), rsAuth, func(authorizers.TokenData, bool) (authorizers.TokenData, error) {
					close(holding)
					<-release
					return token(rsAuth, "at", "rt", idA), nil
				})
				done <- err
			}()
			<-holding
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			err := s.Store(ctx, token(rsXfer, "at", "", idA))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Store while another write holds the lock: %v, want DeadlineExceeded", err)
			}
			close(release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Secrets stay secret: tokens read back print redacted.
func TestReadTokensAreSecrets(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			s := openKind(t, k, tempPath(t, k))
			if err := s.Store(ctx, token(rsAuth, "at-visible?", "rt-visible?", idA)); err != nil {
				t.Fatal(err)
			}
			td, _ := s.Get(ctx, rsAuth)
			out := fmt.Sprintf("%v %+v %#v %s", td, td, td, td.AccessToken)
			if want := globus.Redacted; !strings.Contains(out, want) || strings.Contains(out, "visible?") {
				t.Fatalf("a read token prints its value: %s", out)
			}
		})
	}
}
