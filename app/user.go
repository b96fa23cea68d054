package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// UserApp acts for a person: it logs the user in through a native client
// (with PKCE), keeps the tokens in a storage, and gives authorizers that
// renew them through it. Build one with NewUserApp; its methods are safe
// for concurrent use, and logins are made one at a time.
type UserApp struct {
	c        *core
	native   *auth.NativeAppClient
	flow     LoginFlow
	browser  func(string) error // nil: the system's
	lines    *lineReader
	out      io.Writer
	timeout  time.Duration
	auto     bool
	prefill  string
	getenv   func(string) string
	lookPath func(string) (string, error)

	loginMu sync.Mutex
	logins  atomic.Uint64 // logins completed, for Do
}

// NewUserApp returns an app named name (the name of its token directory,
// see DefaultTokenPath, and of its consent) for the native client clientID.
// It opens the storage (WithStorage, WithTokenPath, or the JSON file at
// DefaultTokenPath) but sends nothing: Login logs the user in when needed.
//
// It fails with a *globus.UsageError for an empty name or client ID, a bad
// option, or a name that makes no file name, and with the storage's error
// when the token file cannot be opened. GLOBUS_SDK_ENVIRONMENT chooses the
// Globus Auth service and the token file, as in the Python SDK.
func NewUserApp(name, clientID string, opts ...Option) (*UserApp, error) {
	const op = "app.NewUserApp"
	if name == "" {
		return nil, usage(op, "the app name is empty")
	}
	if clientID == "" {
		return nil, usage(op, "the client ID is empty")
	}
	cfg, err := apply(op, opts)
	if err != nil {
		return nil, err
	}
	native, err := auth.NewNativeAppClient(clientID, cfg.authOpts...)
	if err != nil {
		return nil, err
	}
	s, owns, err := openStorage(op, name, clientID, cfg)
	if err != nil {
		return nil, err
	}
	cfg.addScopes(auth.ResourceServer, auth.ScopeOpenID)
	a := &UserApp{
		native:  native,
		flow:    cfg.flow,
		browser: cfg.browser,
		out:     cfg.out,
		timeout: cfg.timeout,
		auto:    cfg.autoLogin,
		prefill: cfg.prefill,
		getenv:  os.Getenv,
	}
	in := cfg.in
	if in == nil {
		in = os.Stdin
	}
	a.lines = &lineReader{r: bufio.NewReader(in)}
	if a.out == nil {
		a.out = os.Stderr
	}
	if a.timeout <= 0 {
		a.timeout = DefaultLoginTimeout
	}
	if !cfg.prefillSet {
		a.prefill = defaultPrefill(name)
	}
	a.c = &core{
		typ: "UserApp", name: name, clientID: clientID,
		storage: s, owns: owns,
		scopes: cfg.scopes, rsOrder: cfg.rsOrder,
		authzOpts: cfg.authzOpts,
		revoke:    native.Revoke,
	}
	a.c.newInner = func(rs string, _ []string) *authorizers.RenewingAuthorizer {
		return tokenstorage.NewRefreshTokenAuthorizer(s, rs, native, cfg.authzOpts...)
	}
	return a, nil
}

// defaultPrefill is the Python SDK's label: "NAME on HOSTNAME".
func defaultPrefill(name string) string {
	h, err := os.Hostname()
	h = strings.TrimSuffix(h, ".local")
	if err != nil || h == "" {
		return name
	}
	return name + " on " + h
}

func (a *UserApp) check(method string) error {
	if a == nil || a.native == nil {
		return &globus.UsageError{Op: "app.UserApp." + method, Problem: "the app is nil or was not made by NewUserApp"}
	}
	return a.c.check("UserApp." + method)
}

// String describes the app: its name, client ID and resource servers.
func (a *UserApp) String() string {
	if a == nil {
		return "app.UserApp(nil)"
	}
	return a.c.String()
}

// ClientID returns the app's client ID.
func (a *UserApp) ClientID() string {
	if a == nil || a.c == nil {
		return ""
	}
	return a.c.clientID
}

// Storage returns the storage the app keeps its tokens in.
func (a *UserApp) Storage() Storage {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.storage
}

// ResourceServers returns the resource servers the app declared scopes
// for, sorted; auth.globus.org (for openid) is always among them.
func (a *UserApp) ResourceServers() []string {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.resourceServers()
}

// Scopes returns the scopes declared for resourceServer, or nil.
func (a *UserApp) Scopes(resourceServer string) []string {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.scopesOf(resourceServer)
}

// Authorizer returns an authorizer for resourceServer that sends the
// stored access token and, when it nears its expiry, renews it with the
// stored refresh token through the storage
// (tokenstorage.NewRefreshTokenAuthorizer), so that every rotated refresh
// token is stored before it is used and several processes can share the
// login. Attach it with transfer.WithAuthorizer or auth.WithAuthorizer.
//
// The authorizer stays valid across logins and logouts of the app: after
// one, it reads the storage again. When the stored tokens cannot authorize
// a request without a new login (none stored, expired without a refresh
// token, or the refresh token refused), its error is a
// *LoginRequiredError. Authorizer itself does no I/O. A resource server
// without declared scopes gives an error wrapping ErrUnknownResourceServer.
func (a *UserApp) Authorizer(resourceServer string) (authorizers.Authorizer, error) {
	if err := a.check("Authorizer"); err != nil {
		return nil, err
	}
	return a.c.authorizer("UserApp.Authorizer", resourceServer)
}

