package app_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// startExampleFake starts the in-process fake Globus with a native client,
// a confidential client and a collection, as the examples use it.
func startExampleFake() *fakeglobus.Server {
	fake := fakeglobus.New(fakeglobus.Options{Seed: 7})
	if err := fake.Start(); err != nil {
		log.Fatal(err)
	}
	for _, err := range []error{
		fake.AddClient(fakeglobus.Client{ID: nativeID}),
		fake.AddClient(fakeglobus.Client{ID: serviceID, Secret: serviceKey}),
		fake.AddCollection(collectionID, "Example Collection"),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}
	return fake
}

// A command-line tool logs its user in once; later runs find the tokens in
// the file and need no login. Here the program plays the user's browser
// itself: it follows the fake's login page back to the app's loopback
// listener.
func ExampleNewUserApp() {
	fake := startExampleFake()
	defer fake.Close()
	dir, err := os.MkdirTemp("", "app-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	web := &http.Client{Transport: &http.Transport{}}
	defer web.CloseIdleConnections()
	browser := func(authorizeURL string) error {
		resp, err := web.Get(authorizeURL) // the fake logs in and redirects to the app
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}

	ctx := context.Background()
	a, err := app.NewUserApp("example tool", nativeID,
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithTokenPath(filepath.Join(dir, "tokens.json")), // default: app.DefaultTokenPath
		app.WithAuthOptions(auth.WithBaseURL(fake.AuthURL())),
		app.WithBrowser(browser),
		app.WithPrompt(nil, io.Discard))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	need, _ := a.LoginRequired(ctx)
	fmt.Println("login required:", need)
	if err := a.Login(ctx); err != nil {
		log.Fatal(err)
	}
	need, _ = a.LoginRequired(ctx)
	fmt.Println("login required:", need)

	authz, err := a.Authorizer(transfer.ResourceServer)
	if err != nil {
		log.Fatal(err)
	}
	tc, err := transfer.NewClient(transfer.WithBaseURL(fake.TransferURL()), transfer.WithAuthorizer(authz))
	if err != nil {
		log.Fatal(err)
	}
	ep, err := tc.GetEndpoint(ctx, collectionID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("collection:", ep.DisplayName)

	if err := a.Logout(ctx); err != nil {
		log.Fatal(err)
	}
	left, _ := a.Storage().All(ctx)
	fmt.Println("tokens after logout:", len(left))
	// Output:
	// login required: true
	// login required: false
	// collection: Example Collection
	// tokens after logout: 0
}

// A service acts as itself with client credentials; its token is kept in
// the storage and renewed through it.
func ExampleNewClientApp() {
	fake := startExampleFake()
	defer fake.Close()
	dir, err := os.MkdirTemp("", "app-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	a, err := app.NewClientApp("example service", serviceID, serviceKey,
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithTokenPath(filepath.Join(dir, "tokens.json")),
		app.WithAuthOptions(auth.WithBaseURL(fake.AuthURL())))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	fmt.Println(a) // never shows the secret

	authz, err := a.Authorizer(transfer.ResourceServer)
	if err != nil {
		log.Fatal(err)
	}
	tc, err := transfer.NewClient(transfer.WithBaseURL(fake.TransferURL()), transfer.WithAuthorizer(authz))
	if err != nil {
		log.Fatal(err)
	}
	ep, err := tc.GetEndpoint(ctx, collectionID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("collection:", ep.DisplayName)
	td, _ := a.Storage().Get(ctx, transfer.ResourceServer)
	fmt.Println("stored token for", td.ResourceServer, td.AccessToken)
	// Output:
	// app.ClientApp{name: "example service", client_id: 8d2c1b7a-0e4f-4a3b-8c9d-1f2e3d4c5b6a, resource_servers: [auth.globus.org transfer.api.globus.org]}
	// collection: Example Collection
	// stored token for transfer.api.globus.org [REDACTED]
}

// When Globus answers that the user must consent to more (here Transfer's
// ConsentRequired for a collection's data_access scope, with session
// requirements), LoginFor logs in with exactly what the error asks for.
func ExampleUserApp_LoginFor() {
	fake := startExampleFake()
	defer fake.Close()
	dir, err := os.MkdirTemp("", "app-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	web := &http.Client{Transport: &http.Transport{}}
	defer web.CloseIdleConnections()
	browser := func(authorizeURL string) error {
		u, _ := url.Parse(authorizeURL)
		fmt.Println("scope:", u.Query().Get("scope"))
		fmt.Println("session_required_single_domain:", u.Query().Get("session_required_single_domain"))
		resp, err := web.Get(authorizeURL)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	ctx := context.Background()
	a, err := app.NewUserApp("example tool", nativeID,
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithTokenPath(filepath.Join(dir, "tokens.json")),
		app.WithAuthOptions(auth.WithBaseURL(fake.AuthURL())),
		app.WithBrowser(browser),
		app.WithPrompt(nil, io.Discard))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	// An error as the transfer client returns it.
	body := `{"code": "ConsentRequired", "message": "Missing required data_access consent",
	  "authorization_parameters": {
	    "required_scopes": ["urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/` + collectionID + `/data_access]"],
	    "session_required_single_domain": ["example.org"]}}`
	consent := globus.NewAPIError(&http.Response{StatusCode: 403}, []byte(body))

	if err := a.LoginFor(ctx, fmt.Errorf("listing: %w", consent)); err != nil {
		log.Fatal(err)
	}
	// Output:
	// scope: openid urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/a6f165fa-aee2-4fe5-95f3-97429c28bf82/data_access]
	// session_required_single_domain: example.org
}
