package integration_test

// The Go code blocks of README.md, each copied here verbatim so that it
// compiles against the real API; TestReadmeSnippets checks that they have
// not drifted apart and runs them against the fake.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/app"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// README: "Connect".

func newTransferClient() (*transfer.Client, error) {
	app, err := auth.NewConfidentialAppClient(os.Getenv("GLOBUS_CLIENT_ID"), os.Getenv("GLOBUS_CLIENT_SECRET"))
	if err != nil {
		return nil, err
	}
	authz := authorizers.NewClientCredentialsAuthorizer(app,
		[]string{transfer.ScopeAll},
		authorizers.WithOnRefresh(func(t authorizers.TokenData) {
			log.Printf("new token for %s, valid until %s", t.ResourceServer, t.ExpiresAt) // t prints no secret
		}))
	return transfer.NewClient(transfer.WithAuthorizer(authz))
}

// README: "Log a user in (native app)".

func loginUser(ctx context.Context, clientID string, save func(refreshToken string)) (*transfer.Client, error) {
	native, err := auth.NewNativeAppClient(clientID)
	if err != nil {
		return nil, err
	}
	flow, err := native.StartFlow(auth.AuthorizeParams{Scopes: []string{transfer.ScopeAll}, RefreshTokens: true})
	if err != nil {
		return nil, err
	}
	fmt.Println("Log in at:", flow.AuthorizeURL())
	fmt.Print("Then paste the code here: ")
	var code string
	if _, err := fmt.Scanln(&code); err != nil {
		return nil, err
	}
	tokens, err := flow.ExchangeCode(ctx, code)
	if err != nil {
		return nil, err
	}
	tok, err := tokens.ByScopes(transfer.ScopeAll)
	if err != nil {
		return nil, err
	}
	save(tok.RefreshToken.Reveal())
	// Every renewal rotates the refresh token: store each new one.
	authz := authorizers.NewRefreshTokenAuthorizer(tok.RefreshToken.Reveal(), native,
		authorizers.WithAccessToken(tok.AccessToken.Reveal(), tok.ExpiresAt),
		authorizers.WithOnRefresh(func(t authorizers.TokenData) { save(t.RefreshToken.Reveal()) }))
	return transfer.NewClient(transfer.WithAuthorizer(authz))
}

// README: "Call, and handle errors".

func makeDir(ctx context.Context, tc *transfer.Client, collection, dir string) error {
	_, err := tc.OperationMkdir(ctx, collection, transferapi.MkdirRequest{Path: dir})
	var apiErr *globus.APIError
	if errors.As(err, &apiErr) && apiErr.HasCode("ExternalError.MkdirFailed.Exists") {
		return nil // already there
	}
	return err // nil, a *globus.APIError, or a network or context error
}

// README: "Headers and bare generated clients".

func taskStatusHeader(ctx context.Context, baseURL, token, taskID string) (string, error) {
	authz := authorizers.NewAccessTokenAuthorizer(token)
	raw, err := transferapi.NewClient(baseURL, // such as transfer.DefaultBaseURL
		transferapi.WithRequestEditorFn(authorizers.RequestEditor(authz)))
	if err != nil {
		return "", err
	}
	resp, err := raw.GetTask(ctx, globus.PathSegment(taskID), nil)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	return resp.Status + " " + resp.Header.Get("Content-Type"), nil
}

// README: "Page with range-over-func".

func activeTransfers(ctx context.Context, tc *transfer.Client) ([]string, error) {
	params := &transferapi.TaskListParams{}
	filter := transfer.TaskFilter{Types: []string{transfer.TaskTypeTransfer}, Statuses: []string{transfer.StatusActive}}
	if err := filter.Apply(params); err != nil {
		return nil, err
	}
	var ids []string
	for task, err := range tc.Tasks(ctx, params) { // fetches page after page
		if err != nil {
			return nil, err
		}
		ids = append(ids, task.TaskID)
	}
	return ids, nil
}

