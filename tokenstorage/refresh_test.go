package tokenstorage_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

func expiredToken(at, rt string) authorizers.TokenData {
	td := token(rsXfer, at, rt, idA)
	td.Scope = scopeXfr
	td.ExpiresAt = time.Now().Add(-time.Minute).Truncate(time.Second)
	return td
}

// A stored token that is still valid is used without a request.
func TestRefreshUsesStoredToken(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			srv := newTokenServer(t, rsXfer, "rt-0")
			s := openKind(t, k, tempPath(t, k))
			stored := token(rsXfer, "at-stored", "rt-0", idA)
			if err := s.Store(ctx, stored); err != nil {
				t.Fatal(err)
			}
			a := tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, newLoginClient(srv.URL, "t"))
			h := http.Header{}
			if err := a.SetAuthorizationHeader(ctx, h); err != nil {
				t.Fatal(err)
			}
			if h.Get("Authorization") != "Bearer at-stored" {
				t.Fatal("the stored access token was not used")
			}
			if n, _, _, _ := srv.state(); n != 0 {
				t.Fatalf("%d refreshes for a valid stored token", n)
			}
		})
	}
}

// An expired token is renewed with the stored refresh token, and the answer
// is stored, rotated refresh token included, before the caller (and the
// on-refresh function) gets it; the identity is kept.
func TestRefreshStoresBeforeUse(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			srv := newTokenServer(t, rsXfer, "rt-0")
			s := openKind(t, k, tempPath(t, k))
			if err := s.Store(ctx, expiredToken("at-old", "rt-0")); err != nil {
				t.Fatal(err)
			}
			var seen []string
			a := tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, newLoginClient(srv.URL, "t"),
				authorizers.WithOnRefresh(func(td authorizers.TokenData) {
					stored, err := s.Get(context.Background(), rsXfer)
					if err != nil || stored.AccessToken != td.AccessToken || stored.RefreshToken != td.RefreshToken {
						t.Errorf("on refresh, the storage holds %s, %v; want the new token", describe(stored), err)
					}
					seen = append(seen, td.AccessToken.Reveal())
				}))
			td, err := a.Token(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if td.AccessToken.Reveal() != "at-1" || td.RefreshToken.Reveal() != "rt-1" || td.IdentityID != idA {
				t.Fatalf("renewed %s", describe(td))
			}
			stored, _ := s.Get(ctx, rsXfer)
			mustEqualToken(t, stored, td)
			if len(seen) != 1 {
				t.Fatalf("on refresh ran %d times", len(seen))
			}

			// After a 401 for this token, the storage still holds it, so it
			// is renewed again.
			if !a.HandleMissingAuthorization(ctx, "Bearer at-1") {
				t.Fatal("HandleMissingAuthorization reported false")
			}
			td, err = a.Token(ctx)
			if err != nil || td.AccessToken.Reveal() != "at-2" {
				t.Fatalf("after a 401: %s, %v", describe(td), err)
			}
			if n, _, stale, _ := srv.state(); n != 2 || len(stale) != 0 {
				t.Fatalf("%d refreshes, stale %v", n, stale)
			}
		})
	}
}

// An answer without a refresh token keeps the stored one.
func TestRefreshKeepsRefreshTokenWithoutRotation(t *testing.T) {
	ctx := context.Background()
	srv := newTokenServer(t, rsXfer, "rt-0")
	s := tokenstorage.NewMemory()
	defer s.Close()
	if err := s.Store(ctx, expiredToken("at-old", "rt-0")); err != nil {
		t.Fatal(err)
	}
	client := &noRotation{newLoginClient(srv.URL, "t")}
	a := tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, client)
	td, err := a.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Get(ctx, rsXfer)
	if td.RefreshToken.Reveal() != "rt-0" || stored.RefreshToken.Reveal() != "rt-0" || stored.AccessToken.Reveal() != "at-1" {
		t.Fatalf("renewed %s, stored %s; want the old refresh token kept", describe(td), describe(stored))
	}
}

