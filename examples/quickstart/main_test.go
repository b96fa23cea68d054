package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) {
	testsupport.Main(m)
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestOffline runs the whole walkthrough against the built-in fake, as
// `go run ./examples/quickstart` does, and checks what it tells the user.
func TestOffline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	if err := run(ctx, &out, nil, env(nil)); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, out.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the quickstart took %v; it should take a few seconds", d)
	}
	text := out.String()
	for _, want := range []string{
		"Using the built-in fake Globus",
		"[auth] token #1 for transfer.api.globus.org",
		"created",
		"23 entries in 3 pages",
		"SUCCEEDED 23/23 files",
		"SUCCEEDED  The task completed successfully",
		"the fake expired every token",
		"[auth] token #2 for transfer.api.globus.org",
		"1 request got 401, was sent again with the new token, and succeeded",
		"Done: every request and response matched api/*.yaml.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Both listings, the one after the forced expiry included, count only
	// the pages that were answered.
	if n := strings.Count(text, "   23 entries in 3 pages\n"); n != 2 {
		t.Errorf("%d listings of 23 entries in 3 pages, want 2", n)
	}
	if n := regexp.MustCompile(`(?m)^   ACTIVE `).FindAllString(text, -1); len(n) == 0 {
		t.Errorf("no progress line for an ACTIVE task")
	}
	if !regexp.MustCompile(`(?m)^   task [0-9a-f-]{36} SUCCEEDED$`).MatchString(text) {
		t.Errorf("the delete task's result is missing")
	}
	// The fake's tokens start with fgat_/fgrt_, and its secret with
	// fake-secret-: none may reach the output.
	for _, secret := range []string{"fgat_", "fgrt_", "fake-secret-"} {
		if strings.Contains(text, secret) {
			t.Errorf("output shows a secret (%s...)", secret)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", text)
	}
}

// TestConfigurationErrors checks that an incomplete real-service
// configuration is refused before any request is made.
func TestConfigurationErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"id without secret", map[string]string{"GLOBUS_CLIENT_ID": "x"}, nil, "set both GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET"},
		{"secret without id", map[string]string{"GLOBUS_CLIENT_SECRET": "s3cr3t"}, nil, "set both GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET"},
		{"no collections", map[string]string{"GLOBUS_CLIENT_ID": "x", "GLOBUS_CLIENT_SECRET": "s3cr3t"}, nil, "give -src, -src-path and -dst"},
		{"no source path", map[string]string{"GLOBUS_CLIENT_ID": "x", "GLOBUS_CLIENT_SECRET": "s3cr3t"}, []string{"-src", "a", "-dst", "b"}, "give -src, -src-path and -dst"},
		{"stray argument", nil, []string{"extra"}, "unexpected arguments"},
		{"unknown flag", nil, []string{"-nope"}, "flag provided but not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), &out, tc.args, env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run = %v, want an error containing %q", err, tc.want)
			}
			if strings.Contains(out.String()+err.Error(), "s3cr3t") {
				t.Errorf("the secret was printed")
			}
		})
	}
}

// TestLoginMode runs `go run ./examples/quickstart -login`: the user app
// against the built-in fake, the program playing the browser.
func TestLoginMode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	t.Setenv("HOME", t.TempDir())
	var out bytes.Buffer
	if err := run(ctx, &out, []string{"-login"}, env(nil)); err != nil {
		t.Fatalf("run -login: %v\noutput:\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"to show the user app (package app)",
		"== Run 1: logging in with the local-server flow",
		"   login required: true",
		"[browser] redirected to http://127.0.0.1:",
		"[browser] the page says: Login successful",
		"stored transfer.api.globus.org  scope \"urn:globus:auth:scope:transfer.api.globus.org:all\", access token [REDACTED], refresh token [REDACTED]",
		"listed /projects/demo/: results-01.csv (8 bytes)",
		"Login did nothing: the browser was opened 0 times",
		"renewed: new access token true, rotated refresh token stored true",
		"stored groups.api.globus.org",
		"tokens left in the file: 0",
		"the next call says: login required",
		"Done: every request and response matched api/*.yaml.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := strings.Count(text, "[browser] opening "); n != 2 {
		t.Errorf("the browser was opened %d times, want 2", n)
	}
	// Tokens (fgat_, fgrt_), codes (fgac_) and the state never show.
	for _, secret := range []string{"fgat_", "fgrt_", "fgac_", "state="} {
		if strings.Contains(text, secret) {
			t.Errorf("output shows a secret (%s...)", secret)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", text)
	}
	err := run(ctx, &out, []string{"-login"}, env(map[string]string{"GLOBUS_CLIENT_ID": "x", "GLOBUS_CLIENT_SECRET": "y"}))
	if err == nil || !strings.Contains(err.Error(), "built-in fake only") {
		t.Errorf("-login with real credentials = %v", err)
	}
}
