package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// core is what UserApp and ClientApp share: the storage, the declared
// scopes and the authorizers handed out.
type core struct {
	typ       string // "UserApp" or "ClientApp", for errors
	name      string
	clientID  string
	storage   Storage
	owns      bool // the app opened storage and closes it
	scopes    map[string][]string
	rsOrder   []string // resource servers, in the order declared
	authzOpts []authorizers.Option
	revoke    func(ctx context.Context, token string) error
	// newInner builds the renewing authorizer of a resource server.
	newInner func(rs string, scopes []string) *authorizers.RenewingAuthorizer

	mu     sync.Mutex
	inner  map[string]*authorizers.RenewingAuthorizer
	closed bool
}

// check reports a nil or zero app, or one that is closed.
func (c *core) check(method string) error {
	if c == nil || c.storage == nil {
		return &globus.UsageError{Op: "app." + method, Problem: "the app is nil or was not made by its constructor"}
	}
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return fmt.Errorf("app.%s: %w", method, ErrClosed)
	}
	return nil
}

// openStorage resolves the storage options of cfg.
func openStorage(op, name, clientID string, cfg *config) (Storage, bool, error) {
	if cfg.storageSet {
		if cfg.storage == nil {
			return nil, false, usage(op, "WithStorage: the storage is nil")
		}
		s, ok := cfg.storage.(Storage)
		if !ok {
			return nil, false, usage(op, fmt.Sprintf("WithStorage: a %T is not a tokenstorage.Updater", cfg.storage))
		}
		return s, false, nil
	}
	path := cfg.path
	if path == "" {
		p, err := DefaultTokenPath(name, clientID)
		if err != nil {
			return nil, false, err
		}
		path = p
	}
	s, err := tokenstorage.OpenJSON(path)
	if err != nil {
		return nil, false, fmt.Errorf("%s: opening the token storage: %w", op, err)
	}
	return s, true, nil
}

// apply runs opts on a new config and returns it, or the usage error of
// the first bad option.
func apply(op string, opts []Option) (*config, error) {
	cfg := &config{}
	for _, o := range opts {
		if o == nil {
			return nil, usage(op, "an option is nil")
		}
		o(cfg)
	}
	if len(cfg.problems) > 0 {
		return nil, usage(op, cfg.problems[0])
	}
	return cfg, nil
}

// ResourceServers is shared by both apps' methods of that name.
func (c *core) resourceServers() []string {
	out := slices.Clone(c.rsOrder)
	sort.Strings(out)
	return out
}

func (c *core) scopesOf(rs string) []string { return slices.Clone(c.scopes[rs]) }

// allScopes returns every declared scope, resource servers in sorted
// order.
func (c *core) allScopes() []string {
	var out []string
	for _, rs := range c.resourceServers() {
		out = mergeScopes(out, c.scopes[rs]...)
	}
	return out
}

// authorizer returns the stable authorizer of rs.
func (c *core) authorizer(method, rs string) (authorizers.Authorizer, error) {
	if err := c.check(method); err != nil {
		return nil, err
	}
	if _, ok := c.scopes[rs]; !ok {
		return nil, fmt.Errorf("app.%s(%q): %w (declared: %v)", method, rs, ErrUnknownResourceServer, c.resourceServers())
	}
	return &storedAuthorizer{c: c, rs: rs}, nil
}

// current returns the renewing authorizer now in use for rs, making one
// when there is none (at first use, or after a login or logout).
func (c *core) current(rs string) (*authorizers.RenewingAuthorizer, error) {
	if err := c.check("Authorizer"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.inner[rs]; ok {
		return a, nil
	}
	if c.inner == nil {
		c.inner = map[string]*authorizers.RenewingAuthorizer{}
	}
	a := c.newInner(rs, c.scopes[rs])
	c.inner[rs] = a
	return a, nil
}

// reset drops the authorizers in use, so that the next request reads the
// storage again: after a login stored new tokens, or a logout.
func (c *core) reset() {
	c.mu.Lock()
	c.inner = nil
	c.mu.Unlock()
}

// logout revokes and forgets every token of the storage's namespace.
func (c *core) logout(ctx context.Context, method string) error {
	if err := c.check(method); err != nil {
		return err
	}
	defer c.reset()
	all, err := c.storage.All(ctx)
	if err != nil {
		return fmt.Errorf("app.%s: reading the stored tokens: %w", method, err)
	}
	rss := make([]string, 0, len(all))
	for rs := range all {
		rss = append(rss, rs)
	}
	sort.Strings(rss)
	var errs []error
	for _, rs := range rss {
		td := all[rs]
		for _, tok := range []globus.Secret{td.AccessToken, td.RefreshToken} {
			if tok == "" {
				continue
			}
			if err := c.revoke(ctx, tok.Reveal()); err != nil {
				errs = append(errs, fmt.Errorf("revoking a token of %s: %w", rs, err))
			}
		}
		if err := c.storage.Remove(ctx, rs); err != nil && !errors.Is(err, tokenstorage.ErrNotFound) {
			errs = append(errs, fmt.Errorf("forgetting the tokens of %s: %w", rs, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("app.%s: %w", method, errors.Join(errs...))
	}
	return nil
}

// close closes the storage when the app opened it.
func (c *core) close() error {
	if c == nil || c.storage == nil {
		return nil
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.inner = nil
	c.mu.Unlock()
	if c.owns {
		return c.storage.Close()
	}
	return nil
}

// String describes the app without any secret.
func (c *core) String() string {
	if c == nil {
		return "app(nil)"
	}
	return fmt.Sprintf("app.%s{name: %s, client_id: %s, resource_servers: %v}", c.typ, strconv.Quote(c.name), c.clientID, c.resourceServers())
}

// storedAuthorizer is what Authorizer returns: an authorizers.Authorizer
// for one resource server that stays valid across logins, delegating to
// the app's current renewing authorizer.
type storedAuthorizer struct {
	c  *core
	rs string
}

// SetAuthorizationHeader sets h's Authorization header from the stored
// token, renewing it when needed. A token that cannot be had without a
// new login gives a *LoginRequiredError.
func (a *storedAuthorizer) SetAuthorizationHeader(ctx context.Context, h http.Header) error {
	in, err := a.c.current(a.rs)
	if err != nil {
		return err
	}
	return loginRequired(a.rs, in.SetAuthorizationHeader(ctx, h))
}

// HandleMissingAuthorization drops the rejected token so that the next
// request renews it.
func (a *storedAuthorizer) HandleMissingAuthorization(ctx context.Context, rejected string) bool {
	in, err := a.c.current(a.rs)
	if err != nil {
		return false
	}
	return in.HandleMissingAuthorization(ctx, rejected)
}

// Token returns the current token, renewed when needed, so that
// authorizers.TokenSource gives it with its expiry.
func (a *storedAuthorizer) Token(ctx context.Context) (authorizers.TokenData, error) {
	in, err := a.c.current(a.rs)
	if err != nil {
		return authorizers.TokenData{}, err
	}
	td, err := in.Token(ctx)
	return td, loginRequired(a.rs, err)
}

// String names the authorizer's app and resource server.
func (a *storedAuthorizer) String() string {
	return "app.Authorizer{resource_server: " + strconv.Quote(a.rs) + "}"
}

// loginRequired wraps the renewal errors that only a new login resolves
// in a *LoginRequiredError.
func loginRequired(rs string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, tokenstorage.ErrNotFound) || errors.Is(err, authorizers.ErrNoRefreshToken) || auth.IsInvalidGrant(err) {
		return &LoginRequiredError{ResourceServer: rs, Err: err}
	}
	return err
}
