// Command quickstart walks through the SDK's everyday workflow: log in with
// client credentials, make a directory, list a directory page by page,
// submit a transfer and wait for it, read the task's events, see an
// expired token renewed, and clean up with a delete task.
//
// With no configuration it starts the fake Globus of package
// integration/fakeglobus in the same process, so it needs no network and no
// account:
//
//	go run ./examples/quickstart
//
// With GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET set (a confidential client
// registered at app.globus.org), the same code talks to the real Globus
// Auth and Transfer services. It then needs two collections the client's
// identity may use, given by flags or environment variables:
//
//	GLOBUS_CLIENT_ID=... GLOBUS_CLIENT_SECRET=... go run ./examples/quickstart \
//	    -src COLLECTION_ID -src-path /some/dir/ -dst COLLECTION_ID -dst-path /~/
//
// With -login it shows the user app of package app instead, against the
// fake: a login through the local-server flow (the program plays the
// browser itself), tokens kept in a file, a second run that needs no
// login, a renewal, a new scope that asks for a new login, and a logout:
//
//	go run ./examples/quickstart -login
//
// The environment variables GLOBUS_SRC_COLLECTION, GLOBUS_SRC_PATH,
// GLOBUS_DST_COLLECTION and GLOBUS_DST_PATH stand in for the flags.
// The program never prints a token or the client secret.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// The fake's setup: a confidential client, two collections, and a source
// directory holding enough files that listing it takes several pages.
const (
	fakeClientID   = "quickstart-app"
	fakeSrc        = "a6f165fa-aee2-4fe5-95f3-97429c28bf82"
	fakeDst        = "b2d7e6f4-2c1e-4b8f-9f3a-0c5d8e7a1b44"
	fakeSrcPath    = "/projects/demo/"
	fakeDstPath    = "/~/"
	fakeFiles      = 23
	fakePageSize   = 10
	realPageSize   = 1000
	fakePollPeriod = 50 * time.Millisecond
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Args[1:], os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		var apiErr *globus.APIError
		if errors.As(err, &apiErr) && apiErr.RequestID != "" {
			fmt.Fprintln(os.Stderr, "quickstart: Globus request id:", apiErr.RequestID)
		}
		os.Exit(1)
	}
}

// config is what the program runs against.
type config struct {
	clientID, clientSecret string
	authURL, transferURL   string // "" means the SDK's defaults
	scope                  string
	src, srcPath           string
	dst, dstPath           string
	pageSize               int
	poll                   time.Duration
	fake                   *fakeglobus.Server // nil against the real services
}

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, out io.Writer, args []string, getenv func(string) string) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	src := fs.String("src", getenv("GLOBUS_SRC_COLLECTION"), "source collection id (real services only; env GLOBUS_SRC_COLLECTION)")
	srcPath := fs.String("src-path", getenv("GLOBUS_SRC_PATH"), "source directory, copied recursively (env GLOBUS_SRC_PATH)")
	dst := fs.String("dst", getenv("GLOBUS_DST_COLLECTION"), "destination collection id (env GLOBUS_DST_COLLECTION)")
	dstPath := fs.String("dst-path", getenv("GLOBUS_DST_PATH"), "destination directory in which a new directory is made (env GLOBUS_DST_PATH; default /~/)")
	login := fs.Bool("login", false, "show the user app instead (package app: log in once through a browser, keep the tokens in a file, renew, log out), against the built-in fake")
	scope := fs.String("scope", transfer.ScopeAll, "Transfer scope to ask for. GCS v5 mapped collections need their data_access scope as a dependency: pass what transfer.ScopeAllWithDataAccess(COLLECTION_ID) returns, the default followed by [*https://auth.globus.org/scopes/COLLECTION_ID/data_access]")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *login {
		if getenv("GLOBUS_CLIENT_ID") != "" || getenv("GLOBUS_CLIENT_SECRET") != "" {
			return errors.New("-login runs against the built-in fake only: unset GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET")
		}
		return loginWalkthrough(ctx, out)
	}

	cfg := config{
		clientID:     getenv("GLOBUS_CLIENT_ID"),
		clientSecret: getenv("GLOBUS_CLIENT_SECRET"),
		scope:        *scope,
		src:          *src, srcPath: *srcPath,
		dst: *dst, dstPath: *dstPath,
		pageSize: realPageSize,
		poll:     2 * time.Second,
	}
	switch {
	case cfg.clientID != "" && cfg.clientSecret != "":
		if cfg.src == "" || cfg.dst == "" || cfg.srcPath == "" {
			return errors.New("against the real services, give -src, -src-path and -dst (or GLOBUS_SRC_COLLECTION, GLOBUS_SRC_PATH, GLOBUS_DST_COLLECTION)")
		}
		if cfg.dstPath == "" {
			cfg.dstPath = "/~/"
		}
		fmt.Fprintln(out, "Using the real Globus services as client", cfg.clientID)
	case cfg.clientID != "" || cfg.clientSecret != "":
		return errors.New("set both GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET, or neither to use the built-in fake")
	default:
		fake, err := startFake(&cfg)
		if err != nil {
			return err
		}
		defer fake.Close()
		fmt.Fprintln(out, "Using the built-in fake Globus at", fake.URL(), "(set GLOBUS_CLIENT_ID and GLOBUS_CLIENT_SECRET for the real one)")
	}
	return walkthrough(ctx, out, cfg)
}

