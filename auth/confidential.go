package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
)

// Values for the include argument of [ConfidentialAppClient.Introspect].
const (
	// IncludeIdentitySet adds identity_set: the ids of every identity in
	// the user's session.
	IncludeIdentitySet = "identity_set"
	// IncludeSessionInfo adds session_info: how and when each identity of
	// the session authenticated.
	IncludeSessionInfo = "session_info"
)

// ConfidentialAppClient is a login client for apps that keep a secret:
// services and portals. It authenticates with HTTP Basic (client ID and
// secret) on every call.
//
// It satisfies [authorizers.ConfidentialClient], so it can back both a
// [authorizers.RefreshTokenAuthorizer] and a
// [authorizers.ClientCredentialsAuthorizer]. It never prints its secret.
type ConfidentialAppClient struct {
	*loginClient
}

// NewConfidentialAppClient returns a login client for the confidential app
// clientID with secret clientSecret. It does no I/O.
func NewConfidentialAppClient(clientID, clientSecret string, opts ...Option) (*ConfidentialAppClient, error) {
	if clientSecret == "" {
		return nil, &UsageError{Op: "auth.NewConfidentialAppClient", Problem: "client secret is empty"}
	}
	lc, err := newLoginClient(clientID, authorizers.NewBasicAuthorizer(clientID, clientSecret), false, opts)
	if err != nil {
		return nil, err
	}
	return &ConfidentialAppClient{loginClient: lc}, nil
}

var _ authorizers.ConfidentialClient = (*ConfidentialAppClient)(nil)

// self returns the login client of c, nil when c is nil or zero.
func (c *ConfidentialAppClient) self() *loginClient {
	if c == nil {
		return nil
	}
	return c.loginClient
}

// StartFlow begins an authorization-code login (the three-legged flow of
// web apps). p.RedirectURI is required and must be registered for the
// client. PKCE is used only when p.PKCE is set.
func (c *ConfidentialAppClient) StartFlow(p AuthorizeParams) (*AuthorizationCodeFlow, error) {
	if err := c.self().check("ConfidentialAppClient.StartFlow"); err != nil {
		return nil, err
	}
	return c.startFlow("StartFlow", p)
}

// ClientCredentialsTokens asks for tokens for the app itself (the
// client_credentials grant), with scope set to scopes joined by single
// spaces, and returns one token per resource server, the top-level one
// first; it is what [authorizers.ConfidentialClient] needs. Most programs
// use [ConfidentialAppClient.ClientCredentials] or a
// [authorizers.ClientCredentialsAuthorizer].
func (c *ConfidentialAppClient) ClientCredentialsTokens(ctx context.Context, scopes []string) ([]authorizers.TokenData, error) {
	if err := c.self().check("ConfidentialAppClient.ClientCredentialsTokens"); err != nil {
		return nil, err
	}
	r, err := c.ClientCredentials(ctx, scopes...)
	if err != nil {
		return nil, err
	}
	toks := r.Tokens()
	out := make([]authorizers.TokenData, len(toks))
	for i, t := range toks {
		out[i] = r.tokenData(t)
	}
	return out, nil
}

// ClientCredentials asks for tokens for the app itself (the
// client_credentials grant). A failed attempt is retried like any
// idempotent call: asking twice only issues a second token.
func (c *ConfidentialAppClient) ClientCredentials(ctx context.Context, scopes ...string) (*OAuthTokenResponse, error) {
	if err := c.self().check("ConfidentialAppClient.ClientCredentials"); err != nil {
		return nil, err
	}
	scope, err := checkScopes("ClientCredentials", scopes)
	if err != nil {
		return nil, err
	}
	return c.tokens(ctx, "ClientCredentials", authapi.TokenRequest{GrantType: authapi.GrantTypeClientCredentials, Scope: scope})
}

// DependentTokenOptions tunes [ConfidentialAppClient.DependentTokens].
type DependentTokenOptions struct {
	// Scopes limits the answer to the tokens that carry these scopes.
	// Default: every dependent token the token allows.
	Scopes []string
	// RefreshTokens asks for dependent refresh tokens too
	// (access_type=offline).
	RefreshTokens bool
}

