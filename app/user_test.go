package app_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
	"github.com/globus-go/globus/transfer"
)

// TestLocalServerFlow logs in end to end: the app listens on loopback and
// opens the "browser", which gets the fake's authorize page over HTTP and
// follows its redirect back to the app; the app checks the state,
// exchanges the code with its PKCE verifier and stores every token. Then
// the stored tokens call Transfer, a second run of the program needs no
// login, and the listener is gone.
func TestLocalServerFlow(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	path := filepath.Join(t.TempDir(), "tokens.json")
	a := w.userApp(t, path, b)
	ctx := context.Background()

	if need, err := a.LoginRequired(ctx); err != nil || !need {
		t.Fatalf("LoginRequired before any login = %v, %v; want true", need, err)
	}
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	if b.visits() != 1 {
		t.Fatalf("browser opened %d times, want 1", b.visits())
	}
	authorizeURL, page, status := b.last()
	q := authorizeURL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Port() == "" || redirect.Path != "" {
		t.Errorf("redirect_uri = %q, want http://127.0.0.1:PORT", q.Get("redirect_uri"))
	}
	if st := q.Get("state"); len(st) < 20 || st == auth.DefaultState {
		t.Errorf("state = %q, want a random one", st)
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("access_type") != "offline" {
		t.Errorf("authorize URL lacks PKCE or offline access: %s", authorizeURL)
	}
	if got := strings.Fields(q.Get("scope")); len(got) != 2 || !strings.Contains(q.Get("scope"), "openid") || !strings.Contains(q.Get("scope"), transfer.ScopeAll) {
		t.Errorf("scope = %q, want openid and %s", q.Get("scope"), transfer.ScopeAll)
	}
	if !strings.HasPrefix(q.Get("prefill_named_grant"), "App Test") {
		t.Errorf("prefill_named_grant = %q", q.Get("prefill_named_grant"))
	}
	if status != 200 || !strings.Contains(page, "Login successful") {
		t.Errorf("the browser ended on %d %q", status, page)
	}

	stored, err := a.Storage().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range []string{auth.ResourceServer, transfer.ResourceServer} {
		td, ok := stored[rs]
		if !ok || td.AccessToken == "" || td.RefreshToken == "" || !td.ExpiresAt.After(time.Now()) {
			t.Errorf("stored token for %s = %v", rs, td)
		}
	}
	authz, err := a.Authorizer(transfer.ResourceServer)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatalf("calling Transfer with the stored token: %v", err)
	}

	// The listener is closed once the login is over.
	if c, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("something still listens at %s", redirect.Host)
	}

	// A second run of the program, on the same file, logs in no more.
	a.Close()
	again := w.userApp(t, path, nil, app.WithBrowser(func(string) error {
		t.Error("the browser was opened although the stored tokens suffice")
		return errors.New("no")
	}))
	if err := again.Login(ctx); err != nil {
		t.Fatal(err)
	}
	authz2, _ := again.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz2); err != nil {
		t.Fatal(err)
	}
}

