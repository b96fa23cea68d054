package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/spectest"
)

// exampleGlobusAuth starts a fake Globus Auth for the examples: the OAuth2
// endpoints of one client and an identities directory, behind the spec
// validator (a violation is printed, which fails the example).
func exampleGlobusAuth(clientID, secret string) (*httptest.Server, *oauthServer) {
	v, err := spectest.Auth()
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(v.Middleware(mux, func(err error) { fmt.Println("spec violation:", err) }))
	o := newOAuthServer(clientID, secret)
	o.register(srv.URL, mux)
	mux.HandleFunc("GET /v2/api/identities", (&identityDirectory{}).serve)
	return srv, o
}

// A command-line tool logs its user in with the PKCE flow, asking for
// refresh tokens so that it need not log in again.
func ExampleNativeAppClient_StartFlow() {
	ctx := context.Background()
	globusAuth, loginPage := exampleGlobusAuth(nativeID, "")
	defer globusAuth.Close()

	client, err := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(globusAuth.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	flow, err := client.StartFlow(auth.AuthorizeParams{
		Scopes:        []string{"openid", "urn:globus:auth:scope:transfer.api.globus.org:all"},
		RefreshTokens: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	loginURL, _ := url.Parse(flow.AuthorizeURL())
	fmt.Println("log in at:", loginURL.Path)
	fmt.Println("code_challenge_method:", loginURL.Query().Get("code_challenge_method"))

	// The user opens the URL, logs in, and pastes back the code that the
	// auth-code page shows; here the fake plays the user.
	code, _, err := loginPage.Authorize(flow.AuthorizeURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	tokens, err := flow.ExchangeCode(ctx, code)
	if err != nil {
		fmt.Println(err)
		return
	}
	byRS := tokens.ByResourceServer()
	for _, rs := range tokens.ResourceServers() {
		fmt.Printf("%s: scope %q, refresh token: %t\n", rs, byRS[rs].Scope, byRS[rs].RefreshToken != "")
	}

	// The refresh token then keeps a Transfer token fresh.
	transfer := authorizers.NewRefreshTokenAuthorizer(byRS["transfer.api.globus.org"].RefreshToken.Reveal(), client)
	h := http.Header{}
	if err := transfer.SetAuthorizationHeader(ctx, h); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("authorized:", h.Get("Authorization") != "")
	// Output:
	// log in at: /v2/oauth2/authorize
	// code_challenge_method: S256
	// auth.globus.org: scope "openid", refresh token: true
	// transfer.api.globus.org: scope "urn:globus:auth:scope:transfer.api.globus.org:all", refresh token: true
	// authorized: true
}

// A service gets tokens for itself with its client ID and secret.
func ExampleConfidentialAppClient_ClientCredentials() {
	ctx := context.Background()
	globusAuth, _ := exampleGlobusAuth(confID, confSecret)
	defer globusAuth.Close()

	client, err := auth.NewConfidentialAppClient(confID, confSecret, auth.WithBaseURL(globusAuth.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	tokens, err := client.ClientCredentials(ctx, "urn:globus:auth:scope:transfer.api.globus.org:all")
	if err != nil {
		fmt.Println(err)
		return
	}
	transfer, err := tokens.ByScopes("urn:globus:auth:scope:transfer.api.globus.org:all")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(transfer.ResourceServer, transfer.TokenType)
	fmt.Println("valid for:", transfer.ExpiresAt.Sub(tokens.ReceivedAt))

	// Usually an authorizer does this, renewing the token when needed.
	a := authorizers.NewClientCredentialsAuthorizer(client, []string{"urn:globus:auth:scope:transfer.api.globus.org:all"})
	h := http.Header{}
	if err := a.SetAuthorizationHeader(ctx, h); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("authorized:", h.Get("Authorization") != "")
	// Output:
	// transfer.api.globus.org Bearer
	// valid for: 48h0m0s
	// authorized: true
}

// An IdentityMap turns many usernames and ids into identities with few
// requests.
func ExampleIdentityMap() {
	ctx := context.Background()
	globusAuth, _ := exampleGlobusAuth(nativeID, "")
	defer globusAuth.Close()

	client, err := auth.NewClient(auth.WithBaseURL(globusAuth.URL),
		auth.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("a-token-with-view_identities")))
	if err != nil {
		fmt.Println(err)
		return
	}
	keys := []string{"user1@example.org", "user2@example.org", "00000000-0000-4000-8000-000000000003"}
	idmap := auth.NewIdentityMap(client, keys)
	for _, k := range keys {
		id, err := idmap.Get(ctx, k)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(id.Username, id.ID)
	}
	if _, err := idmap.Get(ctx, "ghost@example.org"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// user1@example.org 00000000-0000-4000-8000-000000000001
	// user2@example.org 00000000-0000-4000-8000-000000000002
	// user3@example.org 00000000-0000-4000-8000-000000000003
	// auth: identity "ghost@example.org" not found
}
