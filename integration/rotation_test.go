package integration_test

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// tokenStore plays a program's token file: WithOnRefresh writes the newest
// refresh token into it.
type tokenStore struct {
	mu      sync.Mutex
	refresh string
	history []string // every refresh token stored, oldest first
}

func (s *tokenStore) save(td authorizers.TokenData) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if td.RefreshToken.Reveal() != s.refresh {
		s.refresh = td.RefreshToken.Reveal()
		s.history = append(s.history, td.RefreshToken.Reveal())
	}
}

func (s *tokenStore) latest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh
}

// TestRefreshTokenRotation logs a user in with a native app (PKCE), then
// forces 25 renewals of the access token. Every renewal rotates the refresh
// token; the store must always hold the one that works, every older one
// must be dead, and a new process starting from the store must get in.
func TestRefreshTokenRotation(t *testing.T) {
	w := setup(t, fakeglobus.Options{})
	ctx := testContext(t)
	putFiles(t, w.fake, srcID, "/home/", 3)

	native, err := auth.NewNativeAppClient(nativeAppID, auth.WithBaseURL(w.fake.AuthURL()), auth.WithRetryPolicy(auth.RetryPolicy(fastRetries)))
	if err != nil {
		t.Fatal(err)
	}
	refresh, first := login(ctx, t, w.fake, native)

	store := &tokenStore{refresh: refresh, history: []string{refresh}}
	var renewals int
	var mu sync.Mutex
	authz := authorizers.NewRefreshTokenAuthorizer(refresh, native,
		authorizers.WithAccessToken(first.AccessToken.Reveal(), first.ExpiresAt),
		authorizers.WithOnRefresh(func(td authorizers.TokenData) {
			mu.Lock()
			renewals++
			mu.Unlock()
			store.save(td)
		}))
	tc, err := transfer.NewClient(transfer.WithBaseURL(w.fake.TransferURL()), transfer.WithAuthorizer(authz), transfer.WithRetryPolicy(transfer.RetryPolicy(fastRetries)))
	if err != nil {
		t.Fatal(err)
	}
	tokenCalls := w.fake.Requests("oauth2Token")

	const rounds = 25
	for round := 1; round <= rounds; round++ {
		w.fake.ExpireAll()
		// Every third round, four calls hit the 401 at once: they must
		// share one renewal, or strict rotation would break all but one.
		callers := 1
		if round%3 == 0 {
			callers = 4
		}
		var wg sync.WaitGroup
		errs := make([]error, callers)
		for i := range callers {
			wg.Go(func() {
				_, errs[i] = tc.OperationLs(ctx, srcID, nil)
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: ls after the token expired: %v", round, err)
			}
		}
		current, err := authz.Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := store.latest(); got != current.RefreshToken.Reveal() {
			t.Fatalf("round %d: the store holds a refresh token other than the one in use", round)
		}
	}
	mu.Lock()
	got := renewals
	mu.Unlock()
	if got != rounds {
		t.Errorf("%d renewals for %d forced expiries, want one each", got, rounds)
	}
	if n := w.fake.Requests("oauth2Token") - tokenCalls; n != rounds {
		t.Errorf("%d token requests for %d forced expiries, want one each", n, rounds)
	}
	if len(store.history) != rounds+1 {
		t.Errorf("the store saw %d distinct refresh tokens, want %d", len(store.history), rounds+1)
	}

	// Every superseded refresh token has stopped working.
	for i, old := range store.history[:len(store.history)-1] {
		if _, err := native.Refresh(ctx, old); !auth.IsInvalidGrant(err) {
			t.Errorf("refresh token #%d, superseded: got %v, want invalid_grant", i, err)
		}
	}

	// A new process starts from the stored token alone.
	restarted := &tokenStore{refresh: store.latest()}
	authz2 := authorizers.NewRefreshTokenAuthorizer(store.latest(), native, authorizers.WithOnRefresh(restarted.save))
	tc2, err := transfer.NewClient(transfer.WithBaseURL(w.fake.TransferURL()), transfer.WithAuthorizer(authz2), transfer.WithRetryPolicy(transfer.RetryPolicy(fastRetries)))
	if err != nil {
		t.Fatal(err)
	}
	list, err := tc2.OperationLs(ctx, srcID, nil)
	if err != nil {
		t.Fatalf("ls after a restart from the stored refresh token: %v", err)
	}
	if n := len(list.DATA); n != 1 {
		t.Errorf("ls of / after the restart: %d entries, want 1", n)
	}
	if restarted.latest() == store.latest() {
		t.Errorf("the restart did not rotate the refresh token")
	}
	// The first process's refresh token is now superseded: its next
	// renewal fails with a typed error, the sign to log in again.
	w.fake.ExpireAll()
	_, err = tc.OperationLs(ctx, srcID, nil)
	if !auth.IsInvalidGrant(err) {
		t.Errorf("the first process after the restart rotated its token: %v, want invalid_grant", err)
	}
}

// login runs a native app's PKCE login against the fake, the user's
// browser played by fake.Login, and returns the refresh token and the
// Transfer token.
func login(ctx context.Context, t *testing.T, fake *fakeglobus.Server, native *auth.NativeAppClient) (string, authorizers.TokenData) {
	t.Helper()
	flow, err := native.StartFlow(auth.AuthorizeParams{Scopes: []string{transfer.ScopeAll}, RefreshTokens: true, State: "e2e-state"})
	if err != nil {
		t.Fatal(err)
	}
	back, err := fake.Login(flow.AuthorizeURL())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(back)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Query().Get("state"); got != flow.State() {
		t.Fatalf("state came back as %q, want %q", got, flow.State())
	}
	tokens, err := flow.ExchangeCode(ctx, u.Query().Get("code"))
	if err != nil {
		t.Fatalf("ExchangeCode: %v", err)
	}
	// A code is single-use.
	if _, err := flow.ExchangeCode(ctx, u.Query().Get("code")); !auth.IsInvalidGrant(err) {
		t.Errorf("a second exchange of the code: %v, want invalid_grant", err)
	}
	td, err := tokens.ByScopes(transfer.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	if td.RefreshToken == "" || td.AccessToken == "" {
		t.Fatal("the login gave no refresh token or no access token")
	}
	return td.RefreshToken.Reveal(), td
}
