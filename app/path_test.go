package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/tokenstorage"
)

// TestDefaultTokenPath checks the Python SDK's GlobusApp path with HOME
// and GLOBUS_SDK_ENVIRONMENT set by the test.
func TestDefaultTokenPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cases := []struct {
		env, name, want string
	}{
		{"", "My App", "my-app/tokens.json"},
		{"production", "My App", "my-app/tokens.json"},
		{"sandbox", "My App", "my-app/sandbox-tokens.json"},
		{"preview", "a. b", "a--b/preview-tokens.json"},
		{"", `x<y>:"/\|?*z`, "x+y++++++++z/tokens.json"},
		{"", "Tab\there\x00", "tabhere/tokens.json"},
		{"", "Ünïcode Tool", "ünïcode-tool/tokens.json"},
		{"", "console", "console/tokens.json"},
		{"", "\u00a0x", "x/tokens.json"}, // a no-break space is not printable to Python
	}
	for _, tc := range cases {
		t.Run(tc.env+"/"+tc.name, func(t *testing.T) {
			t.Setenv(globus.EnvironmentVariable, tc.env)
			got, err := app.DefaultTokenPath(tc.name, nativeID)
			want := filepath.Join(home, ".globus", "app", nativeID, filepath.FromSlash(tc.want))
			if err != nil || got != want {
				t.Errorf("DefaultTokenPath = %q, %v; want %q", got, err, want)
			}
		})
	}
	t.Setenv(globus.EnvironmentVariable, "")
	for _, bad := range []string{"", "con", "NUL", "com1", "LPT9", "com\u0661", "\x00\x01"} {
		_, err := app.DefaultTokenPath(bad, nativeID)
		var ue *globus.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("DefaultTokenPath(%q) = %v, want a *globus.UsageError", bad, err)
		}
	}
	for _, badID := range []string{"", "a/b", `a\b`, ".."} {
		if _, err := app.DefaultTokenPath("ok", badID); err == nil {
			t.Errorf("client ID %q accepted", badID)
		}
	}
	t.Setenv(globus.EnvironmentVariable, "nowhere")
	if _, err := app.DefaultTokenPath("ok", nativeID); !errors.Is(err, globus.ErrUnknownEnvironment) {
		t.Errorf("unknown environment: %v", err)
	}
}

// TestDefaultStorage: without storage options the app opens the JSON file
// at the default path, which its Login would share with a Python tool.
func TestDefaultStorage(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(globus.EnvironmentVariable, "sandbox")
	a, err := app.NewUserApp("Shared Login", nativeID)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	js, ok := a.Storage().(*tokenstorage.JSONStorage)
	want := filepath.Join(home, ".globus", "app", nativeID, "shared-login", "sandbox-tokens.json")
	if !ok || js.Path() != want {
		t.Errorf("storage = %v, want the JSON file %s", a.Storage(), want)
	}
}

// TestUsageErrors: bad arguments, options, and nil or zero apps give
// *globus.UsageError (or the package's sentinels), never a panic.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.json")
	isUsage := func(t *testing.T, err error) {
		t.Helper()
		var ue *globus.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("error = %v, want a *globus.UsageError", err)
		}
	}
	for name, opts := range map[string][]app.Option{
		"nil option":        {nil},
		"nil storage":       {app.WithStorage(nil)},
		"not an updater":    {app.WithStorage(storageOnly{tokenstorage.NewMemory()})},
		"empty path":        {app.WithTokenPath("")},
		"empty rs":          {app.WithScopes("", "s")},
		"no scope":          {app.WithScopes("x.api.globus.org")},
		"two scopes in one": {app.WithScopes("x.api.globus.org", "a b")},
		"bad brackets":      {app.WithScopes("x.api.globus.org", "a[b")},
		"unknown flow":      {app.WithLoginFlow(app.LoginFlow(7))},
		"nil browser":       {app.WithBrowser(nil)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := app.NewUserApp("n", nativeID, append([]app.Option{app.WithTokenPath(path)}, opts...)...)
			isUsage(t, err)
			_, err = app.NewClientApp("n", serviceID, "s", append([]app.Option{app.WithTokenPath(path)}, opts...)...)
			if name != "unknown flow" && name != "nil browser" {
				isUsage(t, err)
			}
		})
	}
	_, err := app.NewUserApp("", nativeID)
	isUsage(t, err)
	_, err = app.NewUserApp("n", "")
	isUsage(t, err)
	_, err = app.NewClientApp("n", serviceID, "")
	isUsage(t, err)
	_, err = app.NewClientApp("n", "", "s")
	isUsage(t, err)

	ctx := t.Context()
	for _, u := range []*app.UserApp{nil, {}} {
		_, err := u.Authorizer("x")
		isUsage(t, err)
		isUsage(t, u.Login(ctx))
		_, err = u.LoginRequired(ctx)
		isUsage(t, err)
		isUsage(t, u.LoginFor(ctx, errors.New("x")))
		isUsage(t, u.Logout(ctx))
		isUsage(t, u.Do(ctx, func(context.Context) error { return nil }))
		if u.Close() != nil || u.ClientID() != "" || u.Storage() != nil || u.ResourceServers() != nil {
			t.Error("accessors of a nil or zero UserApp")
		}
		_ = fmt.Sprint(u)
	}
	for _, c := range []*app.ClientApp{nil, {}} {
		_, err := c.Authorizer("x")
		isUsage(t, err)
		isUsage(t, c.Login(ctx))
		isUsage(t, c.Logout(ctx))
		if c.Close() != nil || c.ClientID() != "" {
			t.Error("accessors of a nil or zero ClientApp")
		}
		_ = fmt.Sprintf("%v %+v", c, c)
	}
}

// TestUnknownResourceServerAndClose covers Authorizer's refusal and the
// methods of a closed app.
func TestUnknownResourceServerAndClose(t *testing.T) {
	a, err := app.NewUserApp("n", nativeID, app.WithTokenPath(filepath.Join(t.TempDir(), "t.json")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authorizer("transfer.api.globus.org"); !errors.Is(err, app.ErrUnknownResourceServer) {
		t.Errorf("Authorizer(undeclared) = %v", err)
	}
	if _, err := a.Authorizer("auth.globus.org"); err != nil {
		t.Errorf("Authorizer(auth.globus.org), declared for openid: %v", err)
	}
	authz, _ := a.Authorizer("auth.globus.org")
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Login(t.Context()); !errors.Is(err, app.ErrClosed) {
		t.Errorf("Login after Close = %v", err)
	}
	if err := authz.SetAuthorizationHeader(t.Context(), map[string][]string{}); !errors.Is(err, app.ErrClosed) {
		t.Errorf("authorizer after Close = %v", err)
	}
	if a.Close() != nil {
		t.Error("second Close failed")
	}
}

// storageOnly hides the Update method of a storage.
type storageOnly struct{ tokenstorage.Storage }