// README: "Page with range-over-func", directory listings.

func dirSize(ctx context.Context, tc *transfer.Client, collection, dir string) (files int, bytes int64, err error) {
	params := &transferapi.OperationLsParams{Path: dir}
	for entry, err := range tc.Ls(ctx, collection, params) { // pages with limit and offset
		if err != nil {
			return files, bytes, err
		}
		if entry.Type == "file" {
			files++
			bytes += entry.Size
		}
	}
	return files, bytes, nil
}

// README: "Submit and wait".

func copyDir(ctx context.Context, tc *transfer.Client, src, dst, srcDir, dstDir string, every time.Duration) (*transferapi.Task, error) {
	td := transfer.NewTransferData(src, dst).
		SetLabel("nightly copy").
		SetSyncLevel(transfer.SyncChecksum).
		AddDirectory(srcDir, dstDir)
	res, err := tc.SubmitTransfer(ctx, td) // gets a submission id first: retries never make a second task
	if err != nil {
		return nil, err
	}
	task, err := tc.TaskWait(ctx, res.TaskID, transfer.WithPollInterval(every),
		transfer.WithProgress(func(t *transferapi.Task) {
			if t.Status != "" {
				log.Printf("%s, %d bytes so far", t.Status, t.BytesTransferred)
			}
		}))
	if err != nil {
		return task, err
	}
	for ev, err := range tc.TaskEvents(ctx, res.TaskID, nil) {
		if err != nil {
			return task, err
		}
		if ev.IsError {
			log.Printf("error event %s: %s", ev.Code, ev.Description)
		}
	}
	return task, nil
}

// README: "The fake Globus, for your own tests".

func TestCopyUnderAnOutage(t *testing.T) {
	fake := fakeglobus.Start(t, fakeglobus.Options{}) // any spec violation fails the test
	_ = fake.AddClient(fakeglobus.Client{ID: "my-app", Secret: "my-secret"})
	_ = fake.AddCollection("c0ffee00-0000-4000-8000-00000000000a", "Source")
	_ = fake.AddCollection("c0ffee00-0000-4000-8000-00000000000b", "Destination")
	_ = fake.PutFile("c0ffee00-0000-4000-8000-00000000000a", "/data/a.txt", []byte("hello"))
	// The first submission's answer is lost after the task was created.
	_, _ = fake.Inject(fakeglobus.Fault{Kind: fakeglobus.FaultBadGateway, OperationID: "submitTransfer", After: true, Count: 1})

	app, _ := auth.NewConfidentialAppClient("my-app", "my-secret", auth.WithBaseURL(fake.AuthURL()))
	authz := authorizers.NewClientCredentialsAuthorizer(app, []string{transfer.ScopeAll})
	tc, err := transfer.NewClient(transfer.WithBaseURL(fake.TransferURL()), transfer.WithAuthorizer(authz))
	if err != nil {
		t.Fatal(err)
	}
	td := transfer.NewTransferData("c0ffee00-0000-4000-8000-00000000000a", "c0ffee00-0000-4000-8000-00000000000b").
		AddFile("/data/a.txt", "/copy/a.txt")
	if _, err := tc.SubmitTransfer(t.Context(), td); err != nil {
		t.Fatal(err)
	}
	if got, _ := fake.ReadFile("c0ffee00-0000-4000-8000-00000000000b", "/copy/a.txt"); string(got) != "hello" {
		t.Errorf("copied %q", got)
	}
	if n := fake.TasksCreated(); n != 1 {
		t.Errorf("%d tasks created, want 1", n)
	}
}

