package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// fakeNativeID is the native client of the -login walkthrough.
const fakeNativeID = "quickstart-native-app"

// loginWalkthrough shows the user app of package app against the
// in-process fake: a login through the local-server flow (the program plays
// the browser), tokens kept in a file, a second run that needs no login, a
// renewal through the file, a new scope that asks for a new login, and a
// logout.
func loginWalkthrough(ctx context.Context, out io.Writer) error {
	step := func(format string, args ...any) { fmt.Fprintf(out, "\n== "+format+"\n", args...) }

	fake := fakeglobus.New(fakeglobus.Options{Seed: 2026})
	if err := fake.Start(); err != nil {
		return err
	}
	defer fake.Close()
	if err := errors.Join(
		fake.AddClient(fakeglobus.Client{ID: fakeNativeID}),
		fake.AddCollection(fakeSrc, "Demo Source"),
		fake.PutFile(fakeSrc, fakeSrcPath+"results-01.csv", []byte("x,y\n1,2\n")),
	); err != nil {
		return err
	}
	fmt.Fprintln(out, "Using the built-in fake Globus at", fake.URL(), "to show the user app (package app)")

	dir, err := os.MkdirTemp("", "globus-go-quickstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tokenFile := filepath.Join(dir, "tokens.json")
	if p, err := app.DefaultTokenPath("quickstart", fakeNativeID); err == nil {
		fmt.Fprintf(out, "   a real tool would keep its tokens in %s (shared with the Python SDK);\n", p)
	}
	fmt.Fprintf(out, "   this demo keeps them in %s and removes it at the end\n", tokenFile)

	web := &demoBrowser{out: out, fake: fake.URL()}
	defer web.close()
	newApp := func(opts ...app.Option) (*app.UserApp, error) {
		return app.NewUserApp("quickstart", fakeNativeID, append([]app.Option{
			app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
			app.WithTokenPath(tokenFile),
			app.WithAuthOptions(auth.WithBaseURL(fake.AuthURL())),
			app.WithLoginFlow(app.LocalServerFlow),
			app.WithBrowser(web.open),
			app.WithPrompt(nil, indent{out}),
			app.WithLoginTimeout(30 * time.Second),
		}, opts...)...)
	}
	list := func(a *app.UserApp) error {
		authz, err := a.Authorizer(transfer.ResourceServer)
		if err != nil {
			return err
		}
		tc, err := transfer.NewClient(transfer.WithBaseURL(fake.TransferURL()), transfer.WithAuthorizer(authz))
		if err != nil {
			return err
		}
		n := 0
		for f, err := range tc.Ls(ctx, fakeSrc, &transferapi.OperationLsParams{Path: fakeSrcPath}) {
			if err != nil {
				return fmt.Errorf("listing: %w", err)
			}
			if n++; n == 1 {
				fmt.Fprintf(out, "   listed %s: %s (%d bytes)\n", fakeSrcPath, f.Name, f.Size)
			}
		}
		return nil
	}

	// 1. The first run logs in through the browser.
	step("Run 1: logging in with the local-server flow")
	a, err := newApp()
	if err != nil {
		return err
	}
	defer a.Close()
	need, err := a.LoginRequired(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "   login required:", need)
	if err := a.Login(ctx); err != nil {
		return fmt.Errorf("logging in: %w", err)
	}
	if err := printStored(ctx, out, a); err != nil {
		return err
	}
	if err := list(a); err != nil {
		return err
	}
	first, _ := a.Storage().Get(ctx, transfer.ResourceServer)
	if err := a.Close(); err != nil {
		return err
	}

	// 2. A later run finds the tokens in the file.
	step("Run 2: a new process with the same token file")
	a, err = newApp()
	if err != nil {
		return err
	}
	defer a.Close()
	before := web.visits
	if err := a.Login(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "   Login did nothing: the browser was opened %d times\n", web.visits-before)
	if err := list(a); err != nil {
		return err
	}

	// 3. The access token expires: the refresh token renews it, and the
	// rotated refresh token is stored before the new access token is used.
	step("The access token expires")
	fake.ExpireAll()
	fmt.Fprintln(out, "   the fake expired every access token; the next call gets a 401")
	if err := list(a); err != nil {
		return err
	}
	renewed, _ := a.Storage().Get(ctx, transfer.ResourceServer)
	fmt.Fprintf(out, "   renewed: new access token %v, rotated refresh token stored %v\n",
		renewed.AccessToken != first.AccessToken, renewed.RefreshToken != first.RefreshToken)
	if err := a.Close(); err != nil {
		return err
	}

	// 4. The program now needs one more scope: the stored tokens lack it,
	// so the next Login asks the user again.
	step("Run 3: the program declares one more scope")
	a, err = newApp(app.WithScopes("groups.api.globus.org", "urn:globus:auth:scope:groups.api.globus.org:all"))
	if err != nil {
		return err
	}
	defer a.Close()
	if need, err = a.LoginRequired(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "   login required:", need)
	if err := a.Login(ctx); err != nil {
		return err
	}
	if err := printStored(ctx, out, a); err != nil {
		return err
	}

	// 5. Logging out revokes and forgets every token.
	step("Logging out")
	if err := a.Logout(ctx); err != nil {
		return err
	}
	left, err := a.Storage().All(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   tokens left in the file: %d\n", len(left))
	err = list(a)
	if !errors.Is(err, app.ErrLoginRequired) {
		return fmt.Errorf("a call after the logout gave %v, not a login-required error", err)
	}
	fmt.Fprintln(out, "   the next call says: login required")

	if v := fake.Violations(); len(v) > 0 {
		return fmt.Errorf("the fake saw %d violations of the API specs, the first: %w", len(v), v[0])
	}
	fmt.Fprintln(out, "\nDone: every request and response matched api/*.yaml.")
	return nil
}

// printStored lists the stored tokens, which print redacted.
func printStored(ctx context.Context, out io.Writer, a *app.UserApp) error {
	all, err := a.Storage().All(ctx)
	if err != nil {
		return err
	}
	rss := make([]string, 0, len(all))
	for rs := range all {
		rss = append(rss, rs)
	}
	sort.Strings(rss)
	for _, rs := range rss {
		td := all[rs]
		fmt.Fprintf(out, "   stored %-24s scope %q, access token %v, refresh token %v\n", rs, td.Scope, td.AccessToken, td.RefreshToken)
	}
	return nil
}

// demoBrowser plays the user's browser over HTTP: it opens the authorize
// URL, where the fake logs the user in at once, and follows the redirect
// back to the app's loopback listener. It says what it does, without the
// code or the state.
type demoBrowser struct {
	out    io.Writer
	fake   string
	client *http.Client
	visits int
}

func (b *demoBrowser) open(authorizeURL string) error {
	b.visits++
	if b.client == nil {
		b.client = &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
		b.client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			fmt.Fprintf(b.out, "   [browser] redirected to %s://%s%s with a code and the state\n", req.URL.Scheme, req.URL.Host, req.URL.Path)
			return nil
		}
	}
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.out, "   [browser] opening %s%s, asking for %q\n", b.fake, u.Path, u.Query().Get("scope"))
	resp, err := b.client.Get(authorizeURL)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	result := "no result"
	for _, s := range []string{"Login successful", "Login failed"} {
		if strings.Contains(string(page), s) {
			result = s
		}
	}
	fmt.Fprintf(b.out, "   [browser] the page says: %s\n", result)
	return nil
}

func (b *demoBrowser) close() {
	if b.client != nil {
		b.client.CloseIdleConnections()
	}
}

// indent prefixes what the app writes with the walkthrough's indentation.
type indent struct{ w io.Writer }

func (i indent) Write(p []byte) (int, error) {
	s := strings.TrimRight(string(p), "\n")
	if _, err := fmt.Fprintln(i.w, "   [app] "+strings.ReplaceAll(s, "\n", "\n   [app] ")); err != nil {
		return 0, err
	}
	return len(p), nil
}
