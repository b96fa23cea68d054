package authorizers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
)

// exampleServer plays Globus Auth for the examples: a token endpoint that
// rotates refresh tokens, and an introspect endpoint that, like any
// resource server, checks the bearer token (it has revoked access-1).
type exampleServer struct {
	*httptest.Server
	mu     sync.Mutex
	issued int
	seen   []string // Authorization headers the introspect endpoint received
}

func newExampleServer() *exampleServer {
	s := &exampleServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func (s *exampleServer) headers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

func (s *exampleServer) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/v2/oauth2/token":
		s.issued++
		n := strconv.Itoa(s.issued)
		body := map[string]any{
			"access_token":    "access-" + n,
			"expires_in":      172800,
			"resource_server": "transfer.api.globus.org",
			"scope":           "urn:globus:auth:scope:transfer.api.globus.org:all",
			"token_type":      "Bearer",
		}
		if r.PostForm.Get("grant_type") == "refresh_token" {
			body["refresh_token"] = "refresh-" + n
		} else {
			body["scope"] = r.PostForm.Get("scope")
		}
		_ = json.NewEncoder(w).Encode(body)
	case "/v2/oauth2/token/introspect":
		auth := r.Header.Get("Authorization")
		s.seen = append(s.seen, auth)
		if auth == "Bearer access-1" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_token"}`))
			return
		}
		_, _ = w.Write([]byte(`{"active":true,"scope":"openid"}`))
	}
}

// exampleLoginClient reaches the token endpoint through the generated
// client, as auth.NativeAppClient and auth.ConfidentialAppClient do.
type exampleLoginClient struct {
	c *authapi.ClientWithResponses
}

func newExampleLoginClient(baseURL, clientID, clientSecret string) *exampleLoginClient {
	c, err := authapi.NewClientWithResponses(baseURL,
		authapi.WithRequestEditorFn(authorizers.RequestEditor(authorizers.NewBasicAuthorizer(clientID, clientSecret))))
	if err != nil {
		panic(err)
	}
	return &exampleLoginClient{c: c}
}

func (l *exampleLoginClient) OAuth2RefreshToken(ctx context.Context, refreshToken string) (*authapi.TokenResponse, error) {
	return l.token(ctx, authapi.TokenRequest{GrantType: "refresh_token", RefreshToken: &refreshToken})
}

func (l *exampleLoginClient) OAuth2ClientCredentialsTokens(ctx context.Context, scopes []string) (*authapi.TokenResponse, error) {
	scope := strings.Join(scopes, " ")
	return l.token(ctx, authapi.TokenRequest{GrantType: "client_credentials", Scope: &scope})
}

func (l *exampleLoginClient) token(ctx context.Context, req authapi.TokenRequest) (*authapi.TokenResponse, error) {
	resp, err := l.c.Oauth2TokenWithFormdataBodyWithResponse(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, fmt.Errorf("token endpoint: %s", resp.Status())
	}
	tr, err := resp.JSON200.AsTokenResponse()
	return &tr, err
}

func ExampleNullAuthorizer() {
	h := http.Header{"Authorization": {"Bearer leftover"}}
	_ = authorizers.NullAuthorizer{}.SetAuthorizationHeader(context.Background(), h)
	fmt.Printf("%q\n", h.Get("Authorization"))
	// Output: ""
}

func ExampleNewBasicAuthorizer() {
	a := authorizers.NewBasicAuthorizer("my-client-id", "my-client-secret")
	h := http.Header{}
	_ = a.SetAuthorizationHeader(context.Background(), h)
	fmt.Println(h.Get("Authorization"))
	fmt.Println(a) // the password is never printed
	// Output:
	// Basic bXktY2xpZW50LWlkOm15LWNsaWVudC1zZWNyZXQ=
	// BasicAuthorizer{username: "my-client-id", password: [REDACTED]}
}

func ExampleNewAccessTokenAuthorizer() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("server got:", r.Header.Get("Authorization"))
	}))
	defer srv.Close()

	a := authorizers.NewAccessTokenAuthorizer("a-token-from-somewhere")
	client := authorizers.NewDoer(a, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v0.10/endpoint_search", nil)
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	fmt.Println(a)
	// Output:
	// server got: Bearer a-token-from-somewhere
	// AccessTokenAuthorizer{access_token: [REDACTED]}
}