// TestReadmeSnippets checks that every Go block of README.md is in this
// file word for word, and runs the ones that can run against the fake.
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) < 7 {
		t.Fatalf("README.md has %d Go blocks, want at least 7", len(blocks))
	}
	for _, b := range blocks {
		if !bytes.Contains(self, b[1]) {
			first, _, _ := strings.Cut(string(b[1]), "\n")
			t.Errorf("README.md block starting %q is not in readme_test.go word for word", first)
		}
	}
	var _ = newTransferClient // compiled, not run: it needs real credentials
	var _ = loginUser         // compiled, not run: it needs a person

	w := setup(t, fakeglobus.Options{TaskPolls: 2})
	ctx := testContext(t)
	log.SetOutput(t.Output())
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	nightly := putFiles(t, w.fake, srcID, "/nightly/", 4)

	for range 2 {
		if err := makeDir(ctx, w.tc, dstID, "/backup/"); err != nil {
			t.Fatalf("makeDir: %v", err)
		}
	}
	if err := makeDir(ctx, w.tc, dstID, "/no/such/parent/"); !transfer.IsNotFound(err) {
		t.Errorf("makeDir under a missing parent: %v, want a not-found *globus.APIError", err)
	}

	// A task left ACTIVE (TaskPolls: 2, never polled) shows up as active.
	res, err := w.tc.SubmitTransfer(ctx, transfer.NewTransferData(srcID, dstID).AddFile("/nightly/file-000.dat", "/x.dat"))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := activeTransfers(ctx, w.tc)
	if err != nil || len(ids) != 1 || ids[0] != res.TaskID {
		t.Errorf("activeTransfers = %v, %v; want [%s]", ids, err, res.TaskID)
	}

	if err := w.fake.Mkdir(srcID, "/nightly/sub/"); err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, data := range nightly {
		want += int64(len(data))
	}
	files, size, err := dirSize(ctx, w.tc, srcID, "/nightly/") // the subdirectory is not counted
	if err != nil || files != 4 || size != want {
		t.Errorf("dirSize = %d files, %d bytes, %v; want 4 files, %d bytes", files, size, err, want)
	}
	if _, _, err := dirSize(ctx, w.tc, srcID, "/no/such/dir/"); !transfer.IsNotFound(err) {
		t.Errorf("dirSize of a missing directory: %v, want a not-found error", err)
	}

	tok, err := w.authz.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := taskStatusHeader(ctx, w.fake.TransferURL(), tok.AccessToken.Reveal(), res.TaskID); err != nil || got != "200 OK application/json" {
		t.Errorf("taskStatusHeader = %q, %v; want 200 OK application/json", got, err)
	}

	task, err := copyDir(ctx, w.tc, srcID, dstID, "/nightly/", "/backup/nightly/", time.Millisecond)
	if err != nil || task.Status != transfer.StatusSucceeded {
		t.Fatalf("copyDir: %v", err)
	}
	if ok, _ := w.fake.Exists(dstID, "/backup/nightly/file-003.dat"); !ok {
		t.Errorf("copyDir did not copy")
	}
}

// README: "Environments and golang.org/x/oauth2".

func interop(ctx context.Context, authz authorizers.Authorizer) (*http.Client, *transfer.Client, error) {
	// A Globus authorizer as an oauth2.TokenSource; ctx bounds its renewals.
	src := authorizers.TokenSourceContext(ctx, authz)
	// Any oauth2.TokenSource (oauth2.Config's, clientcredentials.Config's)
	// as an authorizer. Without WithBaseURL the client follows
	// GLOBUS_SDK_ENVIRONMENT and GLOBUS_SDK_SERVICE_URL_TRANSFER.
	tc, err := transfer.NewClient(transfer.WithAuthorizer(authorizers.FromTokenSource(src)))
	if err != nil {
		return nil, nil, err
	}
	// Any http.Client, with the SDK's one retry after a 401.
	hc := &http.Client{Transport: &authorizers.Transport{Authorizer: authz}}
	return hc, tc, nil
}

