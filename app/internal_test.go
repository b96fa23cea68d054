package app

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// TestAutoFlowRule checks the rule AutoFlow decides by.
func TestAutoFlowRule(t *testing.T) {
	found := func(string) (string, error) { return "/usr/bin/xdg-open", nil }
	missing := func(string) (string, error) { return "", errors.New("not found") }
	cases := []struct {
		name string
		goos string
		env  map[string]string
		look func(string) (string, error)
		want bool
	}{
		{"linux desktop", "linux", map[string]string{"DISPLAY": ":0"}, found, true},
		{"wayland", "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, found, true},
		{"no display", "linux", nil, found, false},
		{"no xdg-open", "linux", map[string]string{"DISPLAY": ":0"}, missing, false},
		{"ssh", "linux", map[string]string{"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, found, false},
		{"ssh tty", "darwin", map[string]string{"SSH_TTY": "/dev/pts/1"}, found, false},
		{"macOS", "darwin", nil, missing, true},
		{"windows", "windows", nil, missing, true},
		{"text browser", "linux", map[string]string{"DISPLAY": ":0", "BROWSER": "/usr/bin/w3m %s:firefox"}, found, false},
		{"graphical browser", "linux", map[string]string{"DISPLAY": ":0", "BROWSER": "firefox"}, found, true},
	}
	for _, tc := range cases {
		getenv := func(k string) string { return tc.env[k] }
		if got := canOpenBrowserOn(tc.goos, getenv, tc.look); got != tc.want {
			t.Errorf("%s: canOpenBrowserOn = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestWindowsTokenPath checks the Windows form of the default path.
func TestWindowsTokenPath(t *testing.T) {
	t.Setenv("GLOBUS_SDK_ENVIRONMENT", "")
	home := func() (string, error) { return "H", nil }
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LOCALAPPDATA": "L", "APPDATA": "A"}, filepath.Join("L", "globus", "app", "cid", "x", "tokens.json")},
		{map[string]string{"APPDATA": "A"}, filepath.Join("A", "globus", "app", "cid", "x", "tokens.json")},
		{nil, filepath.Join("H", "AppData", "Local", "globus", "app", "cid", "x", "tokens.json")},
	} {
		got, err := defaultTokenPath("X", "cid", "windows", func(k string) string { return tc.env[k] }, home)
		if err != nil || got != tc.want {
			t.Errorf("defaultTokenPath(windows, %v) = %q, %v; want %q", tc.env, got, err, tc.want)
		}
	}
	if _, err := defaultTokenPath("X", "cid", "linux", func(string) string { return "" }, func() (string, error) { return "", errors.New("no home") }); err == nil {
		t.Error("no error without a home directory")
	}
}

func TestScopes(t *testing.T) {
	got := mergeScopes([]string{"openid", "a"}, "a[*x]", "openid", "b", "a", "a[*y]")
	if want := []string{"openid", "a[*x]", "b", "a[*y]"}; !slices.Equal(got, want) {
		t.Errorf("mergeScopes = %q, want %q", got, want)
	}
}

func TestLoginFlowString(t *testing.T) {
	for f, want := range map[LoginFlow]string{AutoFlow: "auto", LocalServerFlow: "local-server", CommandLineFlow: "command-line", 9: "LoginFlow(9)"} {
		if f.String() != want {
			t.Errorf("%d.String() = %q", f, f.String())
		}
	}
}
