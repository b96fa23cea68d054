package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/transfer"
)

// TestSharedWithPython: a token file that the Python SDK's GlobusApp wrote
// for the same client ID and app name (JSONTokenStorage, format 2.0,
// namespace DEFAULT, at ~/.globus/app/{client_id}/{slug}/tokens.json) is
// found and used by the Go app without a login; and the Go app's own login
// writes that same file, in that format, where Python looks for it.
func TestSharedWithPython(t *testing.T) {
	w := newWorld(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(globus.EnvironmentVariable, "")
	ctx := context.Background()
	pyPath := filepath.Join(home, ".globus", "app", nativeID, "my-py-tool", "tokens.json")

	authTok, err := w.fake.IssueToken(nativeID, "openid")
	if err != nil {
		t.Fatal(err)
	}
	transferTok, err := w.fake.IssueToken(nativeID, transfer.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(47 * time.Hour).Unix()
	const identity = "6f1f5f3e-2d4c-4b7a-9a51-3f7c1e0b9d21"
	file := fmt.Sprintf(`{"data": {"DEFAULT": {
  "auth.globus.org": {"resource_server": "auth.globus.org", "identity_id": %q, "scope": "openid", "access_token": %q, "refresh_token": null, "expires_at_seconds": %d, "token_type": "Bearer"},
  "transfer.api.globus.org": {"resource_server": "transfer.api.globus.org", "identity_id": %q, "scope": %q, "access_token": %q, "refresh_token": null, "expires_at_seconds": %d, "token_type": "Bearer"}}},
 "format_version": "2.0", "globus-sdk.version": "4.9.0"}`, identity, authTok, exp, identity, transfer.ScopeAll, transferTok, exp)
	if err := os.MkdirAll(filepath.Dir(pyPath), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pyPath, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}

	a, err := app.NewUserApp("My Py Tool", nativeID, // Python's slug: my-py-tool
		app.WithLoginTimeout(5*time.Second),
		app.WithScopes(transfer.ResourceServer, transfer.ScopeAll),
		app.WithAuthOptions(auth.WithBaseURL(w.fake.AuthURL())),
		app.WithBrowser(func(string) error { t.Error("browser opened although Python's tokens suffice"); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Login(ctx); err != nil {
		t.Fatal(err)
	}
	authz, _ := a.Authorizer(transfer.ResourceServer)
	if err := w.getEndpoint(t, authz); err != nil {
		t.Fatalf("calling Transfer with Python's token: %v", err)
	}

	// The other way: a Go login writes the file Python reads.
	if err := a.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	goApp := w.userApp(t, "", newBrowser(t), app.WithStorage(a.Storage()))
	if err := goApp.Login(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(pyPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		FormatVersion string                               `json:"format_version"`
		Data          map[string]map[string]map[string]any `json:"data"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	entry := doc.Data["DEFAULT"][transfer.ResourceServer]
	if doc.FormatVersion != "2.0" || entry["access_token"] == nil || entry["refresh_token"] == nil ||
		entry["scope"] != transfer.ScopeAll || entry["resource_server"] != transfer.ResourceServer {
		t.Errorf("the file Python would read: %s", raw)
	}
	if _, ok := entry["expires_at_seconds"].(float64); !ok {
		t.Errorf("expires_at_seconds = %v", entry["expires_at_seconds"])
	}
}