// startFake starts the in-process fake with a client, two collections and
// a directory of files, and points cfg at it.
func startFake(cfg *config) (*fakeglobus.Server, error) {
	// A task stays ACTIVE for three polls, so that the progress lines show.
	fake := fakeglobus.New(fakeglobus.Options{TaskPolls: 3, Seed: 2026})
	if err := fake.Start(); err != nil {
		return nil, err
	}
	secret := fmt.Sprintf("fake-secret-%d", time.Now().UnixNano())
	setup := []error{
		fake.AddClient(fakeglobus.Client{ID: fakeClientID, Secret: secret}),
		fake.AddCollection(fakeSrc, "Demo Source"),
		fake.AddCollection(fakeDst, "Demo Destination"),
	}
	for i := 1; i <= fakeFiles; i++ {
		name := fmt.Sprintf("%sresults-%02d.csv", fakeSrcPath, i)
		setup = append(setup, fake.PutFile(fakeSrc, name, []byte(strings.Repeat("x,y\n", 16*i))))
	}
	if err := errors.Join(setup...); err != nil {
		fake.Close()
		return nil, err
	}
	*cfg = config{
		clientID: fakeClientID, clientSecret: secret,
		authURL: fake.AuthURL(), transferURL: fake.TransferURL(),
		scope: cfg.scope,
		src:   fakeSrc, srcPath: fakeSrcPath,
		dst: fakeDst, dstPath: fakeDstPath,
		pageSize: fakePageSize,
		poll:     fakePollPeriod,
		fake:     fake,
	}
	return fake, nil
}

