package authorizers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	c *authapi.Client
}

func newExampleLoginClient(baseURL, clientID, clientSecret string) *exampleLoginClient {
	c, err := authapi.NewClient(baseURL,
		authapi.WithRequestEditorFn(authorizers.RequestEditor(authorizers.NewBasicAuthorizer(clientID, clientSecret))))
	if err != nil {
		panic(err)
	}
	return &exampleLoginClient{c: c}
}

func (l *exampleLoginClient) RefreshTokens(ctx context.Context, refreshToken string) (authorizers.TokenData, error) {
	return l.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
}

func (l *exampleLoginClient) ClientCredentialsTokens(ctx context.Context, scopes []string) ([]authorizers.TokenData, error) {
	td, err := l.token(ctx, url.Values{"grant_type": {"client_credentials"}, "scope": {strings.Join(scopes, " ")}})
	return []authorizers.TokenData{td}, err
}

func (l *exampleLoginClient) token(ctx context.Context, form url.Values) (authorizers.TokenData, error) {
	sent := time.Now()
	tr, err := l.post(ctx, form)
	if err != nil {
		return authorizers.TokenData{}, err
	}
	td := authorizers.TokenData{AccessToken: tr.AccessToken, ExpiresAt: sent.Add(time.Duration(tr.ExpiresIn) * time.Second),
		Scope: tr.Scope, ResourceServer: tr.ResourceServer, TokenType: tr.TokenType, RefreshToken: tr.RefreshToken}
	return td, nil
}

// post sends form to the token endpoint. The raw client's typed form method
// would format the globus.Secret fields of authapi.TokenRequest redacted,
// so a hand-made client encodes the form itself.
func (l *exampleLoginClient) post(ctx context.Context, form url.Values) (*authapi.TokenResponse, error) {
	resp, err := l.c.Oauth2TokenWithBody(ctx, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("token endpoint: %s", resp.Status)
	}
	var res authapi.TokenGrantResult
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return nil, err
	}
	tr, err := res.AsTokenResponse()
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
	// authorizers.BasicAuthorizer{username: "my-client-id", password: [REDACTED]}
}

func ExampleNewAccessTokenAuthorizer() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("server got:", r.Header.Get("Authorization"))
	}))
	defer srv.Close()

	a := authorizers.NewAccessTokenAuthorizer("a-token-from-somewhere")
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v0.10/endpoint_search", nil)
	if err := authorizers.RequestEditor(a)(req.Context(), req); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	fmt.Println(a)
	// Output:
	// server got: Bearer a-token-from-somewhere
	// authorizers.AccessTokenAuthorizer{access_token: [REDACTED]}
}

func ExampleNewRefreshTokenAuthorizer() {
	srv := newExampleServer()
	defer srv.Close()
	login := newExampleLoginClient(srv.URL, "client-id", "client-secret")

	a := authorizers.NewRefreshTokenAuthorizer("refresh-0", login,
		authorizers.WithOnRefresh(func(td authorizers.TokenData) {
			// Store td.RefreshToken here: Globus may have rotated it.
			fmt.Println("new token for", td.ResourceServer, "with refresh token", td.RefreshToken.Reveal())
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
	a.HandleMissingAuthorization(context.Background(), "Bearer token-1")
	h := http.Header{}
	_ = a.SetAuthorizationHeader(context.Background(), h)
	fmt.Println(h.Get("Authorization"))
	// Output:
	// Bearer token-1
	// Bearer token-1
	// Bearer token-1
	// Bearer token-2
}

// Attaching an authorizer to a generated client as a request editor: it
// sets the header on every request, but cannot retry.
func ExampleRequestEditor() {
	srv := newExampleServer()
	defer srv.Close()

	a := authorizers.NewAccessTokenAuthorizer("access-7")
	c, err := authapi.NewClient(srv.URL,
		authapi.WithRequestEditorFn(authorizers.RequestEditor(a)))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.Oauth2TokenIntrospectWithFormdataBody(context.Background(),
		authapi.TokenIntrospectRequest{Token: "some-token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	fmt.Println("status:", resp.StatusCode, "headers sent:", srv.headers())
	// Output:
	// status: 200 headers sent: [Bearer access-7]
}
