package app

import (
	"context"
	"fmt"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// ClientApp acts as itself: a confidential client (a service account)
// that gets its tokens with its own credentials (the client_credentials
// grant), keeps them in a storage, and gives authorizers that renew them.
// Build one with NewClientApp; its methods are safe for concurrent use.
type ClientApp struct {
	c  *core
	cc *auth.ConfidentialAppClient // holds the secret, and prints it redacted
}

// NewClientApp returns an app named name for the confidential client
// clientID with secret clientSecret. Its storage is chosen as for
// NewUserApp (the JSON file at DefaultTokenPath by default). It sends
// nothing: each authorizer gets its first token at its first use.
//
// It fails with a *globus.UsageError for an empty name, client ID or
// secret, or a bad option. The secret is never printed: the app prints
// redacted with every verb.
func NewClientApp(name, clientID, clientSecret string, opts ...Option) (*ClientApp, error) {
	const op = "app.NewClientApp"
	switch {
	case name == "":
		return nil, usage(op, "the app name is empty")
	case clientID == "":
		return nil, usage(op, "the client ID is empty")
	case clientSecret == "":
		return nil, usage(op, "the client secret is empty")
	}
	cfg, err := apply(op, opts)
	if err != nil {
		return nil, err
	}
	cc, err := auth.NewConfidentialAppClient(clientID, clientSecret, cfg.authOpts...)
	if err != nil {
		return nil, err
	}
	s, owns, err := openStorage(op, name, clientID, cfg)
	if err != nil {
		return nil, err
	}
	cfg.addScopes(auth.ResourceServer, auth.ScopeOpenID)
	a := &ClientApp{cc: cc}
	a.c = &core{
		typ: "ClientApp", name: name, clientID: clientID,
		storage: s, owns: owns,
		scopes: cfg.scopes, rsOrder: cfg.rsOrder,
		authzOpts: cfg.authzOpts,
		revoke:    cc.Revoke,
	}
	a.c.newInner = func(rs string, scopes []string) *authorizers.RenewingAuthorizer {
		return tokenstorage.NewClientCredentialsAuthorizer(s, rs, cc, scopes, cfg.authzOpts...)
	}
	return a, nil
}

func (a *ClientApp) check(method string) error {
	if a == nil || a.cc == nil {
		return &globus.UsageError{Op: "app.ClientApp." + method, Problem: "the app is nil or was not made by NewClientApp"}
	}
	return a.c.check("ClientApp." + method)
}

// String describes the app without its secret.
func (a *ClientApp) String() string {
	if a == nil {
		return "app.ClientApp(nil)"
	}
	return a.c.String()
}

// Format prints the String form for every verb, so that no verb shows the
// secret.
func (a *ClientApp) Format(f fmt.State, _ rune) { fmt.Fprint(f, a.String()) }

// ClientID returns the app's client ID.
func (a *ClientApp) ClientID() string {
	if a == nil || a.c == nil {
		return ""
	}
	return a.c.clientID
}

// Storage returns the storage the app keeps its tokens in.
func (a *ClientApp) Storage() Storage {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.storage
}

// ResourceServers returns the resource servers the app declared scopes
// for, sorted; auth.globus.org (for openid) is always among them.
func (a *ClientApp) ResourceServers() []string {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.resourceServers()
}

// Authorizer returns an authorizer for resourceServer that sends the
// stored access token while it is valid and otherwise gets a new one with
// client credentials for the scopes declared for resourceServer, and
// stores it, under the storage's lock: several processes sharing the
// storage use one token rather than each asking for its own. Attach it
// with transfer.WithAuthorizer or auth.WithAuthorizer. A resource server
// without declared scopes gives an error wrapping ErrUnknownResourceServer.
func (a *ClientApp) Authorizer(resourceServer string) (authorizers.Authorizer, error) {
	if err := a.check("Authorizer"); err != nil {
		return nil, err
	}
	return a.c.authorizer("ClientApp.Authorizer", resourceServer)
}

// Login gets and stores a token for every declared resource server that
// has no valid stored token. It is optional (authorizers get tokens when
// first used); call it to find out about wrong credentials at start.
func (a *ClientApp) Login(ctx context.Context) error {
	if err := a.check("Login"); err != nil {
		return err
	}
	for _, rs := range a.c.resourceServers() {
		in, err := a.c.current(rs)
		if err != nil {
			return err
		}
		if _, err := in.Token(ctx); err != nil {
			return fmt.Errorf("app.ClientApp.Login: %s: %w", rs, err)
		}
	}
	return nil
}

// Logout revokes every token stored in the app's storage namespace and
// removes them, as UserApp.Logout does.
func (a *ClientApp) Logout(ctx context.Context) error {
	if err := a.check("Logout"); err != nil {
		return err
	}
	return a.c.logout(ctx, "ClientApp.Logout")
}

// Close releases the storage when the app opened it. The app cannot be
// used afterwards.
func (a *ClientApp) Close() error {
	if a == nil {
		return nil
	}
	return a.c.close()
}