func ExampleNewRefreshTokenAuthorizer() {
	srv := newExampleServer()
	defer srv.Close()
	login := newExampleLoginClient(srv.URL, "client-id", "client-secret")

	a := authorizers.NewRefreshTokenAuthorizer("refresh-0", login,
		authorizers.WithOnRefresh(func(td authorizers.TokenData) {
			// Store td.RefreshToken here: Globus may have rotated it.
			fmt.Println("new token for", td.ResourceServer, "with refresh token", td.RefreshToken)
		}))
	h := http.Header{}
	if err := a.SetAuthorizationHeader(context.Background(), h); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Get("Authorization"))
	// Output:
	// new token for transfer.api.globus.org with refresh token refresh-1
	// Bearer access-1
}

func ExampleNewClientCredentialsAuthorizer() {
	srv := newExampleServer()
	defer srv.Close()
	login := newExampleLoginClient(srv.URL, "client-id", "client-secret")

	a := authorizers.NewClientCredentialsAuthorizer(login, []string{
		"urn:globus:auth:scope:transfer.api.globus.org:all",
		"https://auth.globus.org/scopes/0a1b2c3d/data_access",
	})
	td, err := a.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(td.ResourceServer)
	fmt.Println(td.Scope)
	// Output:
	// transfer.api.globus.org
	// urn:globus:auth:scope:transfer.api.globus.org:all https://auth.globus.org/scopes/0a1b2c3d/data_access
}

func ExampleNewRenewingAuthorizer() {
	// Any source of tokens can drive a RenewingAuthorizer: a secrets
	// manager, a file refreshed by another process, and so on.
	fetches := 0
	a := authorizers.NewRenewingAuthorizer(func(ctx context.Context) (authorizers.TokenData, error) {
		fetches++
		return authorizers.TokenData{
			AccessToken: globus.Secret(fmt.Sprintf("token-%d", fetches)),
			ExpiresAt:   time.Now().Add(time.Hour),
		}, nil
	}, authorizers.WithExpiryMargin(2*time.Minute))

	for range 3 {
		h := http.Header{}
		_ = a.SetAuthorizationHeader(context.Background(), h)
		fmt.Println(h.Get("Authorization"))
	}
	// After a 401 the token is dropped and the next use fetches another.
	a.HandleMissingAuthorization(context.Background(), "")
	h := http.Header{}
	_ = a.SetAuthorizationHeader(context.Background(), h)
	fmt.Println(h.Get("Authorization"))
	// Output:
	// Bearer token-1
	// Bearer token-1
	// Bearer token-1
	// Bearer token-2
}

// Attaching an authorizer to a generated client as its HTTP client: the
// Doer sets the header and, after a 401, renews the token and retries once.
func ExampleNewDoer() {
	srv := newExampleServer()
	defer srv.Close()
	login := newExampleLoginClient(srv.URL, "client-id", "client-secret")
	a := authorizers.NewRefreshTokenAuthorizer("refresh-0", login)

	c, err := authapi.NewClientWithResponses(srv.URL, authapi.WithHTTPClient(authorizers.NewDoer(a, nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.Oauth2TokenIntrospectWithFormdataBodyWithResponse(context.Background(),
		authapi.TokenIntrospectRequest{Token: "some-token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", resp.StatusCode(), "active:", resp.JSON200.Active)
	fmt.Println("headers sent:", srv.headers())
	// Output:
	// status: 200 active: true
	// headers sent: [Bearer access-1 Bearer access-2]
}

// Attaching an authorizer to a generated client as a request editor: it
// sets the header on every request, but cannot retry.
func ExampleRequestEditor() {
	srv := newExampleServer()
	defer srv.Close()

	a := authorizers.NewAccessTokenAuthorizer("access-7")
	c, err := authapi.NewClientWithResponses(srv.URL,
		authapi.WithRequestEditorFn(authorizers.RequestEditor(a)))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.Oauth2TokenIntrospectWithFormdataBodyWithResponse(context.Background(),
		authapi.TokenIntrospectRequest{Token: "some-token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", resp.StatusCode(), "headers sent:", srv.headers())
	// Output:
	// status: 200 headers sent: [Bearer access-7]
}

// A retry loop around a Doer of NewDoer gives each logical call one
// renewal allowance, so that its attempts do not each renew the token.
func ExampleWithRenewalAllowance() {
	// A resource server that rejects every token.
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()

	fetches := 0
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		fetches++
		return authorizers.TokenData{AccessToken: globus.Secret(fmt.Sprintf("token-%d", fetches)), ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	d := authorizers.NewDoer(a, srv.Client())

	// One logical call, sent three times by a retry loop.
	ctx := authorizers.WithRenewalAllowance(context.Background())
	for range 3 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := d.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		_ = resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Println("tokens fetched:", fetches)
	fmt.Println("headers sent:", seen)
	// Output:
	// tokens fetched: 2
	// headers sent: [Bearer token-1 Bearer token-2 Bearer token-2 Bearer token-2]
}
