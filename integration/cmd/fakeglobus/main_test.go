package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// syncBuffer is a bytes.Buffer safe for the serving goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestServeDemoSeed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs syncBuffer
	ready := make(chan *fakeglobus.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"-addr", "127.0.0.1:0"}, &out, &errs, func(s *fakeglobus.Server) { ready <- s })
	}()
	var s *fakeglobus.Server
	select {
	case s = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v (%s)", err, errs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}
	banner := out.String()
	for _, want := range []string{"Auth:     " + s.AuthURL(), "Transfer: " + s.TransferURL(), "demo-secret", "alice@example.org", "Demo Share"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}
	req, _ := http.NewRequest("POST", s.AuthURL()+"/v2/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("de3c1a50-0000-4000-8000-00000000c0de", "demo-secret")
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || res.StatusCode != 200 {
		t.Fatalf("token: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
	req, _ = http.NewRequest("GET", s.TransferURL()+"/operation/endpoint/de305d54-75b4-431b-adb2-eb6b9e546014/ls?path=/data/run1/", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "a.csv") {
		t.Errorf("ls of the demo source: %d %s", res.StatusCode, body)
	}

	// SIGHUP rotates the signing key.
	before, err := s.SigningKeyID()
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "now signed with key") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after, _ := s.SigningKeyID(); after == before {
		t.Errorf("SIGHUP did not rotate the signing key (%s)", before)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop")
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("spec violations: %v", v)
	}
}

func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"users": [{"id": "x", "username": "x@example.org", "colour": "red"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	dup := filepath.Join(dir, "dup.json")
	if err := os.WriteFile(dup, []byte(`{"clients": [{"id": "a"}, {"id": "a"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var seedErr *fakeglobus.SeedError
	cases := []struct {
		args  []string
		check func(error) bool
	}{
		{[]string{"-nope"}, func(err error) bool { return err != nil }},
		{[]string{"-h"}, func(err error) bool { return errors.Is(err, flag.ErrHelp) }},
		{[]string{"extra"}, func(err error) bool { return err != nil }},
		{[]string{"-seed", filepath.Join(dir, "missing.json")}, func(err error) bool { return errors.Is(err, os.ErrNotExist) }},
		{[]string{"-seed", bad, "-addr", "127.0.0.1:0"}, func(err error) bool { return errors.As(err, &seedErr) }},
		{[]string{"-seed", dup, "-addr", "127.0.0.1:0"}, func(err error) bool { return errors.Is(err, fakeglobus.ErrExists) }},
		{[]string{"-addr", "256.0.0.1:1"}, func(err error) bool { return err != nil }},
	}
	for _, c := range cases {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a run that does start stops at once
		if err := run(ctx, c.args, io.Discard, io.Discard); !c.check(err) {
			t.Errorf("run %q: %v", c.args, err)
		}
	}
}
