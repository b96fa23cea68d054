package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
)

// NativeAppClient is a login client for apps that cannot keep a secret:
// command-line tools, desktop programs, notebooks. It identifies itself by
// sending client_id in the form and proves each login with PKCE.
//
// It satisfies [authorizers.LoginClient], so it can back a
// [authorizers.RefreshTokenAuthorizer].
type NativeAppClient struct {
	*loginClient
}

// NewNativeAppClient returns a login client for the native app clientID.
// It does no I/O.
func NewNativeAppClient(clientID string, opts ...Option) (*NativeAppClient, error) {
	lc, err := newLoginClient(clientID, authorizers.NullAuthorizer{}, true, opts)
	if err != nil {
		return nil, err
	}
	return &NativeAppClient{loginClient: lc}, nil
}

var _ authorizers.LoginClient = (*NativeAppClient)(nil)

// self returns the login client of c, nil when c is nil or zero.
func (c *NativeAppClient) self() *loginClient {
	if c == nil {
		return nil
	}
	return c.loginClient
}

// StartFlow begins a PKCE login: it makes a fresh verifier (unless p.PKCE
// is set) and returns the flow that builds the authorize URL and redeems
// the code. p.RedirectURI defaults to the page of Globus Auth that shows
// the code to the user.
func (c *NativeAppClient) StartFlow(p AuthorizeParams) (*AuthorizationCodeFlow, error) {
	if err := c.self().check("NativeAppClient.StartFlow"); err != nil {
		return nil, err
	}
	return c.startFlow("StartFlow", p)
}

// Format prints the client's ID and base URL for every verb.
func (c NativeAppClient) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "auth.NativeAppClient{client_id: %q, base_url: %q}", c.self().ClientID(), c.self().BaseURL())
}

// CreateNativeAppInstance registers an instance of the native app
// templateID named name, and returns it with its credential (in
// Included.ClientCredential): a confidential client of its own that this
// copy of the app can use, for example for client credentials. The secret
// in the answer is shown only once; store it safely and never log it.
func (c *NativeAppClient) CreateNativeAppInstance(ctx context.Context, templateID, name string) (*authapi.ClientCreateResponse, error) {
	const op = "auth.NativeAppClient.CreateNativeAppInstance"
	if err := c.self().check("NativeAppClient.CreateNativeAppInstance"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(templateID) == "" {
		return nil, &UsageError{Op: op, Problem: "template ID is empty"}
	}
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\r\n") {
		return nil, &UsageError{Op: op, Problem: "name must be a non-empty single line"}
	}
	body := authapi.ClientCreateRequest{Client: authapi.ClientCreate{Name: name, TemplateID: templateID}}
	return c.api.CreateClient(ctx, body)
}