// LoginRequired reports whether Login would log the user in: when, for a
// declared resource server, no token is stored, the stored token lacks a
// declared scope (compared by name, without dependent scopes), or it has
// expired (or expires within authorizers.DefaultExpiryMargin) and has no
// refresh token. A refresh token that Globus Auth would refuse is only
// found out when it is used (see LoginRequiredError).
func (a *UserApp) LoginRequired(ctx context.Context) (bool, error) {
	if err := a.check("LoginRequired"); err != nil {
		return false, err
	}
	reasons, err := a.loginReasons(ctx)
	return len(reasons) > 0, err
}

// loginReasons says, per resource server, why a login is needed.
func (a *UserApp) loginReasons(ctx context.Context) ([]string, error) {
	var reasons []string
	for _, rs := range a.c.resourceServers() {
		td, err := a.c.storage.Get(ctx, rs)
		switch {
		case errors.Is(err, tokenstorage.ErrNotFound):
			reasons = append(reasons, rs+": no token stored")
			continue
		case err != nil:
			return nil, fmt.Errorf("app.UserApp.LoginRequired: %w", err)
		}
		if m := auth.MissingScopes(td.Scope, a.c.scopes[rs]); len(m) > 0 {
			reasons = append(reasons, fmt.Sprintf("%s: the stored token lacks %s", rs, strings.Join(m, " ")))
			continue
		}
		if td.RefreshToken == "" && !time.Now().Add(authorizers.DefaultExpiryMargin).Before(td.ExpiresAt) {
			reasons = append(reasons, rs+": the stored token has expired and has no refresh token")
		}
	}
	return reasons, nil
}

// Login logs the user in when LoginRequired says so, and otherwise does
// nothing. It writes why to WithPrompt's writer. A login asks for every declared scope (and openid), with
// refresh tokens, through the app's flow (see LoginFlow), and stores every
// token of the answer, each with the identity of the answer's id_token.
//
// The storage refuses tokens of another identity than the one it holds:
// Login then fails with a *tokenstorage.IdentityMismatchError and stores
// nothing; Logout first to switch users. A login that the user does not
// finish in time fails with an error wrapping ErrLoginTimeout; one whose
// ctx ends, with ctx's error.
func (a *UserApp) Login(ctx context.Context) error {
	if err := a.check("Login"); err != nil {
		return err
	}
	a.loginMu.Lock()
	defer a.loginMu.Unlock()
	reasons, err := a.loginReasons(ctx)
	if err != nil || len(reasons) == 0 {
		return err
	}
	fmt.Fprintf(a.out, "Logging in to Globus: %s.\n", strings.Join(reasons, "; "))
	return a.login(ctx, nil)
}

// LoginFor logs the user in again so as to satisfy what err asks for:
// err is (or wraps) a *globus.APIError that carries authorization
// parameters (a Globus Auth requirements error: ConsentRequired with
// required_scopes, session_required_identities,
// session_required_single_domain, session_required_policies,
// session_required_mfa, prompt=login...), or Transfer's older
// ConsentRequired form with top-level required_scopes, or Auth's
// dependent_consent_required with unapproved_scopes, or a
// *LoginRequiredError. As in the Python SDK, authorization_parameters win
// over the older fields when both are there.
//
// The login always runs (it does not ask LoginRequired): it requests the
// declared scopes merged with the required ones (a required scope with
// dependent scopes replaces the declared scope of that name), and puts the
// session parameters and prompt in the authorize URL
// (auth.AuthorizeParams.ApplyAuthorizationParameters). An err that carries
// none of these gives an error wrapping ErrNoRequirements, and no login.
func (a *UserApp) LoginFor(ctx context.Context, err error) error {
	if cerr := a.check("LoginFor"); cerr != nil {
		return cerr
	}
	return a.loginFor(ctx, err, nil)
}

// loginFor is LoginFor. When since is not nil and a login has completed
// since *since was read, it logs in no more: another goroutine's login
// (for the same requirements, most likely) came first.
func (a *UserApp) loginFor(ctx context.Context, err error, since *uint64) error {
	ap, ok := Requirements(err)
	if !ok && !errors.Is(err, ErrLoginRequired) {
		return fmt.Errorf("app.UserApp.LoginFor: %w", ErrNoRequirements)
	}
	a.loginMu.Lock()
	defer a.loginMu.Unlock()
	if since != nil && a.logins.Load() != *since {
		return nil
	}
	return a.login(ctx, ap)
}

