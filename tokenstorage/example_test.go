package tokenstorage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// A program keeps its tokens in a JSON file that a Python tool using
// JSONTokenStorage can share.
func ExampleOpenJSON() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, ".globus", "app", "tokens.json")

	s, err := tokenstorage.OpenJSON(path)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	err = s.Store(ctx, authorizers.TokenData{
		AccessToken:    globus.Secret("example-access-token"),
		RefreshToken:   globus.Secret("example-refresh-token"),
		ExpiresAt:      time.Now().Add(48 * time.Hour),
		Scope:          "urn:globus:auth:scope:transfer.api.globus.org:all",
		ResourceServer: "transfer.api.globus.org",
		TokenType:      "Bearer",
	})
	if err != nil {
		log.Fatal(err)
	}

	td, err := s.Get(ctx, "transfer.api.globus.org")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("access token:", td.AccessToken) // a Secret prints redacted
	_, err = s.Get(ctx, "auth.globus.org")
	fmt.Println("auth token stored:", !errors.Is(err, tokenstorage.ErrNotFound))

	// The file is the Python SDK's format 2.0.
	var doc map[string]json.RawMessage
	b, _ := os.ReadFile(path)
	_ = json.Unmarshal(b, &doc)
	fmt.Println("format_version:", string(doc["format_version"]))
	fi, _ := os.Stat(path)
	fmt.Println("mode:", fi.Mode().Perm())
	// Output:
	// access token: [REDACTED]
	// auth token stored: false
	// format_version: "2.0"
	// mode: -rw-------
}

// Namespaces partition one file, as in the Python SDK: here, one per user
// of a service.
func ExampleWithNamespace() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tokens.db")

	alice, err := tokenstorage.OpenSQLite(path, tokenstorage.WithNamespace("alice"))
	if err != nil {
		log.Fatal(err)
	}
	defer alice.Close()
	bob, err := tokenstorage.OpenSQLite(path, tokenstorage.WithNamespace("bob"))
	if err != nil {
		log.Fatal(err)
	}
	defer bob.Close()

	_ = alice.Store(ctx, authorizers.TokenData{AccessToken: "a", ExpiresAt: time.Now().Add(time.Hour), ResourceServer: "auth.globus.org"})
	_ = alice.Store(ctx, authorizers.TokenData{AccessToken: "b", ExpiresAt: time.Now().Add(time.Hour), ResourceServer: "transfer.api.globus.org"})
	_ = bob.Store(ctx, authorizers.TokenData{AccessToken: "c", ExpiresAt: time.Now().Add(time.Hour), ResourceServer: "auth.globus.org"})

	for _, s := range []*tokenstorage.SQLiteStorage{alice, bob} {
		all, _ := s.All(ctx)
		fmt.Println(slices.Sorted(maps.Keys(all)))
	}
	// Output:
	// [auth.globus.org transfer.api.globus.org]
	// [auth.globus.org]
}

// A storage refuses the tokens of another identity than the one it holds,
// so that a second login as someone else cannot mix their tokens.
func ExampleIdentityMismatchError() {
	ctx := context.Background()
	s := tokenstorage.NewMemory()
	defer s.Close()
	exp := time.Now().Add(time.Hour)
	_ = s.Store(ctx, authorizers.TokenData{AccessToken: "a", ExpiresAt: exp, ResourceServer: "auth.globus.org",
		IdentityID: "ae341a98-d274-11e5-b888-dbae3a8ba545"})
	err := s.Store(ctx, authorizers.TokenData{AccessToken: "b", ExpiresAt: exp, ResourceServer: "transfer.api.globus.org",
		IdentityID: "b5fa6bd6-7e2a-4c2c-9a1b-2f8a1b7f0c11"})

	var mismatch *tokenstorage.IdentityMismatchError
	if errors.As(err, &mismatch) {
		fmt.Println("stored:", mismatch.StoredID)
		fmt.Println("refused:", mismatch.NewID)
	}
	// Output:
	// stored: ae341a98-d274-11e5-b888-dbae3a8ba545
	// refused: b5fa6bd6-7e2a-4c2c-9a1b-2f8a1b7f0c11
}

// Update is an atomic read-modify-write of one token, between processes
// too.
func ExampleJSONStorage_Update() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, err := tokenstorage.OpenJSON(filepath.Join(dir, "tokens.json"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	td, err := s.Update(ctx, "transfer.api.globus.org", func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
		if found && time.Until(cur.ExpiresAt) > time.Hour {
			return cur, nil // good enough: nothing is written
		}
		return authorizers.TokenData{AccessToken: "fresh", ExpiresAt: time.Now().Add(2 * time.Hour), Scope: "s"}, nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(td.ResourceServer, td.Scope)
	// Output:
	// transfer.api.globus.org s
}

// exampleLogin is a login client against a token endpoint of the example;
// a real program uses *auth.NativeAppClient.
type exampleLogin struct{}

func (exampleLogin) RefreshTokens(ctx context.Context, refreshToken string) (authorizers.TokenData, error) {
	return authorizers.TokenData{
		AccessToken:    "access-after-" + globus.Secret(refreshToken),
		RefreshToken:   "rotated-" + globus.Secret(refreshToken),
		ExpiresAt:      time.Now().Add(48 * time.Hour),
		ResourceServer: "transfer.api.globus.org",
		Scope:          "urn:globus:auth:scope:transfer.api.globus.org:all",
		TokenType:      "Bearer",
	}, nil
}

// An authorizer that renews its token through the storage: the rotated
// refresh token is stored before the new access token is used, and a
// token that another process renewed is taken from the storage instead of
// renewed again.
func ExampleNewRefreshTokenAuthorizer() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, err := tokenstorage.OpenJSON(filepath.Join(dir, "tokens.json"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// What an earlier login stored; its access token has expired.
	_ = s.Store(ctx, authorizers.TokenData{
		AccessToken: "expired", RefreshToken: "refresh-1", ExpiresAt: time.Now().Add(-time.Minute),
		ResourceServer: "transfer.api.globus.org", IdentityID: "ae341a98-d274-11e5-b888-dbae3a8ba545",
	})

	a := tokenstorage.NewRefreshTokenAuthorizer(s, "transfer.api.globus.org", exampleLogin{})

	// A resource server that checks the token.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("the API got the renewed token:", r.Header.Get("Authorization") == "Bearer access-after-refresh-1")
	}))
	defer api.Close()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, api.URL, nil)
	if err := authorizers.RequestEditor(a)(ctx, req); err != nil {
		log.Fatal(err)
	}
	resp, err := api.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	api.Client().CloseIdleConnections()

	stored, _ := s.Get(ctx, "transfer.api.globus.org")
	fmt.Println("stored refresh token rotated:", stored.RefreshToken.Reveal() == "rotated-refresh-1")
	fmt.Println("identity kept:", stored.IdentityID)
	// Output:
	// the API got the renewed token: true
	// stored refresh token rotated: true
	// identity kept: ae341a98-d274-11e5-b888-dbae3a8ba545
}
