package auth_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// TestTypedNilHTTPClient checks that a nil transport given to
// WithTransport means the default transport, for every kind of client,
// instead of a panic.
func TestTypedNilHTTPClient(t *testing.T) {
	ctx := context.Background()
	f, _ := newOAuthFake(t, confID, confSecret)
	f.handle("GET /v2/api/identities", func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, authapi.IdentitiesResponse{Identities: []authapi.Identity{}})
	})
	nilClient := auth.WithTransport(nil)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()

	cc, err := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(f.URL()), nilClient)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cc.ClientCredentials(ctx, transferAll); err != nil {
		t.Errorf("confidential client: %v", err)
	}
	nc, err := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(f.URL()), nilClient)
	if err != nil || nc == nil {
		t.Fatalf("native client: %v", err)
	}
	c, err := auth.NewClient(auth.WithBaseURL(f.URL()), nilClient, auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("tok")))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := c.GetIdentities(ctx, &authapi.GetIdentitiesParams{Usernames: []string{"ada@example.org"}}); err != nil || resp == nil {
		t.Errorf("resource client: %v", err)
	}
}