// Requirements returns the authorization parameters that err asks a new
// login to satisfy, and whether it asks for one: those of the
// *globus.APIError in err's chain, or, when it has none, its required
// (Transfer's ConsentRequired) or unapproved (Auth's
// dependent_consent_required) scopes as RequiredScopes. The result is a
// copy that the caller may change.
func Requirements(err error) (*globus.AuthorizationParameters, bool) {
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) || apiErr == nil {
		return nil, false
	}
	if p := apiErr.AuthorizationParameters; p != nil {
		cp := *p
		cp.SessionRequiredIdentities = append([]string(nil), p.SessionRequiredIdentities...)
		cp.SessionRequiredSingleDomain = append([]string(nil), p.SessionRequiredSingleDomain...)
		cp.SessionRequiredPolicies = append([]string(nil), p.SessionRequiredPolicies...)
		cp.RequiredScopes = append([]string(nil), p.RequiredScopes...)
		return &cp, true
	}
	if apiErr.IsConsentRequired() {
		scopes := append(append([]string(nil), apiErr.RequiredScopes...), apiErr.UnapprovedScopes...)
		if len(scopes) > 0 {
			return &globus.AuthorizationParameters{RequiredScopes: scopes}, true
		}
	}
	return nil, false
}

// Do runs fn. When fn fails for want of a login (an error that
// Requirements understands, or a *LoginRequiredError) and the app was made
// WithAutoLogin(true), Do logs in with LoginFor and runs fn once more,
// returning what that second run returns. Without WithAutoLogin, or for
// any other error, fn's error is returned as it is. A failed login is
// returned wrapped together with fn's error.
//
// Calls of Do that fail at the same time log in once: a call that finds
// that another login completed after its fn started runs fn again without
// logging in itself.
func (a *UserApp) Do(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := a.check("Do"); err != nil {
		return err
	}
	if fn == nil {
		return &globus.UsageError{Op: "app.UserApp.Do", Problem: "the function is nil"}
	}
	before := a.logins.Load()
	err := fn(ctx)
	if err == nil || !a.auto {
		return err
	}
	if _, ok := Requirements(err); !ok && !errors.Is(err, ErrLoginRequired) {
		return err
	}
	if lerr := a.loginFor(ctx, err, &before); lerr != nil {
		return fmt.Errorf("app.UserApp.Do: logging in for %w: %w", err, lerr)
	}
	return fn(ctx)
}

// Logout revokes every token stored in the app's storage namespace, access
// and refresh tokens, at Globus Auth, and removes them from the storage.
// A token that cannot be revoked (Globus Auth unreachable, say) is still
// removed: the error then reports each failed revocation, and the
// program may tell the user to remove the app's consent at
// app.globus.org. Authorizers of the app need a new Login afterwards.
func (a *UserApp) Logout(ctx context.Context) error {
	if err := a.check("Logout"); err != nil {
		return err
	}
	return a.c.logout(ctx, "UserApp.Logout")
}

// Close releases the storage when the app opened it (not one given with
// WithStorage). The app cannot be used afterwards. Close does not log out.
func (a *UserApp) Close() error {
	if a == nil {
		return nil
	}
	return a.c.close()
}

// login runs one login with the app's flow and stores its tokens. ap adds
// requirements; nil asks for the declared scopes only. a.loginMu is held.
func (a *UserApp) login(ctx context.Context, ap *globus.AuthorizationParameters) error {
	scopes := a.c.allScopes()
	p := auth.AuthorizeParams{RefreshTokens: true, PrefillNamedGrant: a.prefill}
	if ap != nil {
		scopes = mergeScopes(scopes, ap.RequiredScopes...)
		rest := *ap
		rest.RequiredScopes = nil
		p.ApplyAuthorizationParameters(&rest)
	}
	p.Scopes = scopes
	flow := a.flow
	if flow == AutoFlow {
		flow = CommandLineFlow
		if a.browser != nil || canOpenBrowser(a.getenv, a.lookPath) {
			flow = LocalServerFlow
		}
	}
	ctx, cancel := context.WithTimeoutCause(ctx, a.timeout, fmt.Errorf("%w after %v", ErrLoginTimeout, a.timeout))
	defer cancel()
	var (
		resp *auth.OAuthTokenResponse
		err  error
	)
	if flow == LocalServerFlow {
		resp, err = a.localServerLogin(ctx, p)
	} else {
		resp, err = a.commandLineLogin(ctx, p)
	}
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && errors.Is(cause, ErrLoginTimeout) {
			return fmt.Errorf("app.UserApp.Login (%s): %w", flow, cause)
		}
		return fmt.Errorf("app.UserApp.Login (%s): %w", flow, err)
	}
	tokens := resp.ByResourceServer()
	identity := ""
	for _, td := range tokens {
		if td.IdentityID != "" {
			identity = td.IdentityID
			break
		}
	}
	list := make([]authorizers.TokenData, 0, len(tokens))
	for _, rs := range sortedKeys(tokens) {
		td := tokens[rs]
		if td.IdentityID == "" {
			td.IdentityID = identity
		}
		list = append(list, td)
	}
	if err := a.c.storage.Store(ctx, list...); err != nil {
		return fmt.Errorf("app.UserApp.Login: storing the tokens: %w", err)
	}
	a.c.reset()
	a.logins.Add(1)
	return nil
}