// TestReadmeInterop runs interop against the fake, which the Transfer
// client finds through GLOBUS_SDK_SERVICE_URL_TRANSFER alone.
func TestReadmeInterop(t *testing.T) {
	w := setup(t, fakeglobus.Options{})
	t.Setenv("GLOBUS_SDK_ENVIRONMENT", "")
	t.Setenv("GLOBUS_SDK_SERVICE_URL_TRANSFER", w.fake.URL()+"/")
	hc, tc, err := interop(testContext(t), w.authz)
	if err != nil {
		t.Fatal(err)
	}
	if tc.BaseURL() != w.fake.TransferURL() {
		t.Fatalf("BaseURL %q; want the fake's %q", tc.BaseURL(), w.fake.TransferURL())
	}
	resp, err := tc.Raw().GetSubmissionID(testContext(t))
	if err != nil {
		t.Fatalf("transfer client: %v", err)
	}
	_ = resp.Body.Close()
	req, _ := http.NewRequestWithContext(testContext(t), http.MethodGet, w.fake.TransferURL()+"/submission_id", nil)
	resp, err = hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("http client: %v, %v", resp, err)
	}
	_ = resp.Body.Close()
}

// README: "Log in once: the app layer".

func listAsUser(ctx context.Context, clientID, collection string, opts ...app.Option) ([]string, error) {
	a, err := app.NewUserApp("my-tool", clientID,
		append([]app.Option{app.WithScopes(transfer.ResourceServer, transfer.ScopeAll), app.WithAutoLogin(true)}, opts...)...)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	if err := a.Login(ctx); err != nil { // opens the browser only when the stored tokens do not suffice
		return nil, err
	}
	authz, err := a.Authorizer(transfer.ResourceServer) // renews through the token file
	if err != nil {
		return nil, err
	}
	tc, err := transfer.NewClient(transfer.WithAuthorizer(authz))
	if err != nil {
		return nil, err
	}
	var names []string
	err = a.Do(ctx, func(ctx context.Context) error { // on ConsentRequired: log in for it once, run again
		names = names[:0]
		for f, err := range tc.Ls(ctx, collection, &transferapi.OperationLsParams{Path: "/~/"}) {
			if err != nil {
				return err
			}
			names = append(names, f.Name)
		}
		return nil
	})
	return names, err
}

// TestReadmeAppLayer runs listAsUser against the fake, which both clients
// find through GLOBUS_SDK_SERVICE_URL_*, with the default token file under
// a temporary HOME. The test plays the browser over HTTP. The first call
// logs in, the second finds the tokens in the file.
func TestReadmeAppLayer(t *testing.T) {
	w := setup(t, fakeglobus.Options{})
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GLOBUS_SDK_ENVIRONMENT", "")
	t.Setenv("GLOBUS_SDK_SERVICE_URL_AUTH", w.fake.AuthURL()+"/")
	t.Setenv("GLOBUS_SDK_SERVICE_URL_TRANSFER", w.fake.URL()+"/")
	if err := w.fake.PutFile(srcID, "/~/notes.txt", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	web := &http.Client{Transport: &http.Transport{}}
	defer web.CloseIdleConnections()
	logins := 0
	browser := app.WithBrowser(func(u string) error {
		logins++
		resp, err := web.Get(u) // the fake logs the user in and redirects to the app
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	})
	ctx := testContext(t)
	for range 2 {
		names, err := listAsUser(ctx, nativeAppID, srcID, browser, app.WithPrompt(nil, io.Discard))
		if err != nil || !slices.Contains(names, "notes.txt") {
			t.Fatalf("listAsUser = %v, %v", names, err)
		}
	}
	if logins != 1 {
		t.Errorf("the browser was opened %d times, want 1", logins)
	}
	path, err := app.DefaultTokenPath("my-tool", nativeAppID)
	if err != nil || !strings.HasPrefix(path, home) {
		t.Fatalf("DefaultTokenPath = %q, %v", path, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no token file at the default path: %v", err)
	}
}
