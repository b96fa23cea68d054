package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/transfer"
)

func (w *world) clientApp(t *testing.T, path string, opts ...app.Option) *app.ClientApp {
	t.Helper()
	base := []app.Option{
		app.WithTokenPath(path),
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithAuthOptions(auth.WithBaseURL(w.fake.AuthURL())),
	}
	a, err := app.NewClientApp("App Test Service", serviceID, serviceKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// TestClientApp calls Transfer with client credentials; the token is
// stored, reused by a second run, and renewed (and stored again) once the
// fake expires it.
func TestClientApp(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tokens.json")
	a := w.clientApp(t, path)
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%+v %#v %s %q %x", a, a, a, a, a)} {
		noSecret(t, s, serviceKey)
	}
	authz, err := a.Authorizer(transfer.ResourceServer)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	first, err := a.Storage().Get(ctx, transfer.ResourceServer)
	if err != nil || first.AccessToken == "" || first.RefreshToken != "" {
		t.Fatalf("stored = %v, %v", first, err)
	}
	issued := w.fake.TokensIssued()
	a.Close()

	// A second run uses the stored token.
	b := w.clientApp(t, path)
	authz, _ = b.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	if w.fake.TokensIssued() != issued {
		t.Errorf("the second run got a new token although one was stored")
	}

	// Expired by the fake: the 401 drops it, a new one is fetched and
	// stored, and the call succeeds.
	w.fake.ExpireAll()
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	renewed, _ := b.Storage().Get(ctx, transfer.ResourceServer)
	if renewed.AccessToken == first.AccessToken || w.fake.TokensIssued() != issued+1 {
		t.Errorf("the token was not renewed through the storage")
	}

	// Login gets the openid token too; Logout revokes and forgets.
	if err := b.Login(ctx); err != nil {
		t.Fatal(err)
	}
	all, _ := b.Storage().All(ctx)
	if len(all) != 2 {
		t.Errorf("after Login the storage holds %d tokens, want 2", len(all))
	}
	if err := b.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if w.introspect(t, renewed.AccessToken.Reveal()) {
		t.Error("the token is active after Logout")
	}
	if all, _ := b.Storage().All(ctx); len(all) != 0 {
		t.Errorf("after Logout the storage holds %v", all)
	}
	// The authorizer gets a new token after the logout.
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	src := authorizers.TokenSource(authz)
	if tok, err := src.Token(); err != nil || tok.Expiry.IsZero() {
		t.Errorf("TokenSource = %v, %v", tok, err)
	}
}

// TestClientAppWrongSecret: a wrong secret shows up at Login, without the
// secret in the error.
func TestClientAppWrongSecret(t *testing.T) {
	w := newWorld(t)
	a, err := app.NewClientApp("svc", serviceID, "wrong-secret-123", app.WithTokenPath(filepath.Join(t.TempDir(), "t.json")),
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll), app.WithAuthOptions(auth.WithBaseURL(w.fake.AuthURL())))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = a.Login(context.Background())
	if err == nil {
		t.Fatal("Login with a wrong secret succeeded")
	}
	noSecret(t, err.Error(), "wrong-secret-123")
}