// DependentTokens trades an access token that a user presented to this
// service (a resource server) for tokens that let the service call, on the
// user's behalf, the services its scopes depend on (the Globus
// dependent-token grant). The answer is a list, one token per resource
// server; use [OAuthTokenResponse.ByResourceServer].
//
// When the user has not consented to a dependent scope, the error is a
// *globus.APIError for which [IsDependentConsentRequired] reports the
// missing scopes.
func (c *ConfidentialAppClient) DependentTokens(ctx context.Context, token string, opts DependentTokenOptions) (*OAuthTokenResponse, error) {
	if err := c.self().check("ConfidentialAppClient.DependentTokens"); err != nil {
		return nil, err
	}
	if token == "" {
		return nil, &UsageError{Op: "DependentTokens", Problem: "token is empty"}
	}
	form := authapi.TokenRequest{GrantType: authapi.GrantTypeUrnGlobusAuthGrantTypeDependentToken, Token: globus.Secret(token)}
	if len(opts.Scopes) > 0 {
		scope, err := checkScopes("DependentTokens", opts.Scopes)
		if err != nil {
			return nil, err
		}
		form.Scope = scope
	}
	if opts.RefreshTokens {
		form.AccessType = authapi.TokenRequestAccessTypeOffline
	}
	return c.tokens(ctx, "DependentTokens", form)
}

// Introspect asks Globus Auth what it knows of an access token presented
// to this service: whether it is active, its scopes, its user. include
// adds extras: [IncludeIdentitySet], [IncludeSessionInfo]. An inactive
// token is not an error: the answer has Active false.
func (c *ConfidentialAppClient) Introspect(ctx context.Context, token string, include ...string) (*authapi.TokenIntrospectResponse, error) {
	if err := c.self().check("ConfidentialAppClient.Introspect"); err != nil {
		return nil, err
	}
	if token == "" {
		return nil, &UsageError{Op: "Introspect", Problem: "token is empty"}
	}
	form := authapi.TokenIntrospectRequest{Token: globus.Secret(token)}
	if len(include) > 0 {
		for _, in := range include {
			if in == "" || strings.ContainsAny(in, ", ") {
				return nil, &UsageError{Op: "Introspect", Problem: fmt.Sprintf("include value %q is empty or holds a separator", in)}
			}
		}
		joined := strings.Join(include, ",")
		form.Include = joined
	}
	return c.api.Oauth2TokenIntrospect(sendTwiceOK(ctx, "oauth2TokenIntrospect"), form)
}

// CreateChildClient registers a new client owned by this one (a child
// client, which has no project). Either PublicClient must be true or
// ClientType set, not both, Name must be a single line, and Links needs both or neither
// of its addresses. The answer of a confidential child includes no secret:
// create one with the generated createClientCredential operation.
func (c *ConfidentialAppClient) CreateChildClient(ctx context.Context, client authapi.ClientCreate) (*authapi.ClientCreateResponse, error) {
	if err := c.self().check("ConfidentialAppClient.CreateChildClient"); err != nil {
		return nil, err
	}
	const op = "CreateChildClient"
	if strings.TrimSpace(client.Name) == "" || strings.ContainsAny(client.Name, "\r\n") {
		return nil, &UsageError{Op: op, Problem: "Name must be a non-empty single line"}
	}
	if client.PublicClient == (client.ClientType != "") {
		return nil, &UsageError{Op: op, Problem: "set either PublicClient to true or ClientType, not both"}
	}
	if client.ClientType != "" && !client.ClientType.Valid() {
		return nil, &UsageError{Op: op, Problem: fmt.Sprintf("unknown client type %q", client.ClientType)}
	}
	if l := client.Links; (l.TermsAndConditions == "") != (l.PrivacyPolicy == "") {
		return nil, &UsageError{Op: op, Problem: "Links needs both TermsAndConditions and PrivacyPolicy, or neither"}
	}
	if client.Project != "" {
		return nil, &UsageError{Op: op, Problem: "a child client belongs to no project; leave Project unset"}
	}
	return c.api.CreateClient(ctx, authapi.ClientCreateRequest{Client: client})
}

// Format prints the client's ID and base URL for every verb; the secret is
// never shown.
func (c ConfidentialAppClient) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "auth.ConfidentialAppClient{client_id: %q, client_secret: %s, base_url: %q}", c.self().ClientID(), redacted, c.self().BaseURL())
}