// walkthrough is the part that is the same against the fake and the real
// services.
func walkthrough(ctx context.Context, out io.Writer, cfg config) error {
	step := func(format string, args ...any) { fmt.Fprintf(out, "\n== "+format+"\n", args...) }

	// 1. Log in: a confidential app gets tokens for itself with client
	// credentials. The authorizer fetches a token on first use and again
	// whenever it expires or Transfer rejects it.
	step("Logging in with client credentials")
	var authOpts []auth.Option
	var transferOpts []transfer.Option
	if cfg.fake != nil {
		authOpts = append(authOpts, auth.WithBaseURL(cfg.authURL))
		transferOpts = append(transferOpts, transfer.WithBaseURL(cfg.transferURL))
	}
	app, err := auth.NewConfidentialAppClient(cfg.clientID, cfg.clientSecret, authOpts...)
	if err != nil {
		return err
	}
	var renewals atomic.Int32
	authz := authorizers.NewClientCredentialsAuthorizer(app, []string{cfg.scope},
		authorizers.WithOnRefresh(func(t authorizers.TokenData) {
			n := renewals.Add(1)
			fmt.Fprintf(out, "   [auth] token #%d for %s, valid until %s\n", n, t.ResourceServer, t.ExpiresAt.UTC().Format(time.RFC3339))
		}))
	// Asking for the first token now, rather than at the first call, makes a
	// wrong client id or secret show up here.
	if _, err := authz.Token(ctx); err != nil {
		return fmt.Errorf("logging in: %w", err)
	}
	// The HTTP transport underneath counts the listing requests by status,
	// which shows how many pages a listing took and which request got 401.
	ls := &lsCounter{next: http.DefaultTransport}
	tc, err := transfer.NewClient(append(transferOpts, transfer.WithAuthorizer(authz), transfer.WithTransport(ls))...)
	if err != nil {
		return err
	}

	// 2. Make a directory on the destination.
	dir := path.Join(cfg.dstPath, fmt.Sprintf("globus-go-quickstart-%s", time.Now().UTC().Format("20060102-150405"))) + "/"
	step("Making directory %s on the destination", dir)
	if _, err := tc.OperationMkdir(ctx, cfg.dst, transferapi.MkdirRequest{Path: dir}); err != nil {
		return fmt.Errorf("mkdir: %w", err)
	}
	fmt.Fprintln(out, "   created")

	// 3. List the source directory, page by page.
	step("Listing %s on the source, %d entries per page", cfg.srcPath, cfg.pageSize)
	if err := printListing(ctx, out, tc, ls, cfg.src, cfg.srcPath, cfg.pageSize); err != nil {
		return err
	}

	// 4. Copy the source directory into the new one and wait for the task.
	step("Submitting a transfer of %s into %s", cfg.srcPath, dir)
	td := transfer.NewTransferData(cfg.src, cfg.dst).
		SetLabel("globus-go quickstart").
		SetSyncLevel(transfer.SyncChecksum).
		AddDirectory(cfg.srcPath, dir)
	res, err := tc.SubmitTransfer(ctx, td)
	if err != nil {
		return fmt.Errorf("submitting the transfer: %w", err)
	}
	taskID := res.TaskID
	fmt.Fprintf(out, "   task %s (%s)\n", taskID, res.Code)
	task, err := tc.TaskWait(ctx, taskID, transfer.WithPollInterval(cfg.poll), transfer.WithProgress(func(t *transferapi.Task) {
		fmt.Fprintf(out, "   %-9s %d/%d files, %d bytes\n", t.Status, t.SubtasksSucceeded, t.Files, t.BytesTransferred)
	}))
	if err != nil {
		return fmt.Errorf("waiting for the transfer: %w", err)
	}
	if s := task.Status; s != transfer.StatusSucceeded {
		return fmt.Errorf("the transfer ended %s", s)
	}

	// 5. The task's events, through an iterator that fetches the pages.
	step("Events of task %s, newest first", taskID)
	for ev, err := range tc.TaskEvents(ctx, taskID, nil) {
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		when := ""
		if !ev.Time.IsZero() {
			when = ev.Time.UTC().Format(time.TimeOnly)
		}
		fmt.Fprintf(out, "   %s %-10s %s\n", when, ev.Code, ev.Description)
	}

	// 6. A token that stops working: the next call gets 401, the authorizer
	// fetches a new token, and the call is sent again, all inside the SDK.
	step("Listing the new directory after the token expired")
	if cfg.fake != nil {
		cfg.fake.ExpireAll()
		fmt.Fprintln(out, "   the fake expired every token; the next call gets a 401")
	} else {
		fmt.Fprintln(out, "   (the real services cannot be told to expire a token; this call just uses the current one)")
	}
	before, unauthorized := renewals.Load(), ls.unauthorized.Load()
	if err := printListing(ctx, out, tc, ls, cfg.dst, dir, cfg.pageSize); err != nil {
		return err
	}
	if cfg.fake != nil {
		rejected := ls.unauthorized.Load() - unauthorized
		if renewals.Load() == before || rejected == 0 {
			return errors.New("the expired token was not renewed")
		}
		fmt.Fprintf(out, "   %d request got 401, was sent again with the new token, and succeeded\n", rejected)
	}

	// 7. Clean up with a delete task.
	step("Deleting %s", dir)
	dd := transfer.NewDeleteData(cfg.dst).SetRecursive(true).SetLabel("globus-go quickstart cleanup").Add(dir)
	del, err := tc.SubmitDelete(ctx, dd)
	if err != nil {
		return fmt.Errorf("submitting the delete: %w", err)
	}
	task, err = tc.TaskWait(ctx, del.TaskID, transfer.WithPollInterval(cfg.poll))
	if err != nil {
		return fmt.Errorf("waiting for the delete: %w", err)
	}
	fmt.Fprintf(out, "   task %s %s\n", del.TaskID, task.Status)

	if cfg.fake != nil {
		if counted, got := ls.ok.Load()+ls.unauthorized.Load(), int64(cfg.fake.Requests("operationLs")); counted != got {
			return fmt.Errorf("counted %d listing requests, but the fake received %d", counted, got)
		}
		if v := cfg.fake.Violations(); len(v) > 0 {
			return fmt.Errorf("the fake saw %d violations of the API specs, the first: %w", len(v), v[0])
		}
		fmt.Fprintln(out, "\nDone: every request and response matched api/*.yaml.")
	} else {
		fmt.Fprintln(out, "\nDone.")
	}
	return nil
}

// printListing prints the first entries of a directory and a summary
// line. tc.Ls asks for pageSize entries at a time and fetches the next page
// only when the loop gets to it; ls tells how many pages that took.
func printListing(ctx context.Context, out io.Writer, tc *transfer.Client, ls *lsCounter, endpoint, dir string, pageSize int) error {
	n, pagesBefore := 0, ls.ok.Load()
	for f, err := range tc.Ls(ctx, endpoint, &transferapi.OperationLsParams{Path: dir, Limit: pageSize}) {
		if err != nil {
			return fmt.Errorf("listing %s: %w", dir, err)
		}
		n++
		if n <= 3 {
			fmt.Fprintf(out, "   %-4s %-20s %6d bytes\n", f.Type, f.Name, f.Size)
		} else if n == 4 {
			fmt.Fprintln(out, "   ...")
		}
	}
	fmt.Fprintf(out, "   %d entries in %d pages\n", n, ls.ok.Load()-pagesBefore)
	return nil
}

// lsCounter is an HTTP transport that counts the directory listing
// requests (operation/endpoint/ID/ls) it sends, by outcome, and passes
// every request on to next.
type lsCounter struct {
	next         http.RoundTripper
	ok           atomic.Int64 // answered 200: one page each
	unauthorized atomic.Int64 // answered 401
}

// RoundTrip sends req with the wrapped transport and counts it.
func (c *lsCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/ls") {
		return resp, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		c.ok.Add(1)
	case http.StatusUnauthorized:
		c.unauthorized.Add(1)
	}
	return resp, nil
}
