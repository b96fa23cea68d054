// Command fakeglobus serves the fake Globus Auth and Transfer of package
// integration/fakeglobus over HTTP, so that any client (the Python and
// JavaScript SDKs, curl, a browser) can use it:
//
//	go run ./integration/cmd/fakeglobus -addr 127.0.0.1:8765 [-seed FILE] [-v]
//
// It serves until interrupted (SIGINT or SIGTERM) and then shuts down
// cleanly; SIGHUP rotates the key that signs id_tokens (the JWKS then
// lists the new key and the one before). At start it prints the Auth and
// Transfer base URLs and the seeded clients, users and collections.
//
// The seed is a JSON file (see fakeglobus.Seed):
//
//	{
//	  "user":  {"id": "...", "username": "alice@example.org", "name": "Alice"},
//	  "users": [{"id": "...", "username": "bob@example.org"}],
//	  "clients": [{"id": "...", "secret": "..."}, {"id": "<native app, no secret>"}],
//	  "collections": [{
//	    "id": "...", "display_name": "Source", "owner": "alice@example.org",
//	    "private": false, "host_id": "<makes a guest collection>", "host_path": "/shared/",
//	    "roles": [{"identity": "bob@example.org", "role": "activity_monitor"}],
//	    "access": [{"principal_type": "identity", "identity": "bob@example.org", "path": "/", "permissions": "r"}],
//	    "dirs": ["/empty/"], "files": [{"path": "/hello.txt", "content": "hi"}]
//	  }],
//	  "task_polls": 0, "task_duration": "2s"
//	}
//
// Without -seed it uses the demo seed embedded in the command (demo.json).
// Spec violations of requests and answers are logged; -v logs every
// request.
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/globus-go/globus/integration/fakeglobus"
)

//go:embed demo.json
var demoSeed []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "fakeglobus:", err)
		os.Exit(1)
	}
}

// run serves the command line args until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return serve(ctx, args, stdout, stderr, nil)
}

// serve is run; ready, when set, gets the Server once it listens.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(*fakeglobus.Server)) error {
	fs := flag.NewFlagSet("fakeglobus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8765", "host:port to listen on (port 0 picks a free one)")
	seedFile := fs.String("seed", "", "JSON seed file (default: the embedded demo seed)")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	raw := demoSeed
	if *seedFile != "" {
		b, err := os.ReadFile(*seedFile)
		if err != nil {
			return err
		}
		raw = b
	}
	sd, err := fakeglobus.ParseSeed(raw)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts, err := sd.Options(fakeglobus.Options{Logger: logger, Report: func(error) {}})
	if err != nil {
		return err
	}
	s := fakeglobus.New(opts)
	if err := s.Apply(sd); err != nil {
		return err
	}
	if err := s.Listen(*addr); err != nil {
		return err
	}
	defer s.Close()
	printBanner(stdout, s, sd, opts.User)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if ready != nil {
		ready(s)
	}
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stdout, "fakeglobus: shutting down")
			return nil
		case <-hup:
			kid, err := s.RotateSigningKey()
			if err != nil {
				logger.Error("fakeglobus: rotating the signing key", "err", err)
				continue
			}
			fmt.Fprintln(stdout, "fakeglobus: id_tokens are now signed with key", kid)
		}
	}
}

func printBanner(w io.Writer, s *fakeglobus.Server, sd *fakeglobus.Seed, user fakeglobus.Identity) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("fakeglobus: serving the fake Globus Auth and Transfer")
	p("  Auth:     %s", s.AuthURL())
	p("  Transfer: %s", s.TransferURL())
	p("  for the Python and JavaScript SDKs: GLOBUS_SDK_SERVICE_URL_AUTH=%s GLOBUS_SDK_SERVICE_URL_TRANSFER=%s", s.AuthURL(), s.URL())
	p("clients:")
	for _, c := range sd.Clients {
		if c.Secret != "" {
			p("  %s  secret %s  (confidential)", c.ID, c.Secret)
		} else {
			p("  %s  (native app: PKCE, no secret)", c.ID)
		}
	}
	p("users (%s logs in at %s%s; login_hint=USERNAME picks another):", user.Username, s.AuthURL(), fakeglobus.AuthorizePath)
	p("  %s  %s", user.ID, user.Username)
	for _, u := range sd.Users {
		p("  %s  %s", u.ID, u.Username)
	}
	p("collections:")
	for _, c := range sd.Collections {
		p("  %s  %s", c.ID, c.DisplayName)
	}
	if len(sd.Clients) > 0 && sd.Clients[0].Secret != "" {
		p("try:")
		p("  curl -s -u %s:%s -d grant_type=client_credentials -d scope=%s %s/v2/oauth2/token",
			sd.Clients[0].ID, sd.Clients[0].Secret, fakeglobus.TransferScope, s.AuthURL())
	}
	p("stop with Ctrl-C; kill -HUP %d rotates the id_token signing key", os.Getpid())
}