// TestLoginAgainForNewScope: Login is a no-op while the stored tokens carry
// every declared scope, and logs in again once the program declares one
// more.
func TestLoginAgainForNewScope(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	path := filepath.Join(t.TempDir(), "tokens.json")
	ctx := context.Background()
	a := w.userApp(t, path, b)
	for range 3 {
		if err := a.Login(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if b.visits() != 1 {
		t.Fatalf("3 Logins opened the browser %d times, want 1", b.visits())
	}
	a.Close()

	more := w.userApp(t, path, b, app.WithScopes(groupsRS, groupsAll))
	if need, err := more.LoginRequired(ctx); err != nil || !need {
		t.Fatalf("LoginRequired with a new scope = %v, %v", need, err)
	}
	if err := more.Login(ctx); err != nil {
		t.Fatal(err)
	}
	if b.visits() != 2 {
		t.Fatalf("browser opened %d times, want 2", b.visits())
	}
	u, _, _ := b.last()
	if !strings.Contains(u.Query().Get("scope"), groupsAll) {
		t.Errorf("the second login asked for %q", u.Query().Get("scope"))
	}
	if _, err := more.Storage().Get(ctx, groupsRS); err != nil {
		t.Errorf("no groups token stored: %v", err)
	}
	if need, _ := more.LoginRequired(ctx); need {
		t.Error("LoginRequired after the login")
	}
}

// TestLoginRequiredRules covers the three reasons for a login with a
// memory storage: no token, a missing scope, an expired token without a
// refresh token.
func TestLoginRequiredRules(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	future := time.Now().Add(time.Hour).Round(time.Second)
	past := time.Now().Add(-time.Hour).Round(time.Second)
	tok := func(rs, scope string, exp time.Time, refresh string) authorizers.TokenData {
		return authorizers.TokenData{ResourceServer: rs, Scope: scope, AccessToken: globus.Secret("at-" + rs), RefreshToken: globus.Secret(refresh), ExpiresAt: exp, TokenType: "Bearer"}
	}
	cases := []struct {
		name   string
		tokens []authorizers.TokenData
		want   bool
	}{
		{"nothing stored", nil, true},
		{"only openid", []authorizers.TokenData{tok(auth.ResourceServer, "openid", future, "rt")}, true},
		{"all valid", []authorizers.TokenData{tok(auth.ResourceServer, "openid", future, ""), tok(transfer.ResourceServer, transfer.ScopeAll, future, "")}, false},
		{"expired with refresh token", []authorizers.TokenData{tok(auth.ResourceServer, "openid", past, "rt1"), tok(transfer.ResourceServer, transfer.ScopeAll, past, "rt2")}, false},
		{"expired without refresh token", []authorizers.TokenData{tok(auth.ResourceServer, "openid", future, ""), tok(transfer.ResourceServer, transfer.ScopeAll, past, "")}, true},
		{"wrong scope", []authorizers.TokenData{tok(auth.ResourceServer, "openid", future, "rt"), tok(transfer.ResourceServer, "urn:globus:auth:scope:transfer.api.globus.org:other", future, "rt")}, true},
		{"scope with dependencies listed by name", []authorizers.TokenData{tok(auth.ResourceServer, "email openid", future, "rt"), tok(transfer.ResourceServer, transfer.ScopeAll, future, "rt")}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tokenstorage.NewMemory()
			if len(tc.tokens) > 0 {
				if err := s.Store(ctx, tc.tokens...); err != nil {
					t.Fatal(err)
				}
			}
			scope := transfer.ScopeAll
			if tc.name == "scope with dependencies listed by name" {
				scope = transfer.ScopeAllWithDataAccess(collectionID)
			}
			a, err := app.NewUserApp("rules", nativeID, app.WithStorage(s),
				app.WithScopes(transfer.ResourceServer, scope),
				app.WithAuthOptions(auth.WithBaseURL(w.fake.AuthURL())))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			got, err := a.LoginRequired(ctx)
			if err != nil || got != tc.want {
				t.Errorf("LoginRequired = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestCommandLineFlow logs in through a pipe: the app prints the authorize
// URL (with Globus Auth's code page as redirect), the "user" logs in at
// the fake and types the code back.
func TestCommandLineFlow(t *testing.T) {
	w := newWorld(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	a := w.userApp(t, "", nil, app.WithLoginFlow(app.CommandLineFlow), app.WithPrompt(inR, outW))
	done := make(chan error, 1)
	go func() { done <- a.Login(context.Background()) }()

	sc := bufio.NewScanner(outR)
	var authorizeURL string
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), w.fake.AuthURL()+"/v2/oauth2/authorize?") {
			authorizeURL = sc.Text()
			break
		}
	}
	drained := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, outR); close(drained) }()
	if authorizeURL == "" {
		t.Fatal("no authorize URL printed")
	}
	code, redirect := w.codeOf(t, authorizeURL)
	if want := w.fake.AuthURL() + "/v2/web/auth-code"; redirect != want {
		t.Errorf("redirect = %s, want %s", redirect, want)
	}
	if _, err := io.WriteString(inW, "  "+code+"  \n"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	outW.Close()
	<-drained
	if need, _ := a.LoginRequired(context.Background()); need {
		t.Error("LoginRequired after the command-line login")
	}

	// A second login that reads EOF instead of a code fails with ErrNoCode.
	inW.Close()
	if err := a.LoginFor(context.Background(), &app.LoginRequiredError{ResourceServer: transfer.ResourceServer}); !errors.Is(err, app.ErrNoCode) {
		t.Errorf("LoginFor at EOF = %v, want ErrNoCode", err)
	}
}

// TestCommandLineCancel: a login whose context ends while it waits for the
// code returns the context's error.
func TestCommandLineCancel(t *testing.T) {
	w := newWorld(t)
	inR, inW := io.Pipe()
	defer inW.Close()
	a := w.userApp(t, "", nil, app.WithLoginFlow(app.CommandLineFlow), app.WithPrompt(inR, io.Discard))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := a.Login(ctx)
	mustIs(t, err, context.DeadlineExceeded)
	if errors.Is(err, app.ErrLoginTimeout) {
		t.Errorf("the caller's deadline is reported as the login timeout: %v", err)
	}
}

// TestLoginTimeout: nobody comes back to the listener; the login ends
// after the timeout with ErrLoginTimeout and closes the listener.
func TestLoginTimeout(t *testing.T) {
	w := newWorld(t)
	var redirect string
	a := w.userApp(t, "", nil, app.WithLoginTimeout(300*time.Millisecond), app.WithBrowser(func(u string) error {
		pu, _ := url.Parse(u)
		redirect = pu.Query().Get("redirect_uri")
		return nil // the user never logs in
	}))
	start := time.Now()
	err := a.Login(context.Background())
	mustIs(t, err, app.ErrLoginTimeout)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timeout took %v", d)
	}
	ru, _ := url.Parse(redirect)
	if c, err := net.DialTimeout("tcp", ru.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("the listener at %s is still open", ru.Host)
	}

	// The command-line flow times out too.
	inR, inW := io.Pipe()
	defer inW.Close()
	cl := w.userApp(t, "", nil, app.WithLoginFlow(app.CommandLineFlow), app.WithPrompt(inR, io.Discard), app.WithLoginTimeout(200*time.Millisecond))
	mustIs(t, cl.Login(context.Background()), app.ErrLoginTimeout)
}

// TestLoginCancel: the caller's context ends while the app waits for the
// browser.
func TestLoginCancel(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	a := w.userApp(t, "", nil, app.WithBrowser(func(string) error {
		time.AfterFunc(50*time.Millisecond, cancel)
		return nil
	}))
	mustIs(t, a.Login(ctx), context.Canceled)
}

// TestBrowserFailurePrintsURL: when the browser cannot be opened, the URL
// is printed and the login goes on waiting; here the "user" copies it
// into a browser of their own.
func TestBrowserFailurePrintsURL(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	outR, outW := io.Pipe()
	a := w.userApp(t, "", nil, app.WithPrompt(nil, outW), app.WithBrowser(func(string) error { return app.ErrNoBrowser }))
	done := make(chan error, 1)
	go func() { done <- a.Login(context.Background()); outW.Close() }()
	sc := bufio.NewScanner(outR)
	sawNotice := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Could not open a browser") {
			sawNotice = true
		}
		if strings.HasPrefix(line, w.fake.AuthURL()) {
			go func() { _ = b.open(line) }()
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !sawNotice {
		t.Error("no notice that the browser could not be opened")
	}
}

// TestStateMismatch: a redirect with another state ends the login with
// ErrStateMismatch, and the code is not exchanged.
func TestStateMismatch(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	b.edit = func(u *url.URL) {
		q := u.Query()
		q.Set("state", "forged")
		u.RawQuery = q.Encode()
	}
	a := w.userApp(t, "", b)
	before := w.fake.TokensIssued()
	mustIs(t, a.Login(context.Background()), app.ErrStateMismatch)
	_, page, status := b.last()
	if status != 400 || !strings.Contains(page, "Login failed") {
		t.Errorf("browser page = %d %q", status, page)
	}
	if w.fake.TokensIssued() != before {
		t.Error("tokens were issued for a redirect with a forged state")
	}
}

// TestLoginDenied: Globus Auth sends the browser back with an error.
func TestLoginDenied(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	a := w.userApp(t, "", nil, app.WithBrowser(func(raw string) error {
		u, _ := url.Parse(raw)
		q := u.Query()
		back, _ := url.Parse(q.Get("redirect_uri"))
		back.RawQuery = url.Values{"error": {"access_denied"}, "error_description": {"The user <b>declined</b>"}, "state": {q.Get("state")}}.Encode()
		return b.open(back.String())
	}))
	err := a.Login(context.Background())
	mustIs(t, err, app.ErrLoginDenied)
	if !strings.Contains(err.Error(), "declined") {
		t.Errorf("error %q does not say why", err)
	}
	_, page, _ := b.last()
	if strings.Contains(page, "<b>") {
		t.Errorf("the landing page shows unescaped input: %q", page)
	}
}

// TestLogout revokes every stored token (the fake's introspection then
// says inactive, and the refresh token is refused) and forgets them.
func TestLogout(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	a := w.userApp(t, "", b)
	ctx := context.Background()
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	stored, err := a.Storage().All(ctx)
	if err != nil || len(stored) != 2 {
		t.Fatalf("stored = %v, %v", stored, err)
	}
	for rs, td := range stored {
		if !w.introspect(t, td.AccessToken.Reveal()) {
			t.Fatalf("the %s token is inactive before the logout", rs)
		}
	}
	authz, _ := a.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	printed := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", a, a, a, a, authz, authz, authz)
	for _, td := range stored {
		noSecret(t, printed, td.AccessToken.Reveal(), td.RefreshToken.Reveal())
	}
	if err := a.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	for rs, td := range stored {
		if w.introspect(t, td.AccessToken.Reveal()) {
			t.Errorf("the %s access token is still active", rs)
		}
		native, _ := auth.NewNativeAppClient(nativeID, auth.WithBaseURL(w.fake.AuthURL()))
		if _, err := native.RefreshTokens(ctx, td.RefreshToken.Reveal()); !auth.IsInvalidGrant(err) {
			t.Errorf("the %s refresh token still works: %v", rs, err)
		}
	}
	if left, err := a.Storage().All(ctx); err != nil || len(left) != 0 {
		t.Errorf("after Logout the storage holds %v, %v", left, err)
	}
	// The authorizer handed out before now needs a login.
	err = w.getEndpoint(t, authz)
	mustIs(t, err, app.ErrLoginRequired)
	var lre *app.LoginRequiredError
	if !errors.As(err, &lre) || lre.ResourceServer != transfer.ResourceServer {
		t.Errorf("error = %v, want a *LoginRequiredError for transfer", err)
	}
	if need, _ := a.LoginRequired(ctx); !need {
		t.Error("LoginRequired is false after Logout")
	}
}

// TestLogoutRevocationFails: Globus Auth is down; the tokens are forgotten
// all the same, and the error says which revocations failed.
func TestLogoutRevocationFails(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	a := w.userApp(t, "", b, app.WithAuthOptions(auth.WithoutRetries()))
	ctx := context.Background()
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	stored, _ := a.Storage().All(ctx)
	if _, err := w.fake.Inject(fakeglobusUnavailable("oauth2RevokeToken")); err != nil {
		t.Fatal(err)
	}
	err := a.Logout(ctx)
	var apiErr *globus.APIError
	if err == nil || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("Logout = %v, want the 503 of the revocations", err)
	}
	if n := strings.Count(err.Error(), "revoking a token"); n != 4 {
		t.Errorf("the error reports %d failed revocations, want 4: %v", n, err)
	}
	w.fake.ClearFaults()
	if left, _ := a.Storage().All(ctx); len(left) != 0 {
		t.Errorf("tokens kept after a failed revocation: %v", left)
	}
	for _, td := range stored {
		noSecret(t, err.Error(), td.AccessToken.Reveal(), td.RefreshToken.Reveal())
	}
}

// TestIdentityMismatch: the storage holds another identity's tokens; the
// login's tokens (whose id_token names the fake's user) are refused with a
// *tokenstorage.IdentityMismatchError and nothing is written. With the
// right identity, every stored token carries it.
func TestIdentityMismatch(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	ctx := context.Background()
	ids := &idTokens{sub: "6f1f5f3e-2d4c-4b7a-9a51-3f7c1e0b9d21"}
	s := tokenstorage.NewMemory()
	other := "0b7c2a55-1d3e-4f60-8a9b-c1d2e3f4a5b6"
	old := authorizers.TokenData{ResourceServer: "search.api.globus.org", AccessToken: "old", ExpiresAt: time.Now().Add(time.Hour), IdentityID: other}
	if err := s.Store(ctx, old); err != nil {
		t.Fatal(err)
	}
	a := w.userApp(t, "", b, app.WithStorage(s), app.WithAuthOptions(auth.WithTransport(ids)))
	err := a.Login(ctx)
	var mismatch *tokenstorage.IdentityMismatchError
	if !errors.As(err, &mismatch) || mismatch.StoredID != other || mismatch.NewID != ids.sub {
		t.Fatalf("Login = %v, want an IdentityMismatchError (%s, %s)", err, other, ids.sub)
	}
	if all, _ := s.All(ctx); len(all) != 1 {
		t.Errorf("the refused login wrote tokens: %v", all)
	}

	// After a logout, the same login is accepted and stores the identity
	// on every token.
	if err := a.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	all, _ := s.All(ctx)
	for rs, td := range all {
		if td.IdentityID != ids.sub {
			t.Errorf("token of %s has identity %q, want %q", rs, td.IdentityID, ids.sub)
		}
	}
	// Another user logging in now is refused.
	ids.setSub(other)
	if err := a.LoginFor(ctx, &app.LoginRequiredError{ResourceServer: transfer.ResourceServer}); !errors.As(err, &mismatch) {
		t.Errorf("login of another identity = %v, want an IdentityMismatchError", err)
	}
}

// TestStrayRequests: requests for other paths or another host name, as a
// browser's favicon request or a DNS-rebinding page make, get a 404 and do
// not end the login.
func TestStrayRequests(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	var strays []int
	a := w.userApp(t, "", nil, app.WithBrowser(func(raw string) error {
		u, _ := url.Parse(raw)
		back, _ := url.Parse(u.Query().Get("redirect_uri"))
		for _, req := range []struct{ path, host string }{{"/favicon.ico", ""}, {"/", "evil.example:" + back.Port()}} {
			r, _ := http.NewRequest(http.MethodGet, back.String()+req.path, nil)
			if req.host != "" {
				r.Host = req.host
			}
			resp, err := b.client.Do(r)
			if err != nil {
				return err
			}
			resp.Body.Close()
			strays = append(strays, resp.StatusCode)
		}
		return b.open(raw)
	}))
	if err := a.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(strays) != 2 || strays[0] != 404 || strays[1] != 404 {
		t.Errorf("stray requests got %v, want two 404s", strays)
	}
	if _, page, _ := b.last(); !strings.Contains(page, "Login successful") {
		t.Errorf("page = %q", page)
	}
}

// TestRenewalThroughStorage: with a SQLite storage this time, an access
// token that the fake expired is renewed with the stored refresh token,
// and the rotated refresh token is in the storage before the call returns;
// a second app on the same database then uses the renewed token as it is.
func TestRenewalThroughStorage(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "tokens.db")
	db, err := tokenstorage.OpenSQLite(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := w.userApp(t, "", newBrowser(t), app.WithStorage(db))
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Get(ctx, transfer.ResourceServer)
	authz, _ := a.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatal(err)
	}
	w.fake.ExpireAll()
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	after, _ := db.Get(ctx, transfer.ResourceServer)
	if after.AccessToken == before.AccessToken || after.RefreshToken == before.RefreshToken || after.RefreshToken == "" {
		t.Fatal("the renewal did not store a new access token and the rotated refresh token")
	}
	issued := w.fake.TokensIssued()
	db2, err := tokenstorage.OpenSQLite(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	other := w.userApp(t, "", nil, app.WithStorage(db2))
	authz2, _ := other.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz2); err != nil {
		t.Fatal(err)
	}
	if w.fake.TokensIssued() != issued {
		t.Error("the second app renewed a token that was still valid in the storage")
	}
}