// noRotation drops the refresh token from the answers, as a token endpoint
// that does not rotate them does.
type noRotation struct{ c *loginClient }

func (n *noRotation) RefreshTokens(ctx context.Context, rt string) (authorizers.TokenData, error) {
	td, err := n.c.RefreshTokens(ctx, rt)
	td.RefreshToken = ""
	return td, err
}

// Two authorizers on one storage (two handles on one file, as two programs
// would have): when one has renewed, the other takes the renewed token
// instead of spending the refresh token that was rotated away.
func TestRefreshTakesTokenRenewedElsewhere(t *testing.T) {
	ctx := context.Background()
	for _, k := range fileKinds {
		t.Run(k.name, func(t *testing.T) {
			srv := newTokenServer(t, rsXfer, "rt-0")
			path := tempPath(t, k)
			s1, s2 := openKind(t, k, path), openKind(t, k, path)
			if err := s1.Store(ctx, expiredToken("at-old", "rt-0")); err != nil {
				t.Fatal(err)
			}
			a1 := tokenstorage.NewRefreshTokenAuthorizer(s1, rsXfer, newLoginClient(srv.URL, "one"))
			a2 := tokenstorage.NewRefreshTokenAuthorizer(s2, rsXfer, newLoginClient(srv.URL, "two"))
			var wg sync.WaitGroup
			got := make([]authorizers.TokenData, 2)
			for i, a := range []*authorizers.RenewingAuthorizer{a1, a2} {
				wg.Go(func() {
					var err error
					if got[i], err = a.Token(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if got[0].AccessToken != got[1].AccessToken || got[0].AccessToken.Reveal() != "at-1" {
				t.Fatalf("the authorizers got %s and %s; want both at-1", describe(got[0]), describe(got[1]))
			}
			n, _, stale, _ := srv.state()
			if n != 1 || len(stale) != 0 {
				t.Fatalf("%d refreshes, stale %v; want one refresh", n, stale)
			}
		})
	}
}

// Renewals that cannot happen fail with a *RenewalError wrapping the cause,
// and leave the storage as it was.
func TestRefreshErrors(t *testing.T) {
	ctx := context.Background()
	srv := newTokenServer(t, rsXfer, "rt-current")
	client := newLoginClient(srv.URL, "t")
	s := tokenstorage.NewMemory()
	defer s.Close()

	var re *authorizers.RenewalError
	_, err := tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, client).Token(ctx)
	if !errors.As(err, &re) || !errors.Is(err, tokenstorage.ErrNotFound) {
		t.Fatalf("nothing stored: %v, want a RenewalError wrapping ErrNotFound", err)
	}

	if err := s.Store(ctx, expiredToken("at-old", "")); err != nil {
		t.Fatal(err)
	}
	_, err = tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, client).Token(ctx)
	if !errors.Is(err, authorizers.ErrNoRefreshToken) {
		t.Fatalf("expired without refresh token: %v, want ErrNoRefreshToken", err)
	}

	stale := expiredToken("at-old", "rt-stale")
	if err := s.Store(ctx, stale); err != nil {
		t.Fatal(err)
	}
	_, err = tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, client).Token(ctx)
	if !errors.As(err, &re) || !isGrantError(err, "invalid_grant") {
		t.Fatalf("a refused refresh token: %v, want the client's error", err)
	}
	stored, _ := s.Get(ctx, rsXfer)
	mustEqualToken(t, stored, stale)

	_, err = tokenstorage.NewRefreshTokenAuthorizer(nil, rsXfer, client).Token(ctx)
	if !errors.Is(err, tokenstorage.ErrNoStorage) {
		t.Fatalf("nil storage: %v", err)
	}
	_, err = tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, nil).Token(ctx)
	if !errors.Is(err, authorizers.ErrNoClient) {
		t.Fatalf("nil client: %v", err)
	}
	var nilClient *loginClient
	_, err = tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, nilClient).Token(ctx)
	if !errors.Is(err, authorizers.ErrNoClient) {
		t.Fatalf("nil *loginClient: %v", err)
	}
}
